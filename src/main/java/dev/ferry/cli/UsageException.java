package dev.ferry.cli;

import dev.ferry.app.Messages;

import java.util.Arrays;

/**
 * Bad usage or input found after parsing: exit code 2. Its text is a catalogue key and arguments, written in the
 * run's language when it is printed ({@link #message}); {@link #getMessage()} is the English text.
 */
public class UsageException extends RuntimeException {
    private final String key;
    private final String[] args;

    /** A text already written, e.g. one another library gave; prefer {@link #of}. */
    public UsageException(String message) {
        super(message);
        this.key = null;
        this.args = new String[0];
    }

    private UsageException(String key, String[] args) {
        super(Messages.english().get(key, (Object[]) args));
        this.key = key;
        this.args = args;
    }

    /** The catalogue's text {@code key} with {@code args}. */
    public static UsageException of(String key, Object... args) {
        return new UsageException(key, Arrays.stream(args).map(String::valueOf).toArray(String[]::new));
    }

    /** The text in the language of {@code messages}. */
    public String message(Messages messages) {
        return key == null ? getMessage() : messages.get(key, (Object[]) args);
    }
}
