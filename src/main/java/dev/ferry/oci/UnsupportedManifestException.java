package dev.ferry.oci;

/** A manifest of a kind ferry does not move (Docker schema 1, unknown JSON). */
public class UnsupportedManifestException extends IllegalArgumentException {
    public UnsupportedManifestException(String message) {
        super(message);
    }
}
