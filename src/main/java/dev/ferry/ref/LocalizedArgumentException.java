package dev.ferry.ref;

/**
 * A value that cannot be used (a digest, a platform, a size), whose message is a catalogue {@link Text}: English in
 * {@link #getMessage()}, the person's language in a face. The unchecked sibling of {@link LocalizedIOException}.
 */
public class LocalizedArgumentException extends IllegalArgumentException implements Localized {
    private final transient Text text;

    public LocalizedArgumentException(Text text) {
        this(text, null);
    }

    public LocalizedArgumentException(Text text, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
    }

    @Override public Text text() { return text; }
}
