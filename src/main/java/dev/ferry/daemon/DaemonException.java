package dev.ferry.daemon;

import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.Failures;
import dev.ferry.spi.TransferFailure;

import java.io.IOException;

/**
 * A docker daemon or containerd refused, failed or could not be reached. Trying the same blob
 * again does not help (the load or import it belonged to is over), so it is never retried.
 * Its kind is {@link ErrorKind#DAEMON} unless it knows better: set where it is thrown (a bad
 * {@code DOCKER_HOST}), a daemon saying its disk is full, or a transfer cancelled under it.
 */
public class DaemonException extends IOException implements TransferFailure, dev.ferry.ref.Localized {
    private final ErrorKind kind;
    private final dev.ferry.ref.Text text;

    /** With a catalogue text: English in the message, the person's language in a face. */
    public DaemonException(dev.ferry.ref.Text text) {
        super(text.english());
        this.kind = null;
        this.text = text;
    }

    public DaemonException(String message) {
        this(null, message, null);
    }

    public DaemonException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /** With a kind the thrower knows (null: {@link ErrorKind#DAEMON} or what the message and cause say). */
    public DaemonException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    private DaemonException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.text = null;
    }

    @Override public dev.ferry.ref.Text text() { return text; }

    @Override public boolean isRetryable() { return false; }

    @Override public ErrorKind kind() {
        if (kind != null) return kind;
        if (Failures.isDiskFull(this)) return ErrorKind.DISK_FULL; // docker and ctr pass on "no space left on device"
        return Failures.kindOf(getCause()) == ErrorKind.CANCELLED ? ErrorKind.CANCELLED : ErrorKind.DAEMON;
    }
}
