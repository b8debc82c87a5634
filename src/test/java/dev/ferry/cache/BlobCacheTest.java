package dev.ferry.cache;

import dev.ferry.oci.BlobVerificationException;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.VerifyingInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store on its own: tee, verify, rename, corrupt files, eviction, pins, a full disk, waiting for another download. */
@Timeout(60)
class BlobCacheTest {
    static final long GB = 1L << 30;

    @TempDir Path dir;
    final List<String> warnings = new CopyOnWriteArrayList<>();

    BlobCache open() throws IOException {
        return BlobCache.open(dir, 7, GB, "test", warnings::add);
    }

    static byte[] data(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Descriptor describe(byte[] b) {
        return new Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digest.sha256(b), b.length);
    }

    /** Reads as the engine does: through a verifying stream, to the end. */
    static byte[] readVerified(InputStream in, Descriptor d) throws IOException {
        try (VerifyingInputStream v = new VerifyingInputStream(in, d, "test blob", null)) {
            byte[] all = v.readAllBytes();
            assertTrue(v.isVerified());
            return all;
        }
    }

    /** A source that counts how often it was opened and fails the test if it must not be. */
    static final class Source implements BlobCache.BlobSource {
        final byte[] bytes;
        final AtomicInteger opened = new AtomicInteger();
        volatile long pauseEveryChunkMillis;

        Source(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override public InputStream open() {
            opened.incrementAndGet();
            InputStream in = new ByteArrayInputStream(bytes);
            if (pauseEveryChunkMillis == 0) return in;
            return new FilterInputStream(in) {
                @Override public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        Thread.sleep(pauseEveryChunkMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    return super.read(b, off, Math.min(len, 64 * 1024));
                }
            };
        }
    }

    static final BlobCache.BlobSource NEVER = () -> {
        throw new AssertionError("the source must not be read: the cache holds the blob");
    };

    Path blobFile(Descriptor d) {
        return dir.resolve("blobs/sha256/" + d.digest().hex());
    }

