package dev.ferry.testing;

/** One request a {@link FaultProxy} saw: what was asked, what the client got, and the fault applied. */
public final class ProxiedRequest {
    private final String method;
    private final String uri;
    private final String path;
    volatile int status;
    volatile String fault;

    ProxiedRequest(String method, String uri, String path) {
        this.method = method;
        this.uri = uri;
        this.path = path;
    }

    /** The request method. */
    public String method() {
        return method;
    }

    /** The request target as sent (path and query). */
    public String uri() {
        return uri;
    }

    /** The path without the query. */
    public String path() {
        return path;
    }

    /** The status sent to the client; 0 when no response head was sent (yet). */
    public int status() {
        return status;
    }

    /** Description of the rule applied, or {@code null}. */
    public String fault() {
        return fault;
    }

    @Override
    public String toString() {
        return method + " " + uri + " -> " + status + (fault == null ? "" : " [" + fault + "]");
    }
}
