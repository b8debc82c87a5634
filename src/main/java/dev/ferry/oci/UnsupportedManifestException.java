package dev.ferry.oci;

import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;

/** A manifest of a kind ferry does not move (Docker schema 1, unknown JSON); the message is a catalogue text. */
public class UnsupportedManifestException extends IllegalArgumentException implements Localized {
    private final transient Text text;

    /** A text that is not (yet) from the catalogue: it stays as written in every language. */
    public UnsupportedManifestException(String message) {
        this(Text.verbatim(message));
    }

    public UnsupportedManifestException(Text text) {
        super(text.english());
        this.text = text;
    }

    @Override public Text text() { return text; }
}
