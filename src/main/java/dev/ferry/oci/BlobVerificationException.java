package dev.ferry.oci;

import java.io.IOException;

/** A blob's bytes do not match its digest or size. Never retried into a target as-is. */
public class BlobVerificationException extends IOException {
    public BlobVerificationException(String message) {
        super(message);
    }
}
