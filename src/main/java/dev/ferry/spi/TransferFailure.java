package dev.ferry.spi;

/** Implemented by adapter exceptions that know whether trying again may help. */
public interface TransferFailure {
    boolean isRetryable();
}
