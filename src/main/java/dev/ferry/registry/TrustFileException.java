package dev.ferry.registry;

import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;

import java.io.IOException;

/**
 * A CA file given for a registry ({@code --ca REGISTRY=FILE}, {@code ca:}) that cannot be used: missing,
 * not PEM, or holding no certificate. Bad input, found before anything is sent.
 */
public final class TrustFileException extends IOException implements Localized {
    private final transient Text text;

    TrustFileException(Text text, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
    }

    @Override public Text text() { return text; }
}
