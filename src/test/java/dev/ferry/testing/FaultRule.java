package dev.ferry.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/** A fault rule of a {@link FaultProxy}: what it does to which requests, and how many times; the {@code FaultProxy} methods create them. */
public final class FaultRule {
    /** What a rule does to a matching request. */
    public enum Action {
        /** Answer with a fixed status instead of forwarding. */
        RESPOND,
        /** Close the client connection after K bytes of the response body. */
        CUT_RESPONSE,
        /** Forward K bytes of the request body, then drop both connections. */
        CUT_REQUEST,
        /** Wait, then forward normally. */
        DELAY,
        /** Relay the head and K bytes of the response body, then send nothing more, keeping the connection open. */
        STALL,
        /** Forward, inverting the byte at offset K of the response body. */
        CORRUPT_RESPONSE,
        /** Forward, relay the first K bytes of the response head (0: none of it), then reset the connection. */
        RESET_HEAD,
        /** Forward, then send nothing, keeping the connection open. */
        STALL_HEAD
    }

    private final String method;
    private final Pattern path;
    final Action action;
    final int status;
    final Map<String, String> headers;
    final long bytes;
    final boolean reset;
    final Duration delay;
    private final AtomicInteger remaining;
    private final AtomicInteger applied = new AtomicInteger();
    final AtomicInteger matched = new AtomicInteger();

    FaultRule(String method, String pathRegex, Action action, int times, int status, Map<String, String> headers,
                 long bytes, boolean reset, Duration delay) {
        this.method = method;
        this.path = Pattern.compile(pathRegex);
        this.action = action;
        this.remaining = new AtomicInteger(times);
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.bytes = bytes;
        this.reset = reset;
        this.delay = delay;
    }

    /** How many requests this rule was applied to. */
    public int applied() {
        return applied.get();
    }

    /** How many requests matched the method and path, including those after the rule was used up. */
    public int matched() {
        return matched.get();
    }

    /** How many more requests this rule will apply to. */
    public int remaining() {
        return Math.max(0, remaining.get());
    }

    /** Stops the rule from applying to further requests. */
    public void disable() {
        remaining.set(0);
    }

    boolean matches(String m, String p) {
        return (method == null || "*".equals(method) || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
    }

    /** Atomically takes one use; false when used up. */
    boolean take() {
        while (true) {
            int r = remaining.get();
            if (r <= 0) {
                return false;
            }
            if (remaining.compareAndSet(r, r - 1)) {
                applied.incrementAndGet();
                return true;
            }
        }
    }

    @Override
    public String toString() {
        String what = switch (action) {
            case RESPOND -> "respond " + status;
            case CUT_RESPONSE -> "cut response after " + bytes + " bytes" + (reset ? " (reset)" : "");
            case CUT_REQUEST -> "cut request after " + bytes + " bytes";
            case DELAY -> "delay " + delay.toMillis() + " ms";
            case STALL -> "stall after " + bytes + " bytes";
            case CORRUPT_RESPONSE -> "corrupt response byte " + bytes;
            case RESET_HEAD -> bytes == 0 ? "reset before the response head" : "reset after " + bytes + " bytes of the response head";
            case STALL_HEAD -> "stall before the response head";
        };
        return what + " for " + (method == null ? "*" : method) + " " + path.pattern()
                + " (applied " + applied() + ", matched " + matched() + ", remaining " + remaining() + ")";
    }
}
