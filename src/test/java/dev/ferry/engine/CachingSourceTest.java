package dev.ferry.engine;

import dev.ferry.cache.BlobCache;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.pack.OciLayout;
import dev.ferry.registry.RegistryImageSink;
import dev.ferry.registry.RegistryImageSource;
import dev.ferry.registry.RegistryOptions;
import dev.ferry.registry.RegistryPool;
import dev.ferry.registry.RetryListener;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache under the engine, against real registries whose access logs count the blob GETs:
 * a job to two target registries reads each source blob once, a later job (and a second "save"
 * to a fresh OCI layout) reads none, a corrupted cache file is discarded and fetched again, and
 * two or three ferry processes sharing one cache download each blob once between them.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CachingSourceTest {
    static final long GB = 1L << 30;
    static Path work;
    static Path cacheDir;
    static Image multi, app;
    static RegistryServer src, t1, t2;
    static RegistryPool pool;
    static final List<String> warnings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-caching-test-");
        cacheDir = work.resolve("cache");
        Path layout = work.resolve("images");
        // layers of 1.5 MB are verified as they stream from the cache; the configs (small) before the first byte
        multi = TestImages.multiArch(layout, "multi", 1, 1_500_000, false);
        app = TestImages.single(layout, "app", "linux", "amd64", 2, 300_000, true);
        src = RegistryServer.builder().start();
        t1 = RegistryServer.builder().start();
        t2 = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi", src.host() + "/lib/multi:1", Options.plain(), true);
        Skopeo.pushOciDir(layout, "app", src.host() + "/lib/app:1", Options.plain(), false);
        pool = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test", Map.of());
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) pool.close();
        for (RegistryServer r : new RegistryServer[]{src, t1, t2}) if (r != null) r.close();
        TempDirs.deleteRecursively(work);
    }

    record Img(Image image, String repo) {}

    static final List<Img> IMAGES = new ArrayList<>();

    static List<Img> images() {
        if (IMAGES.isEmpty()) {
            IMAGES.add(new Img(multi, "lib/multi"));
            IMAGES.add(new Img(app, "lib/app"));
        }
        return IMAGES;
    }

    /** Source blob GETs, per digest, over both source repositories. */
    static Map<String, Long> sourceBlobGets() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Img i : images()) {
            for (String d : i.image().blobDigests()) {
                out.merge(d, src.countRequests("GET", "/v2/" + i.repo() + "/blobs/" + d), Long::sum);
            }
        }
        return out;
    }

    static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    static ImageTask task(Img i, BlobCache cache, dev.ferry.spi.ImageSink sink, String target) throws IOException {
        var source = new CachingSource(new RegistryImageSource(pool.client(src.host()), i.repo()), cache);
        return new ImageTask(i.repo() + " -> " + target, source, "1", sink, "1", src.host() + "/" + i.repo() + ":1", target, List.of());
    }

    static JobResult run(List<ImageTask> tasks) {
        JobResult r = new Engine(new Engine.Settings(4, 2, Duration.ofMillis(50), false), null).run(tasks);
        for (ImageResult ir : r.images()) assertEquals(ImageResult.Status.COPIED, ir.status(), ir.image() + ": " + ir.error());
        return r;
    }

    @Test
    @Order(1)
    void aJobToTwoTargetRegistriesReadsEachSourceBlobOnce() throws IOException {
        Map<String, Long> before = sourceBlobGets();
        assertEquals(0, total(before));
        BlobCache.JobStats stats;
        try (BlobCache cache = BlobCache.open(cacheDir, 7, GB, "sync", warnings::add)) {
            List<ImageTask> tasks = new ArrayList<>();
            for (RegistryServer t : List.of(t1, t2)) {
                for (Img i : images()) {
                    tasks.add(task(i, cache, new RegistryImageSink(pool.client(t.host()), i.repo()), t.host() + "/" + i.repo() + ":1"));
                }
            }
            run(tasks);
            stats = cache.stats();
        }
        Map<String, Long> gets = sourceBlobGets();
        for (var e : gets.entrySet()) assertEquals(1L, e.getValue(), "GETs of source blob " + e.getKey() + ": " + gets);
        int distinct = gets.size();
        assertEquals(distinct, stats.misses());
        assertTrue(stats.hits() >= distinct, "the second target registry read every blob from the cache: " + stats);
        assertEquals(distinct, stats.blobsCached());
        for (RegistryServer t : List.of(t1, t2)) {
            for (Img i : images()) {
                // skopeo checks every blob's digest on the way
                Skopeo.copyAllToOciDir(t.host() + "/" + i.repo() + ":1", work.resolve("check-" + t.port() + "-" + i.repo().replace('/', '-')), Options.plain());
            }
        }
        assertEquals(List.of(), warnings);
        List<BlobCache.JobStats> history = BlobCache.history(cacheDir);
        assertEquals(1, history.size());
        assertEquals("sync", history.get(0).job());

        // the control: the same job without the cache reads every blob once per target registry
        List<ImageTask> plain = new ArrayList<>();
        for (RegistryServer t : List.of(t1, t2)) {
            for (Img i : images()) {
                plain.add(new ImageTask(i.repo(), new RegistryImageSource(pool.client(src.host()), i.repo()), "1",
                        new RegistryImageSink(pool.client(t.host()), "plain/" + i.repo()), "1", i.repo(), "plain", List.of()));
            }
        }
        run(plain);
        Map<String, Long> after = sourceBlobGets();
        // (the single-platform image's config, read to learn its platform, is uploaded from those bytes: no second GET)
        for (var e : after.entrySet()) {
            assertEquals(2L, e.getValue() - gets.get(e.getKey()), "uncached GETs of " + e.getKey());
        }
    }

    @Test
    @Order(2)
    void aLaterJobReadsNoSourceBlobAtAll() throws IOException {
        long before = total(sourceBlobGets());
        try (BlobCache cache = BlobCache.open(cacheDir, 7, GB, "sync", warnings::add)) {
            List<ImageTask> tasks = new ArrayList<>();
            for (Img i : images()) {
                // a new repository on a target, and an OCI layout (the shape of a daily pack)
                tasks.add(task(i, cache, new RegistryImageSink(pool.client(t1.host()), "again/" + i.repo()), "again"));
                tasks.add(task(i, cache, OciLayout.create(work.resolve("later-" + i.repo().replace('/', '-'))), "layout"));
            }
            run(tasks);
            assertEquals(0, cache.stats().misses(), cache.stats().toString());
        }
        assertEquals(before, total(sourceBlobGets()), "no blob GET at the source");
    }

    @Test
    @Order(3)
    void aSecondSaveOfTheSameImagesMakesNoBlobGet() throws IOException {
        Path saveCache = work.resolve("save-cache");
        long before = total(sourceBlobGets());
        for (int round = 1; round <= 2; round++) {
            try (BlobCache cache = BlobCache.open(saveCache, 7, GB, "save", warnings::add)) {
                List<ImageTask> tasks = new ArrayList<>();
                for (Img i : images()) {
                    tasks.add(task(i, cache, OciLayout.create(work.resolve("save" + round + "-" + i.repo().replace('/', '-'))), "pack"));
                }
                run(tasks);
            }
            long now = total(sourceBlobGets());
            if (round == 1) assertEquals(sourceBlobGets().size(), now - before, "the first save reads each blob once");
            else assertEquals(0, now - before, "the second save reads no blob from the source");
            before = now;
        }
    }

    @Test
    @Order(4)
    void aCorruptedCacheFileIsDetectedDiscardedAndFetchedAgain() throws Exception {
        String layer = multi.children().get(0).layers().get(1).digest(); // 1.5 MB: found at the end of the stream
        String config = app.config().digest();                            // small: found before the first byte
        for (String d : List.of(layer, config)) {
            Path f = cacheDir.resolve("blobs/sha256/" + d.substring("sha256:".length()));
            byte[] b = Files.readAllBytes(f);
            b[b.length / 2] ^= 0x40;
            Files.write(f, b);
        }
        Map<String, Long> before = sourceBlobGets();
        try (BlobCache cache = BlobCache.open(cacheDir, 7, GB, "sync", warnings::add)) {
            List<ImageTask> tasks = new ArrayList<>();
            for (Img i : images()) tasks.add(task(i, cache, OciLayout.create(work.resolve("after-corrupt-" + i.repo().replace('/', '-'))), "layout"));
            run(tasks);
            assertEquals(2, cache.stats().corrupt());
        }
        Map<String, Long> after = sourceBlobGets();
        for (String d : before.keySet()) {
            long expected = d.equals(layer) || d.equals(config) ? 1 : 0;
            assertEquals(expected, after.get(d) - before.get(d), "new GETs of " + d);
        }
        for (String d : List.of(layer, config)) {
            byte[] b = Files.readAllBytes(cacheDir.resolve("blobs/sha256/" + d.substring("sha256:".length())));
            assertEquals(d, "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)), "the cache holds a good copy again");
        }
        assertEquals(2, warnings.stream().filter(w -> w.contains("discarded blob")).count(), warnings::toString);
        warnings.clear();
    }

    // ------------------------------------------------------------------ several processes

    /** Random blobs pushed to {@code repo} of the source registry. */
    static List<Descriptor> pushBlobs(String repo, int n, int size, long seed) throws IOException {
        List<Descriptor> out = new ArrayList<>();
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(b), b.length);
            pool.client(src.host()).pushBlob(repo, d, new VerifyingInputStream(new ByteArrayInputStream(b), d, "test blob", null));
            out.add(d);
        }
        return out;
    }

    static Process child(Path cache, String repo, Path go, Path started, long delayMs, List<Descriptor> blobs, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CacheChild.class.getName(),
                cache.toString(), src.host(), repo, go.toString(), started.toString(), Long.toString(delayMs)));
        for (Descriptor d : blobs) cmd.add(d.digest() + ":" + d.size());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    static String finish(Process p, Path out) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    static long blobGets(String repo, Descriptor d) {
        return src.countRequests("GET", "/v2/" + repo + "/blobs/" + d.digest());
    }

    @Test
    @Order(5)
    void aSecondProcessWaitsForTheFirstOnesDownloadInsteadOfDownloadingAgain() throws Exception {
        Path dir = Files.createDirectories(work.resolve("procs1"));
        Path cache = dir.resolve("cache");
        List<Descriptor> blobs = pushBlobs("shared/one", 3, 2_000_000, 1);
        Path goA = dir.resolve("go-a"), goB = dir.resolve("go-b"), startedA = dir.resolve("started-a"), startedB = dir.resolve("started-b");
        // A reads slowly (a long download); B starts once A is in the middle of its first blob
        Process a = child(cache, "shared/one", goA, startedA, 4, blobs, dir.resolve("a.out"));
        Process b = child(cache, "shared/one", goB, startedB, 0, blobs, dir.resolve("b.out"));
        Files.createFile(goA);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(startedA)) {
            assertTrue(System.nanoTime() < deadline && a.isAlive(), "A did not start: " + Files.readString(dir.resolve("a.out")));
            Thread.sleep(5);
        }
        Files.createFile(goB);
        String outA = finish(a, dir.resolve("a.out"));
        String outB = finish(b, dir.resolve("b.out"));
        for (Descriptor d : blobs) {
            assertEquals(1, blobGets("shared/one", d), "GETs of " + d.digest() + "\nA: " + outA + "\nB: " + outB);
            assertTrue(outA.contains("ok " + d.digest()) && outB.contains("ok " + d.digest()));
        }
        List<BlobCache.JobStats> h = BlobCache.history(cache);
        assertEquals(2, h.size());
        assertEquals(3, h.stream().mapToLong(BlobCache.JobStats::misses).sum(), h::toString);
        assertEquals(3, h.stream().mapToLong(BlobCache.JobStats::hits).sum(), h::toString);
        assertTrue(outB.contains("waits=") && !outB.contains("waits=0"), "B waited for A's download of the first blob: " + outB);
        assertTrue(!outA.contains("warning") && !outB.contains("warning"), outA + outB);
    }

    @Test
    @Order(6)
    void threeProcessesRacingOverOneCacheDownloadEachBlobOnce() throws Exception {
        Path dir = Files.createDirectories(work.resolve("procs3"));
        Path cache = dir.resolve("cache");
        List<Descriptor> blobs = pushBlobs("shared/three", 5, 1_500_000, 2);
        Path go = dir.resolve("go");
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Descriptor> order = new ArrayList<>(blobs);
            Collections.shuffle(order, new Random(i));
            ps.add(child(cache, "shared/three", go, dir.resolve("started-" + i), 1, order, dir.resolve(i + ".out")));
        }
        Thread.sleep(300); // let them start their JVMs; the go file releases all three at once
        Files.createFile(go);
        StringBuilder outs = new StringBuilder();
        for (int i = 0; i < 3; i++) outs.append(finish(ps.get(i), dir.resolve(i + ".out")));
        for (Descriptor d : blobs) assertEquals(1, blobGets("shared/three", d), "GETs of " + d.digest() + "\n" + outs);
        List<BlobCache.JobStats> h = BlobCache.history(cache);
        assertEquals(3, h.size());
        assertEquals(5, h.stream().mapToLong(BlobCache.JobStats::misses).sum(), h::toString);
        assertEquals(10, h.stream().mapToLong(BlobCache.JobStats::hits).sum(), h::toString);
        try (BlobCache c = BlobCache.open(cache, 7, GB)) {
            assertEquals(5, c.usage().blobs());
            assertTrue(c.list().stream().noneMatch(BlobCache.Entry::inUse), "every pin went with its process");
        }
    }
}
