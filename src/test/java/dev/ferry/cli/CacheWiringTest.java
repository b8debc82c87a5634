package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache through the command line: cfg.yaml's cache:, --cache DIR, --no-cache, and ferry cache stats afterwards. */
@Timeout(240)
class CacheWiringTest {
    static Path work;
    static Image multi, app;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-cache-wiring-");
        Path layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 300_000, false);
        app = TestImages.single(layout, "app", "linux", "amd64", 2, 1_500_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi", src.host() + "/public/base:1.0", Options.plain(), true);
        Skopeo.pushOciDir(layout, "app", src.host() + "/public/app:2.0", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static long blobGets() {
        return src.countRequests("GET", "/v2/public/.*/blobs/sha256:.*");
    }

    static int distinctBlobs() {
        return (int) java.util.stream.Stream.concat(multi.blobDigests().stream(), app.blobDigests().stream()).distinct().count();
    }

    static Path cfg(Path dir, Path cache, RegistryServer... targets) throws IOException {
        StringBuilder y = new StringBuilder("source:\n- registry: \"http://" + src.host() + "\"\n  name: nj\ntarget:\n");
        String[] names = {"gz", "sh"};
        for (int i = 0; i < targets.length; i++) {
            y.append("- registry: \"http://").append(targets[i].host()).append("\"\n  name: ").append(names[i]).append('\n');
        }
        y.append("cache:\n  pathname: ").append(cache).append("\n  keepdays: 7\n  keepsize: 1GB\n");
        Path f = dir.resolve("cfg.yaml");
        Files.writeString(f, y.toString());
        return f;
    }

    @Test
    void syncToTwoTargetsThenAgainReadsEachSourceBlobOnce(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("cache");
        Path lst = Files.writeString(tmp.resolve("img.lst"), "10.45.80.1/public/base:1.0\n10.45.80.1/public/app:2.0\n");
        long before = blobGets();
        try (RegistryServer gz = RegistryServer.builder().start(); RegistryServer sh = RegistryServer.builder().start()) {
            Path cfg = cfg(tmp, cache, gz, sh);
            FerryCli.Result r = new FerryCli().run("sync", lst.toString(), "--config", cfg.toString(), "--to", "gz", "--to", "sh", "-q",
                    "--log", tmp.resolve("1.log").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(distinctBlobs(), blobGets() - before, "each source blob once for two target registries");
        }
        before = blobGets();
        try (RegistryServer gz = RegistryServer.builder().start()) {
            // image-transmit's command line, a day later, to a new target: cfg.yaml's cache applies
            Path cfg = cfg(tmp, cache, gz);
            FerryCli.Result r = new FerryCli().run("-src=nj", "-dst=gz", "-lst=" + lst, "-config=" + cfg);
            assertEquals(0, r.exit(), r::toString);
            assertEquals(0, blobGets() - before, "no source blob GET: all from the cache");
            FerryCli.Result noCache = new FerryCli().run("sync", lst.toString(), "--config", cfg.toString(), "--to", "gz", "--no-cache", "-q",
                    "--log", tmp.resolve("3.log").toString());
            assertEquals(0, noCache.exit(), noCache::toString); // (up to date: HEADs only)
        }
        FerryCli.Result stats = new FerryCli().run("cache", "stats", "--cache", cache.toString(), "-o", "json");
        assertEquals(0, stats.exit(), stats::toString);
        JsonNode j = stats.json();
        assertEquals(2, j.get("jobs").size(), j::toString);
        assertEquals("sync", j.get("jobs").get(0).get("job").asText());
        assertEquals(distinctBlobs(), j.get("jobs").get(0).get("misses").asInt());
        assertEquals(0, j.get("jobs").get(1).get("misses").asInt());
        assertEquals(1.0, j.get("jobs").get(1).get("hitRate").asDouble());
        assertEquals(distinctBlobs(), j.get("blobs").asInt());
    }

    @Test
    void copyWithCacheDirAndAFullCacheStillCopies(@TempDir Path tmp) throws IOException {
        Path cache = tmp.resolve("cache");
        try (RegistryServer t = RegistryServer.builder().start()) {
            long before = blobGets();
            for (String repo : List.of("one", "two")) {
                FerryCli.Result r = new FerryCli().run("copy", src.host() + "/public/app:2.0", t.host() + "/" + repo + "/app:2.0",
                        "--cache", cache.toString(), "--keepsize", "500MB", "-q");
                assertEquals(0, r.exit(), r::toString);
            }
            // the second copy mounts nothing (another repository, no mount source on the target) but reads the cache
            assertEquals(app.blobDigests().size(), blobGets() - before);
            // a keepsize smaller than a layer: that layer is not cached, with a warning, and the copy succeeds
            FerryCli.Result small = new FerryCli().run("copy", src.host() + "/public/app:2.0", "oci:" + tmp.resolve("layout") + ":2.0",
                    "--cache", tmp.resolve("small").toString(), "--keepsize", "1MB");
            assertEquals(0, small.exit(), small::toString);
            assertTrue(small.err().contains("warning: cache: not caching blob") && small.err().contains("larger than keepsize"), small::toString);
        }
    }
}
