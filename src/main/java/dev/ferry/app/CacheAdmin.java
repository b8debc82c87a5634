package dev.ferry.app;

import dev.ferry.ref.Text;
import dev.ferry.cache.BlobCache;
import dev.ferry.config.CacheSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What {@code ferry cache ls|stats|prune|clear} does with a blob cache directory. Reading
 * commands never create the directory; a missing one is an empty cache.
 */
public final class CacheAdmin {

    /** A blob in the cache; {@code inUse} while a running ferry reads it or its job uses it. */
    public record Entry(String digest, long size, Instant lastUsed, boolean inUse) {}

    /** How much the cache holds; oldest and newest last use are null when it is empty. */
    public record Usage(Path directory, boolean exists, int blobs, long bytes, int keepDays, long keepSize,
                        Instant oldestUse, Instant newestUse) {}

    /**
     * One job's use of the cache (see {@code dev.ferry.cache.BlobCache.JobStats}).
     *
     * @param hits   blob reads served from the cache
     * @param misses blob reads that went to the source
     */
    public record JobStats(String job, Instant started, Instant finished, long hits, long misses, long waits,
                           long bytesFromCache, long bytesFromSource, long blobsCached, long bytesCached, long corrupt,
                           long uncached) {
        public double hitRate() {
            long all = hits + misses;
            return all == 0 ? 0 : (double) hits / all;
        }

        static JobStats of(BlobCache.JobStats s) {
            return new JobStats(s.job(), s.started(), s.finished(), s.hits(), s.misses(), s.waits(), s.bytesFromCache(),
                    s.bytesFromSource(), s.blobsCached(), s.bytesCached(), s.corrupt(), s.uncached());
        }
    }

    /** The cache now and its last jobs, oldest first. */
    public record Stats(Usage usage, List<JobStats> jobs) {
        public long hits() { return jobs.stream().mapToLong(JobStats::hits).sum(); }

        public long misses() { return jobs.stream().mapToLong(JobStats::misses).sum(); }

        /** Over the jobs listed. */
        public double hitRate() {
            long all = hits() + misses();
            return all == 0 ? 0 : (double) hits() / all;
        }
    }

    /** What a prune removed ({@code keepdays} first, then least recently used beyond {@code keepsize}) and what is left. */
    public record Pruned(int removedByAge, long bytesByAge, int removedBySize, long bytesBySize, int skippedInUse,
                         int remaining, long remainingBytes) {
        public int removed() { return removedByAge + removedBySize; }

        public long bytesFreed() { return bytesByAge + bytesBySize; }

        static Pruned of(BlobCache.PruneResult r) {
            return new Pruned(r.removedByAge(), r.bytesByAge(), r.removedBySize(), r.bytesBySize(), r.skippedInUse(),
                    r.remaining(), r.remainingBytes());
        }
    }

    /** What a clear removed; blobs in use by a running ferry stay. */
    public record Cleared(int removed, long bytesFreed, int skippedInUse) {}

    private final Path dir;
    private final int keepDays;
    private final long keepSize;

    public CacheAdmin(Path dir, int keepDays, long keepSize) {
        if (keepDays < 1) throw new BadInputException(Text.of("cache.settings_keepdays", keepDays));
        if (keepSize < 1) throw new BadInputException(Text.of("cache.settings_keepsize", keepSize));
        this.dir = dir.toAbsolutePath().normalize();
        this.keepDays = keepDays;
        this.keepSize = keepSize;
    }

    /** The cache of these settings; a relative pathname is taken from {@code base} (the working directory). */
    public static CacheAdmin of(CacheSettings s, Path base) {
        return new CacheAdmin(s.directory(base), s.keepdays(), s.keepsize());
    }

    public Path directory() { return dir; }

    public int keepDays() { return keepDays; }

    public long keepSize() { return keepSize; }

    /** True when the directory holds a cache (or anything ferry would treat as one). */
    public boolean exists() {
        return Files.isDirectory(dir.resolve("blobs"));
    }

    /** Every blob, most recently used first. */
    public List<Entry> list() throws IOException {
        if (!exists()) return List.of();
        try (BlobCache c = BlobCache.open(dir, keepDays, keepSize)) {
            return c.list().stream().map(e -> new Entry(e.digest().toString(), e.size(), e.lastUsed(), e.inUse())).toList();
        }
    }

    public Usage usage() throws IOException {
        if (!exists()) return new Usage(dir, false, 0, 0, keepDays, keepSize, null, null);
        try (BlobCache c = BlobCache.open(dir, keepDays, keepSize)) {
            BlobCache.Usage u = c.usage();
            return new Usage(dir, true, u.blobs(), u.bytes(), keepDays, keepSize, u.oldestUse(), u.newestUse());
        }
    }

    /** Usage and the last {@code lastJobs} jobs (all recorded, up to 50, when 0 or less). */
    public Stats stats(int lastJobs) throws IOException {
        List<JobStats> jobs = BlobCache.history(dir).stream().map(JobStats::of).toList();
        if (lastJobs > 0 && jobs.size() > lastJobs) jobs = jobs.subList(jobs.size() - lastJobs, jobs.size());
        return new Stats(usage(), List.copyOf(jobs));
    }

    /** Evicts by age, then by size; blobs in use stay. */
    public Pruned prune() throws IOException {
        if (!exists()) return new Pruned(0, 0, 0, 0, 0, 0, 0);
        try (BlobCache c = BlobCache.open(dir, keepDays, keepSize)) {
            return Pruned.of(c.prune());
        }
    }

    /** Removes every blob not in use. */
    public Cleared clear() throws IOException {
        if (!exists()) return new Cleared(0, 0, 0);
        try (BlobCache c = BlobCache.open(dir, keepDays, keepSize)) {
            BlobCache.ClearResult r = c.clear();
            return new Cleared(r.removed(), r.bytesFreed(), r.skippedInUse());
        }
    }
}
