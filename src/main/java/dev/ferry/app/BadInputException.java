package dev.ferry.app;

import dev.ferry.ref.Excerpt;
import dev.ferry.ref.Localized;
import dev.ferry.ref.Redaction;
import dev.ferry.ref.Text;

/**
 * Input a user gave that ferry cannot act on (exit code 2); the message says what and what to write instead, as a
 * catalogue {@link Text} the face writes in the person's language.
 */
public class BadInputException extends IllegalArgumentException implements Localized {
    private final transient Text text;

    public BadInputException(String message) {
        this(message, (Throwable) null);
    }

    public BadInputException(String message, Throwable cause) {
        super(Excerpt.shorten(Redaction.redact(message)), cause);
        this.text = Text.verbatim(getMessage());
    }

    public BadInputException(Text text) {
        this(text, null);
    }

    public BadInputException(Text text, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
    }

    @Override public Text text() { return text; }

    /** The same problem, found by an adapter reading the input (a pack, an archive, a layout). */
    static BadInputException of(dev.ferry.pack.InvalidInputException e) {
        return e.text() != null ? new BadInputException(e.text(), e) : new BadInputException(e.getMessage(), e);
    }
}
