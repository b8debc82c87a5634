package dev.ferry.daemon;

import dev.ferry.spi.TransferFailure;

import java.io.IOException;

/**
 * A docker daemon or containerd refused, failed or could not be reached. Trying the same blob
 * again does not help (the load or import it belonged to is over), so it is never retried.
 */
public class DaemonException extends IOException implements TransferFailure {
    public DaemonException(String message) {
        super(message);
    }

    public DaemonException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override public boolean isRetryable() { return false; }
}
