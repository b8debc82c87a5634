package dev.ferry.spi;

/**
 * What kind of failure stopped an image or a request, so that front ends can group failures,
 * offer a retry where one may help, and say in the person's language what to try. The message
 * of the failure still says what was being done, to what; the kind says what sort of thing went
 * wrong. Each kind has a message key ({@code error.kind.not_found}) in the catalogue.
 */
public enum ErrorKind {
    /** The image, tag, blob or repository does not exist. */
    NOT_FOUND(false),
    /** No credentials, or the registry rejected them (HTTP 401). */
    UNAUTHORIZED(false),
    /** The credentials are good but may not do this (HTTP 403). */
    DENIED(false),
    /** A TLS handshake or certificate problem. */
    TLS(false),
    /** The connection failed: refused, reset, timed out, unknown host. */
    NETWORK(true),
    /** The registry asked us to slow down (HTTP 429). */
    RATE_LIMITED(true),
    /** The registry failed on its side (HTTP 5xx) or answered nonsense. */
    REGISTRY(true),
    /** Bytes did not hash to the digest that named them. */
    DIGEST_MISMATCH(true),
    /** No space left on a disk ferry writes to. */
    DISK_FULL(false),
    /** Something the person gave cannot be acted on: a malformed file, reference or option. */
    BAD_INPUT(false),
    /** A manifest or media type ferry does not handle. */
    UNSUPPORTED(false),
    /** A local docker or containerd daemon refused or failed. */
    DAEMON(false),
    /** The job was cancelled before the image finished. */
    CANCELLED(true),
    /** Anything else. */
    OTHER(false);

    private final boolean worthRetrying;

    ErrorKind(boolean worthRetrying) {
        this.worthRetrying = worthRetrying;
    }

    /** Whether running the same image again later may well succeed (a front end may offer a retry). */
    public boolean worthRetrying() { return worthRetrying; }

    /** The catalogue key of this kind's short title, e.g. {@code error.kind.not_found}. */
    public String messageKey() { return "error.kind." + name().toLowerCase(java.util.Locale.ROOT); }

    /** The catalogue key of what to try about this kind, e.g. {@code error.hint.not_found}. */
    public String hintKey() { return "error.hint." + name().toLowerCase(java.util.Locale.ROOT); }
}
