package dev.ferry.cache;

import dev.ferry.oci.Descriptor;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reading blobs through the cache: a good cached copy under a shared lock, else the source
 * through a tee whose bytes a {@link CacheWriter} stores on a thread of its own under the
 * exclusive lock; a blob another thread or process is downloading is waited for.
 */
final class CacheReads {
    private final BlobCache cache;
    private final LockTable locks;
    private final CacheCounters counts;
    private final Pins pins;
    private final ExecutorService writerPool;
    private final Set<CacheWriter> writers = ConcurrentHashMap.newKeySet();

    CacheReads(BlobCache cache, LockTable locks, CacheCounters counts, Pins pins) {
        this.cache = cache;
        this.locks = locks;
        this.counts = counts;
        this.pins = pins;
        AtomicInteger n = new AtomicInteger();
        this.writerPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ferry-cache-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** See {@link BlobCache#open(Descriptor, BlobCache.BlobSource)}. */
    InputStream open(Descriptor d, BlobCache.BlobSource source) throws IOException {
        if (d.size() > cache.keepSize()) {
            counts.misses.incrementAndGet();
            cache.notCached(d, Text.of("cache.why.larger_than_keepsize", d.size()));
            return fromSource(source.open());
        }
        try {
            return lookUpOrFetch(d, source);
        } catch (Broken e) {
            counts.misses.incrementAndGet();
            cache.notCached(d, Text.of("cache.why.failed", BlobCache.reason(e.getCause())));
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

    private InputStream lookUpOrFetch(Descriptor d, BlobCache.BlobSource source) throws IOException {
        long offset = LockTable.offset(d.digest());
        Path blob = cache.blobPath(d.digest());
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
                pins.drop(offset); // discarded elsewhere: our pin must not block its download
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
                waiter = new Waiter(cache.partPath(d.digest()), blob);
                counts.waits.incrementAndGet();
            }
            Duration stallTimeout = cache.stallTimeout;
            if (waiter.stalled(stallTimeout, cache.noDownloadTimeout)) {
                counts.misses.incrementAndGet();
                cache.notCached(d, waiter.downloading() ? Text.of("cache.why.download_stalled", stallTimeout.toSeconds()) : Text.of("cache.why.lock_held"));
                return fromSource(source.open());
            }
            locks.awaitChange(waiter.pause());
        }
    }

    /** See {@link BlobCache#get(Descriptor)}. */
    Optional<InputStream> get(Descriptor d) throws IOException {
        Path blob = cache.blobPath(d.digest());
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
            cache.discard(d, blob, Text.of("cache.why.size", size, d.size()));
            shared.close();
            return null;
        }
        BlobCache.touch(blob);
        if (size <= BlobCache.VERIFY_AHEAD_LIMIT) {
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
                cache.discard(d, blob, Text.of("cache.corrupt_digest"));
                shared.close();
                return null;
            }
            counts.hits.incrementAndGet();
            pins.keep(shared);
            return new Counting(new ByteArrayInputStream(bytes), counts.bytesFromCache);
        }
        InputStream in = Files.newInputStream(blob);
        counts.hits.incrementAndGet();
        return new CachedBlobStream(cache, d, blob, in, shared);
    }

    /** Under the exclusive lock, the blob absent: download it through a tee into the cache. */
    private InputStream fetch(Descriptor d, LockTable.Lease exclusive, BlobCache.BlobSource source) throws IOException {
        CacheWriter w;
        try {
            w = CacheWriter.create(cache, d, exclusive, cache.partPath(d.digest()), cache.blobPath(d.digest()));
        } catch (IOException | RuntimeException e) {
            exclusive.close();
            counts.misses.incrementAndGet();
            cache.notCached(d, Text.verbatim(BlobCache.reason(e)));
            return fromSource(source.open());
        }
        InputStream in;
        try {
            in = source.open();
        } catch (IOException | RuntimeException | Error e) {
            w.discard();
            throw e;
        }
        counts.misses.incrementAndGet();
        try {
            w.start(writerPool);
        } catch (RuntimeException e) {
            cache.notCached(d, Text.verbatim(BlobCache.reason(e)));
            return fromSource(in);
        }
        writers.add(w);
        w.done().whenComplete((ok, ex) -> writers.remove(w));
        return new TeeInputStream(in, w, d.size(), counts.bytesFromSource);
    }

    private InputStream fromSource(InputStream in) {
        return new Counting(in, counts.bytesFromSource);
    }

    /** Waits for blobs still being written (60 s at most for all), then ends the writers' threads. */
    void finishWriters() {
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

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
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
