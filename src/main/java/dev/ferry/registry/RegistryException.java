package dev.ferry.registry;

import dev.ferry.ref.Excerpt;
import dev.ferry.ref.Redaction;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.Failures;
import dev.ferry.spi.TransferFailure;

import java.io.IOException;
import java.util.List;

/**
 * A registry request that failed. Carries what was being done ("push blob sha256:ab12… to
 * 127.0.0.1:5002/app/web"), the HTTP status (0 when no answer came) and the registry's error codes.
 * Never carries credentials or tokens.
 */
public class RegistryException extends IOException implements TransferFailure {
    private final String operation;
    private final int status;
    private final List<String> codes;
    private final boolean retryable;

    public RegistryException(String operation, int status, List<String> codes, String detail, boolean retryable, Throwable cause) {
        super(format(operation, status, codes, detail), cause);
        this.operation = operation;
        this.status = status;
        this.codes = List.copyOf(codes);
        this.retryable = retryable;
    }

    private static String format(String operation, int status, List<String> codes, String detail) {
        StringBuilder sb = new StringBuilder(Redaction.redact(operation)).append(": ").append(Excerpt.shorten(Redaction.redact(detail)));
        if (status > 0 || !codes.isEmpty()) {
            sb.append(" (");
            if (status > 0) sb.append("HTTP ").append(status);
            if (!codes.isEmpty()) sb.append(status > 0 ? " " : "").append(String.join(", ", codes));
            sb.append(")");
        }
        return sb.toString();
    }

    public String operation() { return operation; }

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
        this.operation = e.operation;
        this.status = e.status;
        this.codes = e.codes;
        this.retryable = false;
        setStackTrace(e.getStackTrace());
    }
}
