package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cache.BlobCache;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.VerifyingInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry cache ls|stats|prune|clear} on a cache filled with blobs of known sizes, last uses and jobs. */
@Timeout(60)
class CacheCommandTest {
    @TempDir Path dir;
    final Map<String, String> env = new HashMap<>(Map.of("CI", "true"));

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\n" + err, e);
            }
        }
    }

    /** The real command line (with {@code cache} added while FerryCommand does not list it yet). */
    Result ferry(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CliContext ctx = new CliContext(Map.copyOf(env), new PrintWriter(out, true), new PrintWriter(err, true));
        CommandLine cl = Main.commandLine(ctx);
        if (!cl.getSubcommands().containsKey("cache")) {
            cl.addSubcommand("cache", new CacheCommand());
            cl.setOut(ctx.out());
            cl.setErr(ctx.err());
            cl.setCaseInsensitiveEnumValuesAllowed(true);
        }
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Descriptor describe(byte[] b) {
        return new Descriptor("application/octet-stream", Digest.sha256(b), b.length);
    }

    /** Blobs of 1000, 2000, 3000 and 4000 bytes, last used 30 days, 3 hours, 2 hours and 1 hour ago. */
    List<Descriptor> fill(Path cache) throws IOException {
        List<Descriptor> out = new ArrayList<>();
        Duration[] ages = {Duration.ofDays(30), Duration.ofHours(3), Duration.ofHours(2), Duration.ofHours(1)};
        try (BlobCache c = BlobCache.open(cache, 7, 1L << 30, "sync", null)) {
            for (int i = 0; i < 4; i++) {
                byte[] b = data(1000 * (i + 1), i);
                Descriptor d = describe(b);
                try (InputStream in = new VerifyingInputStream(c.open(d, () -> new ByteArrayInputStream(b)), d, "t", null)) {
                    in.readAllBytes();
                }
                out.add(d);
            }
        }
        // a second job reads two of them from the cache, and one blob from the source (too big to cache with keepsize 400)
        try (BlobCache c = BlobCache.open(cache, 7, 400, "save", null)) {
            for (int i = 2; i < 4; i++) {
                try (InputStream in = c.get(out.get(i)).orElseThrow()) {
                    in.readAllBytes();
                }
            }
            byte[] b = data(500, 99);
            c.open(describe(b), () -> new ByteArrayInputStream(b)).readAllBytes();
        }
        Instant now = Instant.now();
        for (int i = 0; i < 4; i++) {
            Files.setLastModifiedTime(cache.resolve("blobs/sha256/" + out.get(i).digest().hex()), FileTime.from(now.minus(ages[i])));
        }
        return out;
    }

    @Test
    void aMissingCacheIsEmptyAndNotCreated() {
        Path none = dir.resolve("none");
        Result r = ferry("cache", "ls", "--cache", none.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("No cache at " + none), r.out());
        Result j = ferry("cache", "stats", "--cache", none.toString(), "-o", "json");
        assertEquals(0, j.exit(), j.toString());
        assertFalse(j.json().get("exists").asBoolean());
        assertEquals(0, j.json().get("blobs").asInt());
        assertEquals(0, ferry("cache", "prune", "--cache", none.toString()).exit());
        assertFalse(Files.exists(none));
    }

    @Test
    void lsAndStatsShowBlobsSizesAndTheHitRateOfTheLastJobs() throws IOException {
        Path cache = dir.resolve("cache");
        List<Descriptor> ds = fill(cache);
        Result ls = ferry("cache", "ls", "--cache", cache.toString());
        assertEquals(0, ls.exit(), ls.toString());
        String[] lines = ls.out().strip().split("\n");
        assertEquals(5, lines.length, ls.out());
        // most recently used first
        for (int i = 0; i < 4; i++) assertTrue(lines[i].startsWith(ds.get(3 - i).digest().toString()), ls.out());
        assertTrue(lines[4].startsWith("4 blobs, 9.8 KB in "), ls.out());

        JsonNode j = ferry("cache", "ls", "--cache", cache.toString(), "-o", "json").json();
        assertEquals(4, j.get("blobs").size());
        assertEquals(4000, j.get("blobs").get(0).get("size").asLong());
        assertFalse(j.get("blobs").get(0).get("inUse").asBoolean());

        JsonNode s = ferry("cache", "stats", "--cache", cache.toString(), "-o", "json").json();
        assertEquals(4, s.get("blobs").asInt());
        assertEquals(10_000, s.get("bytes").asLong());
        assertEquals(2, s.get("jobs").size());
        assertEquals("sync", s.get("jobs").get(0).get("job").asText());
        assertEquals(0, s.get("jobs").get(0).get("hits").asInt());
        assertEquals(4, s.get("jobs").get(0).get("misses").asInt());
        assertEquals(2, s.get("jobs").get(1).get("hits").asInt());
        assertEquals(1, s.get("jobs").get(1).get("misses").asInt());
        assertEquals(0.667, s.get("jobs").get(1).get("hitRate").asDouble());
        assertEquals(2 / 7.0, s.get("hitRate").asDouble(), 0.001);
        assertEquals(7, s.get("keepDays").asInt());
        assertEquals(10L << 30, s.get("keepSize").asLong());

        Result text = ferry("cache", "stats", "--cache", cache.toString(), "--jobs", "1");
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().contains("Holds      4 blobs, 9.8 KB of keepsize 10.0 GB"), text.out());
        assertTrue(text.out().contains("Last 1 jobs: hit rate 67% (2 hits, 1 misses)"), text.out());
        assertTrue(text.out().contains("  save     67%     2 hits    1 misses     6.8 KB from cache      500 B from source, 1 not cached"), text.out());
    }

    @Test
    void pruneEvictsByAgeThenSizeWithSizesInAnyUnit() throws IOException {
        Path cache = dir.resolve("cache");
        List<Descriptor> ds = fill(cache);
        // 30 days old goes by age; then 9000 bytes > 7000B: the 2000-byte blob (3 hours) goes
        Result r = ferry("cache", "prune", "--cache", cache.toString(), "--keepsize", "7000B", "-o", "json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode j = r.json();
        assertEquals(1, j.get("removedByAge").asInt());
        assertEquals(1, j.get("removedBySize").asInt());
        assertEquals(2000, j.get("bytesBySize").asLong());
        assertEquals(7000, j.get("remainingBytes").asLong());
        assertFalse(Files.exists(cache.resolve("blobs/sha256/" + ds.get(0).digest().hex())));
        assertFalse(Files.exists(cache.resolve("blobs/sha256/" + ds.get(1).digest().hex())));

        Result text = ferry("cache", "prune", "--cache", cache.toString(), "--keepsize", "0.005KB");
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().startsWith("Removed 2 blobs (6.8 KB): 0 not used for 7 days, 2 beyond keepsize 5 B; 0 blobs (0 B) remain."), text.out());
    }

    @Test
    void cfgYamlNamesTheCacheAndFlagsAndTheEnvironmentWin() throws IOException {
        Path cache = dir.resolve("from-cfg");
        fill(cache);
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "cache:\n  pathname: " + cache + "\n  keepdays: 3\n  keepsize: 9KB\n");
        JsonNode s = ferry("cache", "stats", "--config", cfg.toString(), "-o", "json").json();
        assertEquals(cache.toString(), s.get("directory").asText());
        assertEquals(3, s.get("keepDays").asInt());
        assertEquals(9216, s.get("keepSize").asLong());
        JsonNode flags = ferry("cache", "stats", "--config", cfg.toString(), "--keepdays", "9", "--keepsize", "2", "-o", "json").json();
        assertEquals(9, flags.get("keepDays").asInt());
        assertEquals(2L << 30, flags.get("keepSize").asLong(), "a bare number is GB, as in cfg.yaml");
        Path other = dir.resolve("from-env");
        env.put(CacheFlags.ENV, other.toString());
        assertEquals(other.toString(), ferry("cache", "stats", "--config", cfg.toString(), "-o", "json").json().get("directory").asText());
        Path flag = dir.resolve("from-flag");
        assertEquals(flag.toString(), ferry("cache", "stats", "--config", cfg.toString(), "--cache", flag.toString(), "-o", "json").json().get("directory").asText());
        env.remove(CacheFlags.ENV);
        // keepdays 3 from cfg.yaml: the blob last used 30 days ago goes; 9000 bytes are within 9 KB: nothing more
        JsonNode p = ferry("cache", "prune", "--config", cfg.toString(), "-o", "json").json();
        assertEquals(1, p.get("removedByAge").asInt());
        assertEquals(0, p.get("removedBySize").asInt());
    }

    @Test
    void clearRemovesEverything() throws IOException {
        Path cache = dir.resolve("cache");
        fill(cache);
        JsonNode j = ferry("cache", "clear", "--cache", cache.toString(), "-o", "json").json();
        assertEquals(4, j.get("removed").asInt());
        assertEquals(10_000, j.get("bytesFreed").asLong());
        Result ls = ferry("cache", "ls", "--cache", cache.toString());
        assertTrue(ls.out().startsWith("0 blobs, 0 B in "), ls.out());
    }

    @Test
    void badSizesAndDaysAreUsageErrors() {
        Result r = ferry("cache", "prune", "--cache", dir.toString(), "--keepsize", "10XB");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--keepsize: \"10XB\" has an unknown unit \"XB\"; write e.g. 10 (GB), 500MB or 2GB"), r.err());
        Result d = ferry("cache", "prune", "--cache", dir.toString(), "--keepdays", "0");
        assertEquals(2, d.exit(), d.toString());
        assertTrue(d.err().contains("--keepdays must be 1 or more"), d.err());
        Result none = ferry("cache");
        assertEquals(0, none.exit());
        assertTrue(none.out().contains("ls") && none.out().contains("prune"), none.out());
    }

    @Test
    void transfersUseACacheOnlyWhenOneIsNamed() {
        CliContext ctx = new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CacheFlags.ForTransfers f = new CacheFlags.ForTransfers();
        dev.ferry.config.FerryConfig none = dev.ferry.config.FerryConfig.empty();
        assertNull(f.settings(ctx, none));
        f.cache = dir.resolve("c");
        f.keepSize = "500MB";
        var s = f.settings(ctx, none);
        assertNotNull(s);
        assertEquals(dir.resolve("c").toString(), s.pathname());
        assertEquals(500L << 20, s.keepsize());
        assertEquals(7, s.keepdays());
        f.noCache = true;
        assertEquals(2, Main.exitCode(org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> f.settings(ctx, none))));
        f.cache = null;
        assertNull(f.settings(ctx, none));
        CliContext withEnv = new CliContext(Map.of(CacheFlags.ENV, "rel"), ctx.out(), ctx.err());
        CacheFlags.ForTransfers g = new CacheFlags.ForTransfers();
        assertEquals(Path.of("rel").toAbsolutePath().toString(), g.settings(withEnv, none).pathname());
    }
}
