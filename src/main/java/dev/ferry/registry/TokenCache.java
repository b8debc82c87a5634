package dev.ferry.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens by the scope atoms they were granted for. A token is dropped a little before it
 * expires (15 s, or a quarter of its lifetime when that is shorter), so no request leaves with a
 * token about to run out.
 */
final class TokenCache {

    record Token(Set<String> scopes, String value, long usableUntilNanos) {
        static Token of(Set<String> scopes, String value, Duration lifetime) {
            long life = lifetime.toNanos();
            long margin = Math.min(Duration.ofSeconds(15).toNanos(), life / 4);
            return new Token(scopes, value, System.nanoTime() + life - margin);
        }

        boolean usable(long now) { return usableUntilNanos - now > 0; }

        @Override public String toString() { return "Token" + scopes; }
    }

    private final List<Token> tokens = new ArrayList<>();

    synchronized Token find(Set<String> wanted) {
        long now = System.nanoTime();
        tokens.removeIf(t -> !t.usable(now));
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (tokens.get(i).scopes().containsAll(wanted)) return tokens.get(i);
        }
        return null;
    }

    synchronized void put(Token t) {
        tokens.add(t);
        if (tokens.size() > 256) tokens.remove(0);
    }

    synchronized void invalidate(Set<String> scopes) {
        tokens.removeIf(t -> t.scopes().containsAll(scopes) || scopes.containsAll(t.scopes()));
    }

    synchronized Map<Set<String>, Long> scopes() {
        Map<Set<String>, Long> m = new LinkedHashMap<>();
        for (Token t : tokens) m.put(t.scopes(), t.usableUntilNanos());
        return m;
    }
}
