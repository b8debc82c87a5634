package dev.ferry.ref;

import java.io.IOException;

/** An I/O failure whose message is a catalogue {@link Text}: English in {@link #getMessage()}, the person's language in a face. */
public class LocalizedIOException extends IOException implements Localized {
    private final Text text;

    public LocalizedIOException(Text text) {
        this(text, null);
    }

    public LocalizedIOException(Text text, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
    }

    @Override public Text text() { return text; }
}
