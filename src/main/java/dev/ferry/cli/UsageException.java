package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.ref.Text;

import java.util.Arrays;

/**
 * Bad usage or input found after parsing: exit code 2. Its text is a catalogue key and arguments, written in the
 * run's language when it is printed ({@link #message}); {@link #getMessage()} is the English text.
 */
public class UsageException extends RuntimeException {
    private final String key;
    private final Object[] args;

    /** A text already written, e.g. one another library gave; prefer {@link #of}. */
    public UsageException(String message) {
        super(message);
        this.key = null;
        this.args = new Object[0];
    }

    private UsageException(String key, Object[] args) {
        super(Messages.english().get(key, args));
        this.key = key;
        this.args = args;
    }

    /** The catalogue's text {@code key} with {@code args}; an argument that is a {@link Text} is written in the same language. */
    public static UsageException of(String key, Object... args) {
        return new UsageException(key, Arrays.stream(args).map(a -> a instanceof Text ? a : String.valueOf(a)).toArray());
    }

    /** The text in the language of {@code messages}. */
    public String message(Messages messages) {
        return key == null ? getMessage() : messages.get(key, args);
    }
}
