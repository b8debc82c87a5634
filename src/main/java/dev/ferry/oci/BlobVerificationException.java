package dev.ferry.oci;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

/** A blob's bytes do not match its digest or size. Never retried into a target as-is. */
public class BlobVerificationException extends LocalizedIOException {
    /** A text that is not (yet) from the catalogue: it stays as written in every language. */
    public BlobVerificationException(String message) {
        super(Text.verbatim(message));
    }

    public BlobVerificationException(Text text) {
        super(text);
    }
}
