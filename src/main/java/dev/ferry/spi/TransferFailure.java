package dev.ferry.spi;

/** Implemented by adapter exceptions that know whether trying again may help. */
public interface TransferFailure {
    boolean isRetryable();

    /** True when the thing asked for does not exist (a missing image, tag or blob). */
    default boolean isNotFound() { return false; }
}
