package dev.ferry.registry;

import dev.ferry.ref.Excerpt;
import dev.ferry.ref.Localized;
import dev.ferry.ref.Redaction;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.Failures;
import dev.ferry.spi.TransferFailure;

import java.io.IOException;
import java.util.List;

/**
 * A registry request that failed. Carries what was being done ("push blob sha256:ab12… to
 * 127.0.0.1:5002/app/web"), the HTTP status (0 when no answer came) and the registry's error codes.
 * Never carries credentials or tokens. What was done and what went wrong are catalogue {@link Text}s, so a face
 * writes them in the person's language ({@link #text()}); what the registry itself said stays as it came.
 */
public class RegistryException extends IOException implements TransferFailure, Localized {
    private final Text text;
    private final Text detailText;
    private final String operation;
    private final int status;
    private final List<String> codes;
    private final boolean retryable;
    private final String detail;

    public RegistryException(String operation, int status, List<String> codes, String detail, boolean retryable, Throwable cause) {
        this(Text.verbatim(operation), status, codes, Text.verbatim(detail), retryable, cause);
    }

    public RegistryException(Text operation, int status, List<String> codes, String detail, boolean retryable, Throwable cause) {
        this(operation, status, codes, Text.verbatim(detail), retryable, cause);
    }

    /** {@code operation} as "pull blob sha256:ab12… from REGISTRY/REPO", {@code detail} what went wrong. */
    public RegistryException(Text operation, int status, List<String> codes, Text detail, boolean retryable, Throwable cause) {
        this(text(operation, status, codes, detail), detail, operation.english(), status, codes, retryable, cause);
    }

    private RegistryException(Text text, Text detail, String operation, int status, List<String> codes, boolean retryable, Throwable cause) {
        super(text.english(), cause);
        this.text = text;
        this.detailText = detail;
        this.detail = detail.english();
        this.operation = operation;
        this.status = status;
        this.codes = List.copyOf(codes);
        this.retryable = retryable;
    }

    private static Text text(Text operation, int status, List<String> codes, Text detail) {
        Text op = operation.key() == null ? Text.verbatim(Redaction.redact(operation.english())) : operation;
        Text d = detail.key() == null ? Text.verbatim(Excerpt.shorten(Redaction.redact(detail.english()))) : detail;
        if (status <= 0 && codes.isEmpty()) return Text.of("remote.error", op, d);
        StringBuilder sb = new StringBuilder();
        if (status > 0) sb.append("HTTP ").append(status);
        if (!codes.isEmpty()) sb.append(status > 0 ? " " : "").append(String.join(", ", codes));
        return Text.of("remote.error_status", op, d, sb.toString());
    }

    /** The message for people: what was being done, what went wrong, the status and the registry's codes. */
    @Override public Text text() { return text; }

    public String operation() { return operation; }

    /** What went wrong, without the operation ("connection reset", "no byte for 30 s: the connection stalled"). */
    public String detail() { return detail; }

    /** {@link #detail()} as a text for people. */
    public Text detailText() { return detailText; }

    public int status() { return status; }

    public List<String> codes() { return codes; }

    /** True when trying again later may succeed (timeouts, resets, 408, 429, 5xx). */
    @Override public boolean isRetryable() { return retryable; }

    @Override public boolean isNotFound() {
        return status == 404 || codes.contains("MANIFEST_UNKNOWN") || codes.contains("BLOB_UNKNOWN") || codes.contains("NAME_UNKNOWN");
    }

    /**
     * The registry's error codes first (a token service refusing says {@code UNAUTHORIZED} even
     * with a 403), then the HTTP status; with no answer at all, the cause (TLS, network,
     * interrupted). An answer that came back 2xx but was wrong (a bad digest header, no upload
     * location, invalid JSON) is the registry's fault.
     */
    @Override public ErrorKind kind() {
        if (codes.contains("UNSUPPORTED")) return ErrorKind.UNSUPPORTED;
        if (status == 429 || codes.contains("TOOMANYREQUESTS")) return ErrorKind.RATE_LIMITED;
        if (codes.contains("UNAUTHORIZED")) return ErrorKind.UNAUTHORIZED;
        if (codes.contains("DENIED")) return ErrorKind.DENIED;
        if (isNotFound()) return ErrorKind.NOT_FOUND;
        if (codes.contains("DIGEST_INVALID")) return ErrorKind.DIGEST_MISMATCH;
        if (codes.contains("NAME_INVALID") || codes.contains("TAG_INVALID")) return ErrorKind.BAD_INPUT;
        if (status == 401) return ErrorKind.UNAUTHORIZED;
        if (status == 403) return ErrorKind.DENIED;
        if (status == 408) return ErrorKind.NETWORK;
        if (status >= 500) return ErrorKind.REGISTRY;
        if (status == 0) return getCause() == null ? ErrorKind.REGISTRY : Failures.kindOf(getCause());
        if (status < 400) return ErrorKind.REGISTRY;
        return ErrorKind.OTHER;
    }

    public boolean isAuthFailure() { return status == 401 || status == 403; }

    /**
     * This failure as one that was tried as often as it will be: its layer retried it already, so
     * no layer above tries again (a request is tried {@code retries + 1} times in all, not that many
     * times per layer).
     */
    RegistryException tried() {
        return retryable ? new RegistryException(this) : this;
    }

    private RegistryException(RegistryException e) {
        super(e.getMessage(), e.getCause());
        this.text = e.text;
        this.detailText = e.detailText;
        this.detail = e.detail;
        this.operation = e.operation;
        this.status = e.status;
        this.codes = e.codes;
        this.retryable = false;
        setStackTrace(e.getStackTrace());
    }
}
