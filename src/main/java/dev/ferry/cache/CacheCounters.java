package dev.ferry.cache;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** What one handle on the cache did so far, counted as it happens: the figures of {@link BlobCache.JobStats}. */
final class CacheCounters {
    final AtomicLong hits = new AtomicLong(), misses = new AtomicLong(), waits = new AtomicLong();
    final AtomicLong bytesFromCache = new AtomicLong(), bytesFromSource = new AtomicLong();
    final AtomicLong blobsCached = new AtomicLong(), bytesCached = new AtomicLong();
    final AtomicLong corrupt = new AtomicLong(), uncached = new AtomicLong();

    BlobCache.JobStats snapshot(String job, Instant started) {
        return new BlobCache.JobStats(job, started, Instant.now(), hits.get(), misses.get(), waits.get(), bytesFromCache.get(),
                bytesFromSource.get(), blobsCached.get(), bytesCached.get(), corrupt.get(), uncached.get());
    }
}
