package dev.ferry.spi;

/** Implemented by adapter exceptions that know whether trying again may help, and what kind of failure they are. */
public interface TransferFailure {
    boolean isRetryable();

    /** True when the thing asked for does not exist (a missing image, tag or blob). */
    default boolean isNotFound() { return false; }

    /**
     * What kind of failure this is, for front ends to group, offer a retry and translate.
     * {@link ErrorKind#OTHER} means "no more than the message says": {@link Failures#kindOf}
     * then looks at the causes.
     */
    default ErrorKind kind() { return isNotFound() ? ErrorKind.NOT_FOUND : ErrorKind.OTHER; }
}
