package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    static final long MS = 1_000_000L;

    static TokenCache.Token token(Set<String> scopes, String value) {
        return TokenCache.Token.of(scopes, value, Duration.ofMinutes(5));
    }

    @Test
    void aPushTokenCoversPull() {
        TokenCache cache = new TokenCache();
        TokenCache.Token push = token(Scopes.push("a/b"), "T1");
        cache.put(push);
        assertSame(push, cache.find(Scopes.pull("a/b")));
        assertSame(push, cache.find(Scopes.push("a/b")));
    }

    @Test
    void aPullTokenDoesNotCoverPushOrOtherRepositories() {
        TokenCache cache = new TokenCache();
        cache.put(token(Scopes.pull("a/b"), "T1"));
        assertNull(cache.find(Scopes.push("a/b")));
        assertNull(cache.find(Scopes.pull("a/c")));
        assertNull(cache.find(Scopes.catalog()));
    }

    @Test
    void aTokenForSeveralResourcesCoversEach() {
        TokenCache cache = new TokenCache();
        TokenCache.Token both = token(Scopes.union(Scopes.pull("src"), Scopes.push("dst")), "T");
        cache.put(both);
        assertSame(both, cache.find(Scopes.pull("src")));
        assertSame(both, cache.find(Scopes.push("dst")));
        assertNull(cache.find(Scopes.push("src")));
    }

    @Test
    void theNewestCoveringTokenWins() {
        TokenCache cache = new TokenCache();
        cache.put(token(Scopes.push("a"), "old"));
        TokenCache.Token newer = token(Scopes.pull("a"), "new");
        cache.put(newer);
        assertEquals("new", cache.find(Scopes.pull("a")).value());
        assertEquals("old", cache.find(Scopes.push("a")).value());
    }

    @Test
    void marginIsFifteenSecondsOrAQuarterOfTheLifetime() {
        assertUsableFor(Duration.ofSeconds(300), Duration.ofSeconds(285));
        assertUsableFor(Duration.ofSeconds(60), Duration.ofSeconds(45));   // 15 s == a quarter: the same
        assertUsableFor(Duration.ofSeconds(20), Duration.ofSeconds(15));   // a quarter (5 s) is shorter
        assertUsableFor(Duration.ofMillis(1200), Duration.ofMillis(900));
    }

    private static void assertUsableFor(Duration lifetime, Duration usable) {
        long before = System.nanoTime();
        TokenCache.Token t = TokenCache.Token.of(Scopes.pull("a"), "v", lifetime);
        long after = System.nanoTime();
        long u = usable.toNanos();
        assertTrue(t.usable(before + u - MS), lifetime + ": still usable just before " + usable);
        assertFalse(t.usable(after + u + MS), lifetime + ": not usable just after " + usable);
        assertTrue(t.usableUntilNanos() - before >= u && t.usableUntilNanos() - after <= u, lifetime.toString());
    }

    @Test
    void expiredTokensAreDroppedBeforeTheirLifetimeEnds() throws InterruptedException {
        TokenCache cache = new TokenCache();
        long before = System.nanoTime();
        cache.put(TokenCache.Token.of(Scopes.pull("a"), "short", Duration.ofSeconds(2)));   // margin 0.5 s
        cache.put(TokenCache.Token.of(Scopes.pull("b"), "long", Duration.ofMinutes(10)));
        long after = System.nanoTime();
        assertNotNull(cache.find(Scopes.pull("a")));

        // past the 1.5 s the token may be used, but before its 2 s lifetime is over
        long wakeUp = after + 1600 * MS;
        while (System.nanoTime() - wakeUp < 0) Thread.sleep(Math.max(1, (wakeUp - System.nanoTime()) / MS));
        assertNull(cache.find(Scopes.pull("a")), "dropped within the margin");
        long elapsed = System.nanoTime() - before;
        assertTrue(elapsed < 2000 * MS, "the check ran before the lifetime ended (" + elapsed / MS + " ms)");

        assertEquals("long", cache.find(Scopes.pull("b")).value(), "other tokens stay");
        assertEquals(Set.of(Scopes.pull("b")), cache.scopes().keySet(), "the expired one is gone from the cache");
    }

    @Test
    void invalidateDropsTokensThatCoverOrAreCoveredByTheScopes() {
        TokenCache cache = new TokenCache();
        cache.put(token(Scopes.pull("a"), "pull-a"));
        cache.put(token(Scopes.push("a"), "push-a"));
        cache.put(token(Scopes.pull("b"), "pull-b"));
        cache.put(token(Scopes.union(Scopes.pull("a"), Scopes.pull("b")), "pull-ab"));

        cache.invalidate(Scopes.push("a"));
        // push-a (equal) and pull-a (covered) are gone; pull-ab covers only part, it stays
        assertEquals("pull-ab", cache.find(Scopes.pull("a")).value());
        assertNull(cache.find(Scopes.push("a")));
        assertEquals("pull-ab", cache.find(Scopes.pull("b")).value());

        cache.invalidate(Scopes.pull("b"));
        // pull-ab and pull-b both cover pull b
        assertNull(cache.find(Scopes.pull("b")));
        assertNull(cache.find(Scopes.pull("a")));
        assertTrue(cache.scopes().isEmpty());
    }

    @Test
    void theCacheIsBounded() {
        TokenCache cache = new TokenCache();
        for (int i = 0; i < 300; i++) cache.put(token(Scopes.pull("r" + i), "t" + i));
        assertEquals(256, cache.scopes().size());
        assertNull(cache.find(Scopes.pull("r0")), "oldest dropped");
        assertEquals("t299", cache.find(Scopes.pull("r299")).value());
        assertEquals("t44", cache.find(Scopes.pull("r44")).value());
        assertNull(cache.find(Scopes.pull("r43")));
    }

    @Test
    void toStringHidesTheTokenValue() {
        TokenCache.Token t = token(Scopes.pull("a"), "s3cr3t-bearer-value");
        assertFalse(t.toString().contains("s3cr3t"), t.toString());
        assertTrue(t.toString().contains("repository:a:pull"), t.toString());
    }
}
