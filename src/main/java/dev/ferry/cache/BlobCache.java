package dev.ferry.cache;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

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
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final String TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55";

    private final Path dir;
    private final int keepDays;
    private final long keepSize;
    private final String job;
    private final Consumer<Text> warnings;
    private final LockTable locks;
    private final Instant started = Instant.now();
    private final ExecutorService writerPool;
    private final Set<CacheWriter> writers = ConcurrentHashMap.newKeySet();
    private final Map<Long, LockTable.Lease> pins = new HashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    // bytes handed to writers and not yet on disk, over all blobs
    final AtomicLong buffered = new AtomicLong();
    volatile long totalBuffer = Math.max(1L << 20, Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8));
    volatile long perBlobBuffer = Math.min(8L << 20, totalBuffer / 2);
    volatile Duration stallTimeout = Duration.ofSeconds(60);
    volatile Duration noDownloadTimeout = Duration.ofSeconds(5);
    volatile WriteHook writeHook;

    private final AtomicLong hits = new AtomicLong(), misses = new AtomicLong(), waits = new AtomicLong();
    private final AtomicLong bytesFromCache = new AtomicLong(), bytesFromSource = new AtomicLong();
    private final AtomicLong blobsCached = new AtomicLong(), bytesCached = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong(), uncached = new AtomicLong();

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
        AtomicInteger n = new AtomicInteger();
        this.writerPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ferry-cache-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
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
        if (d.size() > keepSize) {
            misses.incrementAndGet();
            notCached(d, Text.of("cache.why.larger_than_keepsize", d.size()));
            return fromSource(source.open());
        }
        try {
            return lookUpOrFetch(d, source);
        } catch (Broken e) {
            misses.incrementAndGet();
            notCached(d, Text.of("cache.why.failed", reason(e.getCause())));
            return fromSource(source.open());
        }
    }

    /** A cache problem (not the source's) in {@link #open}: the blob is read from the source instead. */
    private static final class Broken extends RuntimeException {
        Broken(IOException cause) {
            super(cause);
        }
    }

    private LockTable.Lease tryLock(long offset, boolean exclusive) throws InterruptedIOException {
        try {
            return exclusive ? locks.tryExclusive(offset) : locks.tryShared(offset);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw new Broken(e);
        }
    }

    private InputStream lookUpOrFetch(Descriptor d, BlobSource source) throws IOException {
        long offset = LockTable.offset(d.digest());
        Path blob = blobPath(d.digest());
        Waiter waiter = null;
        int discarded = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new LocalizedInterruptedIOException(Text.of("cache.cancelled_waiting", d.digest().shortForm()));
            }
            if (Files.exists(blob)) {
                LockTable.Lease shared = tryLock(offset, false);
                if (shared != null) {
                    InputStream hit;
                    try {
                        hit = serve(d, blob, shared);
                    } catch (IOException e) {
                        shared.close();
                        throw new Broken(e);
                    }
                    if (hit != null) return hit;
                    if (++discarded >= 3) throw new Broken(new LocalizedIOException(Text.of("cache.corrupt_three_times")));
                    continue;
                }
            } else {
                dropPin(offset); // discarded elsewhere: our pin must not block its download
                LockTable.Lease exclusive = tryLock(offset, true);
                if (exclusive != null) {
                    if (Files.exists(blob)) {
                        exclusive.close(); // it arrived meanwhile: read it shared
                        continue;
                    }
                    return fetch(d, exclusive, source);
                }
            }
            // someone else is writing (or evicting) this blob: wait for it rather than download it twice
            if (waiter == null) {
                waiter = new Waiter(partPath(d.digest()), blob);
                waits.incrementAndGet();
            }
            if (waiter.stalled(stallTimeout, noDownloadTimeout)) {
                misses.incrementAndGet();
                notCached(d, waiter.downloading() ? Text.of("cache.why.download_stalled", stallTimeout.toSeconds()) : Text.of("cache.why.lock_held"));
                return fromSource(source.open());
            }
            locks.awaitChange(waiter.pause());
        }
    }

    /**
     * The blob if the cache holds it and nobody is writing it, without waiting and without going
     * anywhere else; empty otherwise (a corrupt copy is discarded).
     */
    public Optional<InputStream> get(Descriptor d) throws IOException {
        ensureOpen();
        Path blob = blobPath(d.digest());
        if (!Files.exists(blob)) return Optional.empty();
        LockTable.Lease shared;
        try {
            shared = tryLock(LockTable.offset(d.digest()), false);
        } catch (Broken e) {
            throw (IOException) e.getCause();
        }
        if (shared == null) return Optional.empty();
        try {
            return Optional.ofNullable(serve(d, blob, shared));
        } catch (IOException e) {
            shared.close();
            throw e;
        }
    }

    /** Under a shared lock: a stream of the cached blob, or null (lock released) when it was missing or corrupt. */
    private InputStream serve(Descriptor d, Path blob, LockTable.Lease shared) throws IOException {
        long size;
        try {
            size = Files.size(blob);
        } catch (NoSuchFileException e) {
            shared.close();
            return null;
        }
        if (size != d.size()) {
            discard(d, blob, Text.of("cache.why.size", size, d.size()));
            shared.close();
            return null;
        }
        touch(blob);
        if (size <= VERIFY_AHEAD_LIMIT) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(blob);
            } catch (NoSuchFileException e) {
                shared.close();
                return null;
            }
            MessageDigest md = d.digest().newMessageDigest();
            md.update(bytes);
            if (bytes.length != d.size() || !d.digest().matches(md)) {
                discard(d, blob, Text.of("cache.corrupt_digest"));
                shared.close();
                return null;
            }
            hits.incrementAndGet();
            keepAsPin(shared);
            return new Counting(new ByteArrayInputStream(bytes), bytesFromCache);
        }
        InputStream in = Files.newInputStream(blob);
        hits.incrementAndGet();
        return new CachedBlobStream(this, d, blob, in, shared);
    }

    /** Under the exclusive lock, the blob absent: download it through a tee into the cache. */
    private InputStream fetch(Descriptor d, LockTable.Lease exclusive, BlobSource source) throws IOException {
        CacheWriter w;
        try {
            w = CacheWriter.create(this, d, exclusive, partPath(d.digest()), blobPath(d.digest()));
        } catch (IOException | RuntimeException e) {
            exclusive.close();
            misses.incrementAndGet();
            notCached(d, Text.verbatim(reason(e)));
            return fromSource(source.open());
        }
        InputStream in;
        try {
            in = source.open();
        } catch (IOException | RuntimeException | Error e) {
            w.discard();
            throw e;
        }
        misses.incrementAndGet();
        try {
            w.start(writerPool);
        } catch (RuntimeException e) {
            notCached(d, Text.verbatim(reason(e)));
            return fromSource(in);
        }
        writers.add(w);
        w.done().whenComplete((ok, ex) -> writers.remove(w));
        return new TeeInputStream(in, w, d.size(), bytesFromSource);
    }

    private InputStream fromSource(InputStream in) {
        return new Counting(in, bytesFromSource);
    }

    /** Watches a download we wait for: no growth of its temporary file for too long means it is stuck. */
    private static final class Waiter {
        private final Path part;
        private final Path blob;
        private long lastSize = Long.MIN_VALUE;
        private long lastChange = System.nanoTime();
        private int rounds;

        Waiter(Path part, Path blob) {
            this.part = part;
            this.blob = blob;
        }

        boolean stalled(Duration limit, Duration noDownload) {
            long size;
            try {
                size = Files.size(part);
            } catch (IOException e) {
                size = Files.exists(blob) ? -2 : -1;
            }
            long now = System.nanoTime();
            if (size != lastSize) {
                lastSize = size;
                lastChange = now;
            }
            // a download has its temporary file from the start; without one the lock is a reader's or a
            // job's pin on a copy that was discarded meanwhile: no download to wait for
            long max = size == -1 ? Math.min(limit.toNanos(), noDownload.toNanos()) : limit.toNanos();
            return now - lastChange > max;
        }

        boolean downloading() {
            return lastSize != -1;
        }

        long pause() {
            return Math.min(100, 5L << Math.min(rounds++, 5));
        }
    }

    // ------------------------------------------------------------------ called by the streams and writers

    /** A cached copy is bad: remove it so the next read fetches it again. */
    void discard(Descriptor d, Path blob, Text why) {
        corrupt.incrementAndGet();
        try {
            Files.deleteIfExists(blob);
        } catch (IOException e) {
            // the next reader finds it bad too, and tries again
        }
        warn(Text.of("cache.warning.discarded", d.digest().shortForm(), dir, why));
    }

    /** A blob was verified and stored. */
    void stored(Descriptor d) {
        blobsCached.incrementAndGet();
        bytesCached.addAndGet(d.size());
    }

    /** Caching a blob stopped; the transfer goes on. {@code why} is null when the transfer itself stopped. */
    void notCached(Descriptor d, Text why) {
        if (why == null) return;
        uncached.incrementAndGet();
        if (warned.add(why.english())) warn(Text.of("cache.warning.not_caching", d.digest().shortForm(), why));
    }

    void addFromCache(long n) {
        bytesFromCache.addAndGet(n);
    }

    /** Keeps a shared lock until {@link #close()} (one per blob), so no prune removes what this job uses. */
    void keepAsPin(LockTable.Lease shared) {
        boolean keep;
        synchronized (pins) {
            keep = !closed && !pins.containsKey(shared.offset);
            if (keep) pins.put(shared.offset, shared);
        }
        if (!keep) shared.close();
    }

    /** After a blob was stored under the exclusive lock: let readers in, keep it pinned. */
    void pinAfterWrite(LockTable.Lease exclusive) {
        long offset = exclusive.offset;
        exclusive.close();
        if (closed) return;
        try {
            LockTable.Lease shared = locks.tryShared(offset);
            if (shared != null) keepAsPin(shared);
        } catch (IOException e) {
            // not pinned: at worst another process may evict it before this job reads it again
        }
    }

    private void dropPin(long offset) {
        LockTable.Lease l;
        synchronized (pins) {
            l = pins.remove(offset);
        }
        if (l != null) l.close();
    }

    private void warn(Text message) {
        try {
            warnings.accept(message);
        } catch (RuntimeException ignored) {
            // a listener's problem is not the transfer's
        }
    }

    // ------------------------------------------------------------------ eviction and listing

    private record Found(Digest digest, Path path, long size, Instant lastUsed) {}

    private enum Removal { REMOVED, GONE, IN_USE, USED_SINCE }

    /**
     * Evicts blobs not used for {@code keepdays} days, then, while the cache holds more than
     * {@code keepsize} bytes, the least recently used. Blobs being read or pinned by a running job
     * (of any process) stay. Leftovers of interrupted downloads go too.
     */
    public PruneResult prune() throws IOException {
        ensureOpen();
        Instant cutoff = Instant.now().minus(Duration.ofDays(keepDays));
        List<Found> kept = new ArrayList<>();
        Set<Digest> inUse = new HashSet<>();
        int byAge = 0, bySize = 0;
        long bytesAge = 0, bytesSize = 0;
        for (Found f : scan()) {
            if (!f.lastUsed().isBefore(cutoff)) {
                kept.add(f);
                continue;
            }
            switch (remove(f)) {
                case REMOVED -> {
                    byAge++;
                    bytesAge += f.size();
                }
                case GONE -> { }
                case IN_USE -> {
                    inUse.add(f.digest());
                    kept.add(f);
                }
                case USED_SINCE -> kept.add(f);
            }
        }
        long total = kept.stream().mapToLong(Found::size).sum();
        int remaining = kept.size();
        if (total > keepSize) {
            kept.sort(Comparator.comparing(Found::lastUsed).thenComparing(Found::digest));
            for (Found f : kept) {
                if (total <= keepSize) break;
                Removal r = remove(f);
                if (r == Removal.REMOVED) {
                    bySize++;
                    bytesSize += f.size();
                }
                if (r == Removal.REMOVED || r == Removal.GONE) {
                    total -= f.size();
                    remaining--;
                }
                if (r == Removal.IN_USE) inUse.add(f.digest());
            }
        }
        removeLeftovers();
        return new PruneResult(byAge, bytesAge, bySize, bytesSize, inUse.size(), remaining, total);
    }

    /** Removes every blob nobody is using. */
    public ClearResult clear() throws IOException {
        ensureOpen();
        int removed = 0, inUse = 0;
        long bytes = 0;
        for (Found f : scan()) {
            switch (removeAnyway(f)) {
                case REMOVED -> {
                    removed++;
                    bytes += f.size();
                }
                case IN_USE -> inUse++;
                default -> { }
            }
        }
        removeLeftovers();
        return new ClearResult(removed, bytes, inUse);
    }

    /** Every blob, most recently used first. */
    public List<Entry> list() throws IOException {
        ensureOpen();
        List<Entry> out = new ArrayList<>();
        for (Found f : scan()) {
            boolean busy;
            LockTable.Lease l = locks.tryExclusive(LockTable.offset(f.digest()));
            if (l == null) busy = true;
            else {
                busy = false;
                l.close();
            }
            out.add(new Entry(f.digest(), f.size(), f.lastUsed(), busy));
        }
        out.sort(Comparator.comparing(Entry::lastUsed).reversed().thenComparing(Entry::digest));
        return out;
    }

    /** How much the cache holds. */
    public Usage usage() throws IOException {
        List<Found> all = scan();
        long bytes = all.stream().mapToLong(Found::size).sum();
        Instant oldest = all.stream().map(Found::lastUsed).min(Comparator.naturalOrder()).orElse(null);
        Instant newest = all.stream().map(Found::lastUsed).max(Comparator.naturalOrder()).orElse(null);
        return new Usage(all.size(), bytes, oldest, newest);
    }

    private Removal remove(Found f) throws IOException {
        LockTable.Lease l = locks.tryExclusive(LockTable.offset(f.digest()));
        if (l == null) return Removal.IN_USE;
        try {
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(f.path(), BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Removal.GONE;
            }
            if (now.lastModifiedTime().toInstant().isAfter(f.lastUsed())) return Removal.USED_SINCE;
            return Files.deleteIfExists(f.path()) ? Removal.REMOVED : Removal.GONE;
        } finally {
            l.close();
        }
    }

    private Removal removeAnyway(Found f) throws IOException {
        LockTable.Lease l = locks.tryExclusive(LockTable.offset(f.digest()));
        if (l == null) return Removal.IN_USE;
        try {
            return Files.deleteIfExists(f.path()) ? Removal.REMOVED : Removal.GONE;
        } finally {
            l.close();
        }
    }

    /** Temporary files nobody writes any more (a process was killed mid-download). */
    private void removeLeftovers() throws IOException {
        Path tmp = dir.resolve("tmp");
        if (!Files.isDirectory(tmp)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                Digest d;
                try {
                    d = Digest.parse(name.substring(0, dash) + ":" + name.substring(dash + 1, name.length() - ".part".length()));
                } catch (RuntimeException e) {
                    continue;
                }
                LockTable.Lease l = locks.tryExclusive(LockTable.offset(d));
                if (l == null) continue;
                try {
                    Files.deleteIfExists(p);
                } finally {
                    l.close();
                }
            }
        }
    }

    private List<Found> scan() throws IOException {
        List<Found> out = new ArrayList<>();
        Path blobs = dir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return out;
        for (String alg : List.of("sha256", "sha512")) {
            Path algDir = blobs.resolve(alg);
            if (!Files.isDirectory(algDir)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(algDir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (!HEX.matcher(name).matches()) continue;
                    Digest d;
                    try {
                        d = Digest.parse(alg + ":" + name);
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (!a.isRegularFile()) continue;
                        out.add(new Found(d, p, a.size(), a.lastModifiedTime().toInstant()));
                    } catch (NoSuchFileException e) {
                        // evicted meanwhile
                    }
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ statistics

    /** What this instance did so far. */
    public JobStats stats() {
        return new JobStats(job, started, Instant.now(), hits.get(), misses.get(), waits.get(), bytesFromCache.get(),
                bytesFromSource.get(), blobsCached.get(), bytesCached.get(), corrupt.get(), uncached.get());
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
        synchronized (pins) {
            if (closed) return;
            closed = true;
        }
        for (CacheWriter w : List.copyOf(writers)) w.closing();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (CacheWriter w : List.copyOf(writers)) {
            try {
                w.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                // a writer that cannot finish cleans up after itself
            }
        }
        writerPool.shutdown();
        List<LockTable.Lease> held;
        synchronized (pins) {
            held = new ArrayList<>(pins.values());
            pins.clear();
        }
        held.forEach(LockTable.Lease::close);
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

    boolean isClosed() { return closed; }

    private void ensureOpen() throws IOException {
        if (closed) throw new LocalizedIOException(Text.of("cache.closed", dir));
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

    /** Counts the bytes read through it. */
    static final class Counting extends FilterInputStream {
        private final AtomicLong counter;

        Counting(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) counter.incrementAndGet();
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) counter.addAndGet(n);
            return n;
        }
    }
}
