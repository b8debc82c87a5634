package dev.ferry.ref;

import java.io.InterruptedIOException;

/**
 * A wait that was interrupted or cancelled, with a catalogue {@link Text} saying which: English in
 * {@link #getMessage()}, the person's language in a face. Still an {@link InterruptedIOException}, so every layer
 * that treats an interrupt as a cancel keeps doing so.
 */
public class LocalizedInterruptedIOException extends InterruptedIOException implements Localized {
    private final transient Text text;

    public LocalizedInterruptedIOException(Text text) {
        super(text.english());
        this.text = text;
    }

    @Override public Text text() { return text; }
}
