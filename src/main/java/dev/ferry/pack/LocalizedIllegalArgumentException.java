package dev.ferry.pack;

import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;

/**
 * A value ferry was given that it cannot use (an unknown compression, a name that is no repository), with a catalogue
 * {@link Text}: English in {@link #getMessage()}, the person's language in a face. Still an
 * {@link IllegalArgumentException}, so the command line exits with 2 as for any bad argument.
 */
public class LocalizedIllegalArgumentException extends IllegalArgumentException implements Localized {
    private final transient Text text;

    public LocalizedIllegalArgumentException(Text text) {
        this(text, null);
    }

    public LocalizedIllegalArgumentException(Text text, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
    }

    @Override public Text text() { return text; }
}
