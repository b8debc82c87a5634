package dev.ferry.registry;

import java.io.IOException;

/**
 * A CA file given for a registry ({@code --ca REGISTRY=FILE}, {@code ca:}) that cannot be used: missing,
 * not PEM, or holding no certificate. Bad input, found before anything is sent.
 */
public final class TrustFileException extends IOException {
    TrustFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
