package dev.ferry.registry;

import dev.ferry.ref.Text;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The pull limits registries state in their answers, one per registry for a session: Docker Hub's
 * {@code ratelimit-limit: 100;w=21600} and {@code ratelimit-remaining: 76;w=21600} (pulls in a rolling window of
 * {@code w} seconds), and the IETF draft's {@code RateLimit-Reset: SECONDS} where a registry sends it.
 *
 * <p>A GET of a manifest is a pull; a HEAD is not. So once a registry said none is left, the next GET would only be
 * refused (429) — and the images behind it with it. {@link #beforePull} stops there instead: it fails the pull at once
 * with when the window resets, or, when the session is told to wait, waits for that moment.
 *
 * <p>Thread-safe.
 */
public final class PullLimits {
    /** What a registry last said of its limit. {@code resetAt} is null when it did not say when the window resets. */
    public record State(String registry, int limit, int remaining, Duration window, Instant resetAt, Instant seen) {
        /** When at least one pull is back: the stated reset, else (a rolling window) a window after it was spent. */
        public Instant freeAt() {
            if (resetAt != null) return resetAt;
            return window != null ? seen.plus(window) : seen.plus(Duration.ofMinutes(1));
        }
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private volatile boolean waitForReset;

    /** Whether a pull that would exceed the limit waits for the window to reset (else it fails at once). */
    public void waitForReset(boolean wait) {
        this.waitForReset = wait;
    }

    public boolean waitsForReset() {
        return waitForReset;
    }

    /** Every registry's last stated limit, by registry. */
    public Map<String, State> states() {
        return new TreeMap<>(states);
    }

    public Optional<State> state(String registry) {
        return Optional.ofNullable(states.get(registry));
    }

    /** Reads an answer's limit headers ({@code header} gives a header's value or null); answers without them change nothing. */
    void observe(String registry, Function<String, String> header, Instant now) {
        String remaining = first(header, "ratelimit-remaining");
        if (remaining == null) return;
        int rem = count(remaining);
        if (rem < 0) return;
        int lim = count(first(header, "ratelimit-limit"));
        Duration window = window(remaining);
        if (window == null) window = window(first(header, "ratelimit-limit"));
        Instant reset = null;
        String r = first(header, "ratelimit-reset");
        if (r != null) {
            int secs = count(r);
            if (secs >= 0) reset = now.plusSeconds(secs);
        }
        states.put(registry, new State(registry, lim, rem, window, reset, now));
    }

    /**
     * Before a GET of a manifest at {@code registry}: nothing when pulls are left (or none was stated); when none is,
     * the time to wait until one is ({@code waitsForReset}) or a refusal saying when the window resets.
     *
     * @return how long to wait before pulling, zero for at once
     */
    Duration beforePull(Text op, String registry, Instant now) throws RegistryException {
        State s = states.get(registry);
        if (s == null || s.remaining() > 0) return Duration.ZERO;
        Instant free = s.freeAt();
        if (!free.isAfter(now)) {
            states.remove(registry, s); // the window has passed: the next answer says what is left
            return Duration.ZERO;
        }
        Duration wait = Duration.between(now, free);
        if (waitForReset) return wait;
        Text limit = s.limit() > 0 ? Text.of("remote.detail.pull_limit_left_of", s.limit()) : Text.of("remote.detail.pull_limit_none_left");
        if (s.window() != null) limit = Text.of("remote.detail.pull_limit_per", limit, human(s.window()));
        throw new RegistryException(op, 429, java.util.List.of("TOOMANYREQUESTS"),
                Text.of("remote.detail.pull_limit_spent", registry, limit, human(wait)), false, null);
    }

    private static String first(Function<String, String> header, String name) {
        String v = header.apply(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The count before any {@code ;w=} parameter; -1 when there is none. */
    private static int count(String v) {
        if (v == null) return -1;
        String n = v.split("[;,]", 2)[0].trim();
        try {
            return Integer.parseInt(n);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Duration window(String v) {
        if (v == null) return null;
        for (String part : v.split(";")) {
            String p = part.trim();
            if (p.startsWith("w=")) {
                try {
                    return Duration.ofSeconds(Long.parseLong(p.substring(2).trim()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /** 6 h, 45 min, 30 s. */
    public static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) return (s + 1799) / 3600 + " h";
        if (s >= 60) return (s + 59) / 60 + " min";
        return s + " s";
    }
}
