package dev.ferry.app;

import dev.ferry.ref.Excerpt;
import dev.ferry.ref.Redaction;

/** Input a user gave that ferry cannot act on (exit code 2); the message says what and what to write instead. */
public class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) {
        super(Excerpt.shorten(Redaction.redact(message)));
    }

    public BadInputException(String message, Throwable cause) {
        super(Excerpt.shorten(Redaction.redact(message)), cause);
    }

    /** The same problem, found by an adapter reading the input (a pack, an archive, a layout). */
    static BadInputException of(dev.ferry.pack.InvalidInputException e) {
        return new BadInputException(e.getMessage(), e);
    }
}
