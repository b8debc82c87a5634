package dev.ferry.app;

import dev.ferry.cache.BlobCache;
import dev.ferry.config.CacheSettings;
import dev.ferry.engine.CachingSource;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The blob cache for one job: evicts at the start, wraps the job's sources, and at the end waits
 * for the last writes, records the job's hits and misses, releases the job's pins and evicts
 * again. It never fails the job: a cache that cannot be used is a warning, and the job runs
 * without it.
 *
 * <pre>{@code
 * JobCache cache = JobCache.open(settings, Path.of(""), "sync", warnings);   // prunes
 * ImageSource s = cache.wrap(new RegistryImageSource(...));                    // one cache, any number of sources
 * ... engine.run(tasks) ...
 * cache.close();                                                               // stats, pins, prunes
 * }</pre>
 */
public final class JobCache implements AutoCloseable {
    private final BlobCache cache;
    private final Consumer<Text> warnings;
    private final CacheAdmin.Pruned prunedAtStart;
    private CacheAdmin.Pruned prunedAtEnd;
    private CacheAdmin.JobStats finalStats;

    private JobCache(BlobCache cache, Consumer<Text> warnings, CacheAdmin.Pruned prunedAtStart) {
        this.cache = cache;
        this.warnings = warnings;
        this.prunedAtStart = prunedAtStart;
    }

    /** No cache: {@link #wrap} gives sources back as they are. */
    public static JobCache none() {
        return new JobCache(null, w -> { }, null);
    }

    /**
     * The cache of {@code settings} (null: none) for a job.
     *
     * @param base     what a relative {@code pathname} is relative to (the working directory)
     * @param job      the job's name in {@code ferry cache stats} ("copy", "sync", "save")
     * @param warnings told when the cache cannot do its part, as catalogue texts; may be called from worker threads
     */
    public static JobCache open(CacheSettings settings, Path base, String job, Consumer<Text> warnings) {
        if (settings == null) return none();
        return open(settings.directory(base == null ? Path.of("") : base), settings.keepdays(), settings.keepsize(), job, warnings);
    }

    public static JobCache open(Path dir, int keepDays, long keepSize, String job, Consumer<Text> warnings) {
        Consumer<Text> w = warnings == null ? m -> { } : warnings;
        BlobCache c;
        try {
            c = BlobCache.openWithTexts(dir, keepDays, keepSize, job, w);
        } catch (IOException | RuntimeException e) {
            w.accept(Text.of("cache.warning.unusable", Text.of(e)));
            return new JobCache(null, w, null);
        }
        CacheAdmin.Pruned pruned = null;
        try {
            pruned = CacheAdmin.Pruned.of(c.prune());
        } catch (IOException | RuntimeException e) {
            w.accept(Text.of("cache.warning.evict_failed", c.directory(), Text.of(e)));
        }
        return new JobCache(c, w, pruned);
    }

    public boolean enabled() { return cache != null; }

    /** The cache directory, when there is a cache. */
    public Optional<Path> directory() {
        return cache == null ? Optional.empty() : Optional.of(cache.directory());
    }

    /** {@code source} with its blobs read through the cache (as it is when there is none). */
    public ImageSource wrap(ImageSource source) {
        if (cache == null || source == null || source instanceof CachingSource) return source;
        return new CachingSource(source, cache);
    }

    /** What the eviction at the start removed; empty without a cache or when it failed. */
    public Optional<CacheAdmin.Pruned> prunedAtStart() { return Optional.ofNullable(prunedAtStart); }

    /** What the eviction at the end removed; empty before {@link #close()}. */
    public synchronized Optional<CacheAdmin.Pruned> prunedAtEnd() { return Optional.ofNullable(prunedAtEnd); }

    /** Hits and misses so far (final after {@link #close()}); empty without a cache. */
    public synchronized Optional<CacheAdmin.JobStats> stats() {
        if (cache == null) return Optional.empty();
        return Optional.of(finalStats != null ? finalStats : CacheAdmin.JobStats.of(cache.stats()));
    }

    /** Ends the job's use of the cache; call it after the engine finished. Never throws. */
    @Override public synchronized void close() {
        if (cache == null || finalStats != null) return;
        cache.close(); // waits for writes, records the statistics, releases the pins
        finalStats = CacheAdmin.JobStats.of(cache.stats());
        try (BlobCache again = BlobCache.open(cache.directory(), cache.keepDays(), cache.keepSize())) {
            prunedAtEnd = CacheAdmin.Pruned.of(again.prune());
        } catch (IOException | RuntimeException e) {
            warnings.accept(Text.of("cache.warning.evict_failed", cache.directory(), Text.of(e)));
        }
    }
}
