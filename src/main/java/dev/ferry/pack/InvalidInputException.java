package dev.ferry.pack;

import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.TransferFailure;

import java.io.IOException;

/**
 * A file given to ferry that is not what it claims to be, or that lies: a malformed or
 * inconsistent meta file, a damaged or incomplete pack, an archive or layout with entries it may
 * not hold. The message names the file and what is wrong with it; trying again cannot help, the
 * input has to be fixed (the command line exits with code 2).
 */
public class InvalidInputException extends IOException implements TransferFailure, Localized {
    private final transient Text text;

    public InvalidInputException(String message) {
        super(message);
        this.text = null;
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.text = null;
    }

    /** The message as a catalogue text, written in the person's language by a face ({@link #getMessage()}: English). */
    public InvalidInputException(Text text) {
        this(text, null);
    }

    public InvalidInputException(Text text, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
    }

    @Override public Text text() { return text; }

    @Override public boolean isRetryable() { return false; }

    @Override public ErrorKind kind() { return ErrorKind.BAD_INPUT; }
}
