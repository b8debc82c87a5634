package dev.ferry.app;

import dev.ferry.engine.CachingSource;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache for one job: eviction at start and end, pins while it runs, and never a failed job because of the cache. */
@Timeout(60)
class JobCacheTest {
    @TempDir Path dir;
    final List<Text> warnings = new CopyOnWriteArrayList<>();

    /** Blobs in memory; counts reads. */
    static final class MemorySource implements ImageSource {
        final Map<Digest, byte[]> blobs;
        final AtomicInteger reads = new AtomicInteger();

        MemorySource(Map<Digest, byte[]> blobs) {
            this.blobs = blobs;
        }

        @Override public String describe() { return "memory"; }

        @Override public Manifest manifest(String reference) throws IOException { throw new IOException("no manifests"); }

        @Override public Manifest manifest(Descriptor descriptor) throws IOException { throw new IOException("no manifests"); }

        @Override public InputStream openBlob(Descriptor d) {
            reads.incrementAndGet();
            return new ByteArrayInputStream(blobs.get(d.digest()));
        }
    }

    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Descriptor describe(byte[] b) {
        return new Descriptor("application/octet-stream", Digest.sha256(b), b.length);
    }

    static void read(ImageSource s, Descriptor d) throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(s.openBlob(d), d, "t", null)) {
            v.readAllBytes();
        }
    }

    @Test
    void aCacheThatCannotBeUsedIsAWarningAndTheJobRunsWithoutIt() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        JobCache c = JobCache.open(file, 7, 1000, "copy", warnings::add);
        assertFalse(c.enabled());
        MemorySource s = new MemorySource(Map.of());
        assertSame(s, c.wrap(s));
        c.close();
        assertEquals(1, warnings.size(), warnings::toString);
        assertEquals("cache: cache " + file + " is a file, not a directory; name another with --cache DIR or cache: pathname: in cfg.yaml; the job runs without the cache",
                warnings.get(0).english());
        assertEquals("缓存：缓存 " + file + " 是一个文件而不是目录；请用 --cache DIR 或 cfg.yaml 中的 cache: pathname: 指定另一个目录；任务在不使用缓存的情况下运行",
                Messages.forLocale(java.util.Locale.SIMPLIFIED_CHINESE).text(warnings.get(0)), "the reader's language, the cache's reason too");
        assertSame(s, JobCache.open(null, dir, "copy", warnings::add).wrap(s));
    }

    @Test
    void evictsAtStartPinsWhileRunningAndEvictsAgainAtTheEnd() throws IOException {
        Path cache = dir.resolve("cache");
        byte[] old = data(1000, 1);
        Files.createDirectories(cache.resolve("blobs/sha256"));
        Path oldFile = cache.resolve("blobs/sha256/" + describe(old).digest().hex());
        Files.write(oldFile, old);
        Files.setLastModifiedTime(oldFile, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        JobCache job = JobCache.open(cache, 7, 5000, "copy", warnings::add);
        assertEquals(1, job.prunedAtStart().orElseThrow().removedByAge());
        assertFalse(Files.exists(oldFile));

        byte[] a = data(3000, 2), b = data(3000, 3);
        MemorySource src = new MemorySource(Map.of(describe(a).digest(), a, describe(b).digest(), b));
        ImageSource s = job.wrap(src);
        assertTrue(s instanceof CachingSource);
        read(s, describe(a));
        read(s, describe(b));
        read(s, describe(a));
        assertEquals(2, src.reads.get());
        // another ferry's prune while the job runs: 6000 bytes > 5000, but both blobs are the job's
        CacheAdmin admin = new CacheAdmin(cache, 7, 5000);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (admin.usage().blobs() < 2) { // written on another thread, shortly after the read ended
            assertTrue(System.nanoTime() < deadline, "the blobs did not land in the cache");
            Thread.onSpinWait();
        }
        assertEquals(2, admin.prune().skippedInUse());
        assertEquals(2, admin.usage().blobs());

        job.close();
        CacheAdmin.JobStats st = job.stats().orElseThrow();
        assertEquals(1, st.hits());
        assertEquals(2, st.misses());
        assertEquals(1, job.prunedAtEnd().orElseThrow().removedBySize(), "at the end the least recently used goes");
        assertEquals(1, admin.usage().blobs());
        CacheAdmin.Stats stats = admin.stats(0);
        assertEquals(1, stats.jobs().size());
        assertEquals("copy", stats.jobs().get(0).job());
        assertEquals(1 / 3.0, stats.hitRate(), 1e-9);
        assertEquals(List.of(), warnings);
    }
}