    List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("tmp"))) {
            return s.toList();
        }
    }

    /** Puts a blob the way a transfer does and waits for it to land. */
    void put(byte[] b) throws IOException {
        try (BlobCache c = open()) {
            readVerified(c.open(describe(b), new Source(b)), describe(b));
        }
    }

    // ------------------------------------------------------------------ tee, verify, rename

    @Test
    void aMissIsTeedAndTheBlobGetsItsNameOnlyWhenComplete() throws IOException {
        byte[] b = data(3_000_000, 1);
        Descriptor d = describe(b);
        Source src = new Source(b);
        try (BlobCache c = open()) {
            InputStream in = c.open(d, src);
            byte[] first = in.readNBytes(1_000_000);
            assertEquals(1_000_000, first.length);
            assertFalse(Files.exists(blobFile(d)), "no blob under its name before all of it arrived and was checked");
            VerifyingInputStream v = new VerifyingInputStream(new java.io.SequenceInputStream(new ByteArrayInputStream(first), in), d, "t", null);
            assertArrayEquals(b, v.readAllBytes());
            v.close();
            assertEquals(1, src.opened.get());
        }
        assertArrayEquals(b, Files.readAllBytes(blobFile(d)));
        assertEquals(List.of(), tempFiles());
        try (BlobCache c = open()) {
            assertArrayEquals(b, readVerified(c.open(d, NEVER), d));
            BlobCache.JobStats s = c.stats();
            assertEquals(1, s.hits());
            assertEquals(0, s.misses());
            assertEquals(b.length, s.bytesFromCache());
        }
        List<BlobCache.JobStats> h = BlobCache.history(dir);
        assertEquals(2, h.size());
        assertEquals(1, h.get(0).misses());
        assertEquals(b.length, h.get(0).bytesCached());
        assertEquals(1.0, h.get(1).hitRate());
        assertEquals(List.of(), warnings);
    }

    @Test
    void wrongTruncatedOrFailedDownloadsNeverEnterTheCache() throws IOException {
        byte[] b = data(2_000_000, 2);
        Descriptor d = describe(b);
        byte[] tampered = b.clone();
        tampered[1_234_567] ^= 1;
        try (BlobCache c = open()) {
            assertThrows(BlobVerificationException.class, () -> readVerified(c.open(d, new Source(tampered)), d));
            assertThrows(BlobVerificationException.class,
                    () -> readVerified(c.open(d, new Source(java.util.Arrays.copyOf(b, 1_000_000))), d));
            // the source breaks off in the middle
            BlobCache.BlobSource breaking = () -> new FilterInputStream(new ByteArrayInputStream(b)) {
                int served;

                @Override public int read(byte[] buf, int off, int len) throws IOException {
                    if (served > 500_000) throw new IOException("connection reset");
                    int n = super.read(buf, off, Math.min(len, 100_000));
                    served += Math.max(n, 0);
                    return n;
                }
            };
            assertThrows(IOException.class, () -> readVerified(c.open(d, breaking), d));
            // a reader that gives up early
            try (InputStream in = c.open(d, new Source(b))) {
                in.readNBytes(10);
            }
        }
        assertFalse(Files.exists(blobFile(d)));
        assertEquals(List.of(), tempFiles());
        // the lock was given back every time: the next reader downloads and stores it
        Source good = new Source(b);
        try (BlobCache c = open()) {
            assertArrayEquals(b, readVerified(c.open(d, good), d));
        }
        assertEquals(1, good.opened.get());
        assertTrue(Files.exists(blobFile(d)));
    }

    // ------------------------------------------------------------------ corrupt files

    @Test
    void aCorruptSmallBlobIsDiscardedAndFetchedAgainTransparently() throws IOException {
        byte[] b = data(100_000, 3);
        Descriptor d = describe(b);
        put(b);
        byte[] bad = b.clone();
        bad[50_000] ^= 1;
        Files.write(blobFile(d), bad);
        Source src = new Source(b);
        try (BlobCache c = open()) {
            assertArrayEquals(b, readVerified(c.open(d, src), d));
            assertEquals(1, c.stats().corrupt());
            assertEquals(1, c.stats().misses());
        }
        assertEquals(1, src.opened.get());
        assertArrayEquals(b, Files.readAllBytes(blobFile(d)), "the good copy replaced the corrupt one");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("discarded blob " + d.digest().shortForm())), warnings::toString);
    }

    @Test
    void aCorruptLargeBlobFailsItsLastReadIsDiscardedAndTheRetryFetchesIt() throws IOException {
        byte[] b = data(3_000_000, 4);
        Descriptor d = describe(b);
        put(b);
        byte[] bad = b.clone();
        bad[2_999_000] ^= 1;
        Files.write(blobFile(d), bad);
        Source src = new Source(b);
        try (BlobCache c = open()) {
            BlobVerificationException e = assertThrows(BlobVerificationException.class, () -> readVerified(c.open(d, NEVER), d));
            assertTrue(e.getMessage().contains("discarded"), e.getMessage());
            assertFalse(Files.exists(blobFile(d)), "the corrupt copy is gone");
            assertArrayEquals(b, readVerified(c.open(d, src), d), "the retry reads the source");
        }
        assertEquals(1, src.opened.get());
        assertArrayEquals(b, Files.readAllBytes(blobFile(d)));
    }

    @Test
    void aCachedFileOfTheWrongSizeIsAMiss() throws IOException {
        byte[] b = data(3_000_000, 5);
        Descriptor d = describe(b);
        put(b);
        Files.write(blobFile(d), java.util.Arrays.copyOf(b, 2_000_000));
        Source src = new Source(b);
        try (BlobCache c = open()) {
            assertArrayEquals(b, readVerified(c.open(d, src), d));
        }
        assertEquals(1, src.opened.get());
        assertArrayEquals(b, Files.readAllBytes(blobFile(d)));
    }

    // ------------------------------------------------------------------ eviction

    /** Writes blobs of these sizes straight into the store, each last used {@code ages[i]} ago. */
    List<Descriptor> fill(int[] sizes, Duration[] ages) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        List<Descriptor> out = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < sizes.length; i++) {
            byte[] b = data(sizes[i], 100 + i);
            Descriptor d = describe(b);
            Files.write(blobFile(d), b);
            Files.setLastModifiedTime(blobFile(d), FileTime.from(now.minus(ages[i])));
            out.add(d);
        }
        return out;
    }

    boolean has(Descriptor d) {
        return Files.exists(blobFile(d));
    }

    @Test
    void blobsNotUsedForKeepdaysDaysGo() throws IOException {
        List<Descriptor> ds = fill(new int[]{1000, 2000, 3000, 4000},
                new Duration[]{Duration.ofDays(30), Duration.ofDays(8), Duration.ofDays(6), Duration.ofHours(1)});
        try (BlobCache c = BlobCache.open(dir, 7, GB)) {
            BlobCache.PruneResult r = c.prune();
            assertEquals(2, r.removedByAge());
            assertEquals(3000, r.bytesByAge());
            assertEquals(0, r.removedBySize());
            assertEquals(2, r.remaining());
            assertEquals(7000, r.remainingBytes());
        }
        assertFalse(has(ds.get(0)));
        assertFalse(has(ds.get(1)));
        assertTrue(has(ds.get(2)));
        assertTrue(has(ds.get(3)));
    }

    @Test
    void beyondKeepsizeTheLeastRecentlyUsedGo() throws IOException {
        // last used 5, 4, 3, 2, 1 hours ago; 15000 bytes in all
        List<Descriptor> ds = fill(new int[]{1000, 5000, 2000, 4000, 3000},
                new Duration[]{Duration.ofHours(5), Duration.ofHours(4), Duration.ofHours(3), Duration.ofHours(2), Duration.ofHours(1)});
        try (BlobCache c = BlobCache.open(dir, 7, 8000)) {
            BlobCache.PruneResult r = c.prune();
            // 15000 -> drop 1000 (14000), 5000 (9000), 2000 (7000 <= 8000): the two newest stay
            assertEquals(3, r.removedBySize());
            assertEquals(8000, r.bytesBySize());
            assertEquals(7000, r.remainingBytes());
            assertEquals(2, r.remaining());
            assertEquals(2, c.usage().blobs());
            assertEquals(7000, c.usage().bytes());
        }
        assertEquals(List.of(false, false, false, true, true), ds.stream().map(this::has).toList());
    }

    @Test
    void ageComesFirstThenSizeAndAReadRefreshesTheLastUse() throws IOException {
        List<Descriptor> ds = fill(new int[]{3000, 3000, 3000, 3000},
                new Duration[]{Duration.ofDays(9), Duration.ofHours(3), Duration.ofHours(2), Duration.ofHours(1)});
        // reading the blob used 3 hours ago makes it the most recent
        try (BlobCache c = BlobCache.open(dir, 7, GB)) {
            c.get(ds.get(1)).orElseThrow().close();
        }
        try (BlobCache c = BlobCache.open(dir, 7, 6500)) {
            BlobCache.PruneResult r = c.prune();
            assertEquals(1, r.removedByAge());
            assertEquals(1, r.removedBySize());
        }
        assertEquals(List.of(false, true, false, true), ds.stream().map(this::has).toList());
    }

    @Test
    void pruneNeverRemovesABlobInUse() throws Exception {
        List<Descriptor> ds = fill(new int[]{2_000_000, 1000, 1000},
                new Duration[]{Duration.ofDays(20), Duration.ofHours(3), Duration.ofHours(1)});
        BlobCache job = BlobCache.open(dir, 7, GB);
        // being read (not finished): shared lock; the second blob read and verified: pinned for the job
        InputStream reading = job.get(ds.get(0)).orElseThrow();
        reading.readNBytes(1000);
        Files.setLastModifiedTime(blobFile(ds.get(0)), FileTime.from(Instant.now().minus(Duration.ofDays(20))));
        job.get(ds.get(1)).orElseThrow().readAllBytes();
        try (BlobCache admin = BlobCache.open(dir, 7, 1500)) {
            BlobCache.PruneResult r = admin.prune();
            assertEquals(0, r.removedByAge());
            assertEquals(1, r.removedBySize(), "the one blob nobody uses");
            assertEquals(2, r.skippedInUse());
            assertTrue(has(ds.get(0)) && has(ds.get(1)) && !has(ds.get(2)));
            List<BlobCache.Entry> ls = admin.list();
            assertEquals(2, ls.size());
            assertTrue(ls.stream().allMatch(BlobCache.Entry::inUse));

            reading.close(); // not verified to the end: no pin
            assertTrue(admin.list().stream().filter(e -> e.digest().equals(ds.get(0).digest())).noneMatch(BlobCache.Entry::inUse));
            job.close(); // the job's pins go
            BlobCache.PruneResult after = admin.prune();
            assertEquals(1, after.removedByAge());
            assertEquals(0, after.skippedInUse());
            assertEquals(1000, after.remainingBytes());
            BlobCache.ClearResult cleared = admin.clear();
            assertEquals(1, cleared.removed());
            assertEquals(new BlobCache.Usage(0, 0, null, null), admin.usage());
        }
    }

    @Test
    void leftoversOfAKilledDownloadArePruned() throws IOException {
        Files.createDirectories(dir.resolve("tmp"));
        Path part = dir.resolve("tmp/sha256-" + Digest.sha256("x").hex() + ".part");
        Files.write(part, new byte[100]);
        try (BlobCache c = BlobCache.open(dir, 7, GB)) {
            c.prune();
        }
        assertFalse(Files.exists(part));
    }

    // ------------------------------------------------------------------ a full or slow disk

    @Test
    void aWriteErrorStopsCachingButNotTheTransfer() throws IOException {
        byte[] b = data(3_000_000, 6);
        Descriptor d = describe(b);
        BlobCache c = open();
        try {
            // simulated ENOSPC (see realFullDisk… for a real one): the first MB fits, then the disk is full
            c.writeHook = (digest, offset, length) -> {
                if (offset + length > 1_000_000) throw new IOException("No space left on device");
            };
            assertArrayEquals(b, readVerified(c.open(d, new Source(b)), d));
        } finally {
            c.close(); // the cache writes beside the reader: its outcome is known once close() has waited for it
        }
        assertEquals(1, c.stats().uncached());
        assertFalse(has(d));
        assertEquals(List.of(), tempFiles());
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("No space left on device") && warnings.get(0).contains("goes on without the cache"), warnings::toString);
    }

    @Test
    void aRealFullDiskStopsCachingButNotTheTransfer() throws Exception {
        Path mnt = Files.createTempDirectory("ferry-cache-tmpfs-");
        boolean mounted = false;
        try {
            Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"), "tmpfs needs Linux");
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            mounted = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            Assumptions.assumeTrue(mounted, "cannot mount a 1 MB tmpfs here (needs root): " + out);
            byte[] big = data(3_000_000, 7);
            byte[] small = data(200_000, 8);
            try (BlobCache c = BlobCache.open(mnt.resolve("cache"), 7, GB, "test", warnings::add)) {
                assertArrayEquals(big, readVerified(c.open(describe(big), new Source(big)), describe(big)));
                assertArrayEquals(small, readVerified(c.open(describe(small), new Source(small)), describe(small)));
            }
            assertFalse(Files.exists(mnt.resolve("cache/blobs/sha256/" + describe(big).digest().hex())));
            assertTrue(Files.exists(mnt.resolve("cache/blobs/sha256/" + describe(small).digest().hex())), "the space was given back");
            try (Stream<Path> s = Files.list(mnt.resolve("cache/tmp"))) {
                assertEquals(0, s.count());
            }
            assertTrue(warnings.stream().anyMatch(w -> w.contains("No space left on device")), warnings::toString);
        } finally {
            if (mounted) new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor(20, TimeUnit.SECONDS);
            Files.deleteIfExists(mnt);
        }
    }

    @Test
    void aDiskSlowerThanTheTransferIsNotWaitedFor() throws IOException {
        byte[] b = data(4_000_000, 9);
        Descriptor d = describe(b);
        try (BlobCache c = open()) {
            c.perBlobBuffer = 256 * 1024;
            c.writeHook = (digest, offset, length) -> {
                try {
                    Thread.sleep(50); // 64 KB chunks: about 3 s for the blob
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            long t0 = System.nanoTime();
            assertArrayEquals(b, readVerified(c.open(d, new Source(b)), d));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 1500, "the transfer took " + ms + " ms: it waited for the disk");
        }
        assertFalse(has(d));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("slower than the transfer")), warnings::toString);
    }

    @Test
    void aBlobLargerThanKeepsizeIsNotCached() throws IOException {
        byte[] b = data(10_000, 10);
        try (BlobCache c = BlobCache.open(dir, 7, 5_000, "t", warnings::add)) {
            assertArrayEquals(b, readVerified(c.open(describe(b), new Source(b)), describe(b)));
        }
        assertFalse(has(describe(b)));
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void readersOfABlobBeingDownloadedWaitForItInsteadOfDownloadingItAgain() throws Exception {
        byte[] b = data(2_000_000, 11);
        Descriptor d = describe(b);
        Source src = new Source(b);
        src.pauseEveryChunkMillis = 2; // 8 KB reads: about 0.5 s
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (BlobCache c = open()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<byte[]>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(pool.submit(() -> {
                    go.await();
                    return readVerified(c.open(d, src), d);
                }));
            }
            go.countDown();
            for (Future<byte[]> f : fs) assertArrayEquals(b, f.get(30, TimeUnit.SECONDS));
            assertEquals(1, src.opened.get(), "one download for eight readers");
            BlobCache.JobStats s = c.stats();
            assertEquals(7, s.hits());
            assertEquals(1, s.misses());
            assertEquals(7, s.waits());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStuckDownloadIsNotWaitedForForever() throws Exception {
        byte[] b = data(2_000_000, 12);
        Descriptor d = describe(b);
        try (BlobCache c = open()) {
            c.stallTimeout = Duration.ofMillis(300);
            InputStream stuck = c.open(d, new Source(b)); // holds the lock, never reads
            Source second = new Source(b);
            long t0 = System.nanoTime();
            assertArrayEquals(b, readVerified(c.open(d, second), d));
            assertTrue(System.nanoTime() - t0 >= 300_000_000L);
            assertEquals(1, second.opened.get());
            stuck.close();
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("no progress")), warnings::toString);
    }

    @Test
    void aLockHeldByAPinOfACopyDiscardedElsewhereIsNotWaitedForLong() throws Exception {
        byte[] b = data(200_000, 15);
        Descriptor d = describe(b);
        put(b);
        try (BlobCache job = open(); BlobCache other = BlobCache.open(dir, 7, GB, "other", warnings::add)) {
            readVerified(job.get(d).orElseThrow(), d); // pinned by job
            Files.delete(blobFile(d));                 // as another process that found it corrupt would
            other.noDownloadTimeout = Duration.ofMillis(200);
            Source src = new Source(b);
            long t0 = System.nanoTime();
            assertArrayEquals(b, readVerified(other.open(d, src), d));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
            assertEquals(1, src.opened.get());
        }
        assertTrue(warnings.stream().anyMatch(w -> w.contains("is not downloading it")), warnings::toString);
    }

    @Test
    void anInterruptedReaderDoesNotBreakTheLocksOfOthers() throws Exception {
        byte[] b = data(2_000_000, 13);
        Descriptor d = describe(b);
        put(b);
        try (BlobCache c = open()) {
            InputStream held = c.get(d).orElseThrow(); // a shared lock of this JVM
            Thread t = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    c.get(d).ifPresent(in -> {
                        try {
                            in.close();
                        } catch (IOException ignored) {
                            // fine
                        }
                    });
                } catch (IOException ignored) {
                    // an interrupted reader may fail; the locks must survive
                }
            });
            t.start();
            t.join();
            try (BlobCache other = BlobCache.open(dir, 7, 1)) {
                assertEquals(1, other.prune().skippedInUse(), "the shared lock is still held");
            }
            held.close();
        }
    }

    @Test
    void statisticsKeepTheLastFiftyJobs() throws IOException {
        byte[] b = data(1000, 14);
        put(b);
        for (int i = 0; i < 55; i++) {
            try (BlobCache c = BlobCache.open(dir, 7, GB, "job" + i, null)) {
                c.get(describe(b)).orElseThrow().close();
            }
        }
        List<BlobCache.JobStats> h = BlobCache.history(dir);
        assertEquals(StatsFile.KEEP, h.size());
        assertEquals("job54", h.get(h.size() - 1).job());
        assertEquals(1, h.get(h.size() - 1).hits());
        // a job that read nothing records nothing
        try (BlobCache c = open()) {
            c.prune();
        }
        assertEquals(StatsFile.KEEP, BlobCache.history(dir).size());
    }
}
