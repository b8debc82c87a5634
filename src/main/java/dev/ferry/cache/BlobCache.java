package dev.ferry.cache;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A content-addressed store of blobs on local disk, shared by the jobs of one process and by
 * several processes at once.
 *
 * <pre>
 * DIR/blobs/sha256/HEX      verified blobs; the file's modification time is its last use
 * DIR/tmp/sha256-HEX.part   a download in progress (only while its writer holds the blob's lock)
 * DIR/locks/blobs.lock      one byte per blob, locked shared while a blob is read or pinned by a
 *                           job, exclusive while it is written or evicted
 * DIR/stats.json            hits and misses of the last jobs
 * </pre>
 *
 * <p>{@link #open(Descriptor, BlobSource)} serves a blob from the cache when it holds a good copy
 * (a stream that verifies the digest again as it reads), and otherwise from the source through a
 * stream that also writes the bytes to a temporary file on another thread; the file takes the
 * blob's name only when every byte arrived and the digest matched. When another thread or
 * process is downloading the same blob, it waits for that download and then reads the cache.
 * Writing to the cache never fails a transfer: a full disk, a disk slower than the transfer or any
 * other write error stops caching that blob, with a warning, and the transfer goes on.
 *
 * <p>Every blob this instance served or stored stays pinned (a shared lock) until
 * {@link #close()}, so no {@link #prune()} of any process removes what a running job uses.
 * Close the cache at the end of the job: it waits for writes to finish, releases the pins and
 * records the job's hits and misses; then {@link #prune()} with a new or the same directory.
 *
 * <p>This class is the whole interface; behind it {@link CacheReads} serves and fetches blobs,
 * {@link CacheEviction} lists and removes them, {@link Pins} keeps what a job uses and
 * {@link CacheCounters} counts what it did.
 */
public final class BlobCache implements Closeable {

    /** A blob in the cache. */
    public record Entry(Digest digest, long size, Instant lastUsed, boolean inUse) {}

    /** How much the cache holds. */
    public record Usage(int blobs, long bytes, Instant oldestUse, Instant newestUse) {}

    /** What {@link #prune()} removed, and what is left. */
    public record PruneResult(int removedByAge, long bytesByAge, int removedBySize, long bytesBySize, int skippedInUse,
                              int remaining, long remainingBytes) {
        public int removed() { return removedByAge + removedBySize; }

        public long bytesFreed() { return bytesByAge + bytesBySize; }
    }

    /** What {@link #clear()} removed. */
    public record ClearResult(int removed, long bytesFreed, int skippedInUse) {}

    /**
     * What one job did with the cache.
     *
     * @param hits            blob reads served from the cache
     * @param misses          blob reads that went to the source
     * @param waits           reads that waited for another download of the same blob first
     * @param bytesFromCache  bytes read from the cache
     * @param bytesFromSource bytes read from sources
     * @param blobsCached     blobs written into the cache
     * @param bytesCached     bytes written into the cache
     * @param corrupt         cached blobs found corrupt and discarded
     * @param uncached        blobs read from the source that could not be cached (disk full, slow, too big)
     */
    public record JobStats(String job, Instant started, Instant finished, long hits, long misses, long waits,
                           long bytesFromCache, long bytesFromSource, long blobsCached, long bytesCached, long corrupt,
                           long uncached) {
        /** Hits among all reads, 0 to 1; 0 when nothing was read. */
        public double hitRate() {
            long all = hits + misses;
            return all == 0 ? 0 : (double) hits / all;
        }
    }

    /** Opens a blob at its origin. */
    @FunctionalInterface
    public interface BlobSource {
        InputStream open() throws IOException;
    }

    /** Test hook: called before each write to a temporary file (to simulate a full disk). */
    @FunctionalInterface
    interface WriteHook {
        void beforeWrite(Digest digest, long offset, int length) throws IOException;
    }

    /** Blobs up to this size are read whole and verified before a hit is reported, so a corrupt one is a plain miss. */
    static final int VERIFY_AHEAD_LIMIT = 1 << 20;
    private static final String TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55";

    private final Path dir;
    private final int keepDays;
    private final long keepSize;
    private final String job;
    private final Consumer<Text> warnings;
    private final LockTable locks;
    private final Instant started = Instant.now();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final CacheCounters counts = new CacheCounters();
    private final Pins pins;
    private final CacheReads reads;
    private final CacheEviction eviction;

    // bytes handed to writers and not yet on disk, over all blobs
    final AtomicLong buffered = new AtomicLong();
    volatile long totalBuffer = Math.max(1L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
    volatile long perBlobBuffer = Math.min(8L << 20, totalBuffer / 2);
    volatile Duration stallTimeout = Duration.ofSeconds(60);
    volatile Duration noDownloadTimeout = Duration.ofSeconds(5);
    volatile WriteHook writeHook;

    private BlobCache(Path dir, int keepDays, long keepSize, String job, Consumer<Text> warnings) throws IOException {
        if (keepDays < 1) throw new IllegalStateException("keepdays must be 1 or more, not " + keepDays); // the settings check it first
        if (keepSize < 1) throw new IllegalStateException("keepsize must be 1 byte or more, not " + keepSize);
        this.dir = dir.toAbsolutePath().normalize();
        this.keepDays = keepDays;
        this.keepSize = keepSize;
        this.job = job == null ? "" : job;
        this.warnings = warnings == null ? w -> { } : warnings;
        if (Files.exists(this.dir) && !Files.isDirectory(this.dir)) {
            throw new LocalizedIOException(Text.of("cache.is_a_file", this.dir));
        }
        try {
            Files.createDirectories(this.dir.resolve("blobs"));
            Files.createDirectories(this.dir.resolve("tmp"));
            Path tag = this.dir.resolve("CACHEDIR.TAG");
            if (!Files.exists(tag)) {
                Files.writeString(tag, TAG_SIGNATURE + "\n# the blob cache of ferry; backup tools may skip this directory\n");
            }
        } catch (IOException e) {
            throw new LocalizedIOException(Text.of("cache.cannot_use", this.dir, reason(e)), e);
        }
        this.locks = LockTable.ref(this.dir.resolve("locks").resolve("blobs.lock"));
        this.pins = new Pins(locks);
        this.reads = new CacheReads(this, locks, counts, pins);
        this.eviction = new CacheEviction(this.dir, locks);
    }

    /** Opens (creating it when missing) the cache in {@code dir}. */
    public static BlobCache open(Path dir, int keepDays, long keepSize) throws IOException {
        return new BlobCache(dir, keepDays, keepSize, "", null);
    }

    /**
     * Opens the cache for a job.
     *
     * @param job      a name for {@code stats.json} ("sync", "copy", "save")
     * @param warnings told, in English, when the cache cannot do its part (the job goes on without it)
     */
    public static BlobCache open(Path dir, int keepDays, long keepSize, String job, Consumer<String> warnings) throws IOException {
        return new BlobCache(dir, keepDays, keepSize, job, warnings == null ? null : t -> warnings.accept(t.english()));
    }

    /** The same, with the warnings as catalogue texts, for a face to write in the person's language. */
    public static BlobCache openWithTexts(Path dir, int keepDays, long keepSize, String job, Consumer<Text> warnings) throws IOException {
        return new BlobCache(dir, keepDays, keepSize, job, warnings);
    }

    public Path directory() { return dir; }

    public int keepDays() { return keepDays; }

    public long keepSize() { return keepSize; }

    /** True when the cache has a file for this blob (not checked: reads check). */
    public boolean contains(Digest digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    // ------------------------------------------------------------------ reading

    /**
     * The blob from the cache, else from {@code source}. A cached copy is checked again as it is
     * read (small ones before the first byte is returned; a corrupt copy is discarded and counts
     * as a miss; a large one fails its last read with {@code BlobVerificationException} after
     * discarding the file, so a retry fetches it). A blob another thread or process is
     * downloading is waited for. Callers still verify what they read, as from any source.
     */
    public InputStream open(Descriptor d, BlobSource source) throws IOException {
        ensureOpen();
        return reads.open(d, source);
    }

    /**
     * The blob if the cache holds it and nobody is writing it, without waiting and without going
     * anywhere else; empty otherwise (a corrupt copy is discarded).
     */
    public Optional<InputStream> get(Descriptor d) throws IOException {
        ensureOpen();
        return reads.get(d);
    }

    // ------------------------------------------------------------------ called by the streams and writers

    /** A cached copy is bad: remove it so the next read fetches it again. */
    void discard(Descriptor d, Path blob, Text why) {
        counts.corrupt.incrementAndGet();
        try {
            Files.deleteIfExists(blob);
        } catch (IOException e) {
            // the next reader finds it bad too, and tries again
        }
        warn(Text.of("cache.warning.discarded", d.digest().shortForm(), dir, why));
    }

    /** A blob was verified and stored. */
    void stored(Descriptor d) {
        counts.blobsCached.incrementAndGet();
        counts.bytesCached.addAndGet(d.size());
    }

    /** Caching a blob stopped; the transfer goes on. {@code why} is null when the transfer itself stopped. */
    void notCached(Descriptor d, Text why) {
        if (why == null) return;
        counts.uncached.incrementAndGet();
        if (warned.add(why.english())) warn(Text.of("cache.warning.not_caching", d.digest().shortForm(), why));
    }

    void addFromCache(long n) {
        counts.bytesFromCache.addAndGet(n);
    }

    /** Keeps a shared lock until {@link #close()} (one per blob), so no prune removes what this job uses. */
    void keepAsPin(LockTable.Lease shared) {
        pins.keep(shared);
    }

    /** After a blob was stored under the exclusive lock: let readers in, keep it pinned. */
    void pinAfterWrite(LockTable.Lease exclusive) {
        pins.afterWrite(exclusive);
    }

    private void warn(Text message) {
        try {
            warnings.accept(message);
        } catch (RuntimeException ignored) {
            // a listener's problem is not the transfer's
        }
    }

    // ------------------------------------------------------------------ eviction and listing

    /**
     * Evicts blobs not used for {@code keepdays} days, then, while the cache holds more than
     * {@code keepsize} bytes, the least recently used. Blobs being read or pinned by a running job
     * (of any process) stay. Leftovers of interrupted downloads go too.
     */
    public PruneResult prune() throws IOException {
        ensureOpen();
        return eviction.prune(keepDays, keepSize);
    }

    /** Removes every blob nobody is using. */
    public ClearResult clear() throws IOException {
        ensureOpen();
        return eviction.clear();
    }

    /** Every blob, most recently used first. */
    public List<Entry> list() throws IOException {
        ensureOpen();
        return eviction.list();
    }

    /** How much the cache holds. */
    public Usage usage() throws IOException {
        return eviction.usage();
    }

    // ------------------------------------------------------------------ statistics

    /** What this instance did so far. */
    public JobStats stats() {
        return counts.snapshot(job, started);
    }

    /** The jobs recorded in the cache's {@code stats.json}, oldest first (the last 50). */
    public List<JobStats> history() {
        return StatsFile.read(dir.resolve("stats.json"));
    }

    /** The jobs recorded in {@code dir}'s {@code stats.json}, without opening the cache. */
    public static List<JobStats> history(Path dir) {
        return StatsFile.read(dir.toAbsolutePath().normalize().resolve("stats.json"));
    }

    // ------------------------------------------------------------------ the end

    /**
     * Waits for blobs still being written (a few MB each at most), releases this job's pins and
     * records its statistics when it read anything. Problems here are warnings.
     */
    @Override public void close() {
        if (!pins.close()) return;
        reads.finishWriters();
        pins.releaseAll();
        JobStats s = stats();
        if (s.hits() + s.misses() > 0) {
            try {
                StatsFile.append(dir.resolve("stats.json"), locks, s);
            } catch (IOException e) {
                warn(Text.of("cache.warning.stats", dir.resolve("stats.json"), reason(e)));
            }
        }
        locks.unref();
    }

    boolean isClosed() { return pins.isClosed(); }

    private void ensureOpen() throws IOException {
        if (pins.isClosed()) throw new LocalizedIOException(Text.of("cache.closed", dir));
    }

    // ------------------------------------------------------------------ helpers

    Path blobPath(Digest d) {
        return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    Path partPath(Digest d) {
        return dir.resolve("tmp").resolve(d.algorithm() + "-" + d.hex() + ".part");
    }

    static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // last use stays older: at worst evicted a little early
        }
    }

    static String reason(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) m = f.getReason();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
