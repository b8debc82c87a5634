package dev.ferry.cache;

import dev.ferry.oci.Descriptor;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one blob into the cache on its own thread while the transfer reads it: the reading side
 * hands over copies of what it read ({@link #offer}) and never waits for the disk; when the disk
 * falls more than a few MB behind, or a write fails, caching of this blob stops with a warning
 * and the transfer goes on. At the end the writer checks size and digest of what it wrote,
 * syncs the file and only then renames it to the blob's name, all under the blob's exclusive lock.
 */
final class CacheWriter implements Runnable {
    private static final byte[] EOF = new byte[0];
    private static final byte[] WAKE = new byte[0];

    private final BlobCache cache;
    private final Descriptor d;
    private final LockTable.Lease lease;
    private final Path part;
    private final Path blob;
    private final FileChannel channel;
    private final MessageDigest md;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    /** Set by either side: no more bytes are taken, the writer cleans up. */
    private volatile boolean stopped;
    /** The reading side saw the end (set once, by that side). */
    private volatile boolean finishing;
    private long written;

    private CacheWriter(BlobCache cache, Descriptor d, LockTable.Lease lease, Path part, Path blob) throws IOException {
        this.cache = cache;
        this.d = d;
        this.lease = lease;
        this.part = part;
        this.blob = blob;
        this.md = d.digest().newMessageDigest();
        Files.createDirectories(part.getParent());
        this.channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Takes over the exclusive lock and creates the temporary file (so waiting readers see a download begin). */
    static CacheWriter create(BlobCache cache, Descriptor d, LockTable.Lease lease, Path part, Path blob) throws IOException {
        return new CacheWriter(cache, d, lease, part, blob);
    }

    /** Starts writing on a thread of {@code pool}. */
    void start(ExecutorService pool) {
        try {
            pool.execute(this);
        } catch (RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** Never started (the source could not be opened): remove the file, give the lock back. */
    void discard() {
        stopped = true;
        cleanUp();
        done.complete(false);
    }

    CompletableFuture<Boolean> done() { return done; }

    /** Reading side: a copy of these bytes goes to disk, unless caching stopped. Never blocks. */
    synchronized void offer(byte[] b, int off, int len) {
        if (stopped || finishing || len <= 0) return;
        if (pending.get() + len > cache.perBlobBuffer) {
            stop(Text.of("cache.why.disk_slower"));
            return;
        }
        if (cache.buffered.addAndGet(len) > cache.totalBuffer) {
            cache.buffered.addAndGet(-len);
            stop(Text.of("cache.why.disk_slower_all"));
            return;
        }
        pending.addAndGet(len);
        queue.add(Arrays.copyOfRange(b, off, off + len));
    }

    /** Reading side: the source reached its end. */
    synchronized void finish() {
        if (stopped || finishing) return;
        finishing = true;
        queue.add(EOF);
    }

    /** Reading side: the transfer stopped before the end; nothing is kept, quietly. */
    void abandon() {
        if (finishing) return;
        stop(null);
    }

    /** The cache is closing: a blob whose stream was never finished is dropped. */
    void closing() {
        if (!finishing) stop(null);
    }

    private void stop(Text why) {
        synchronized (this) {
            if (stopped) return;
            stopped = true;
        }
        queue.add(WAKE);
        cache.notCached(d, why);
    }

    @Override public void run() {
        boolean stored = false;
        try {
            while (true) {
                byte[] b = queue.poll(1, TimeUnit.SECONDS);
                if (stopped) break;
                if (b == null || b == WAKE) continue;
                if (b == EOF) {
                    stored = commit();
                    break;
                }
                write(b);
                if (written > d.size()) break; // more than declared: the consumer's check fails it
            }
        } catch (IOException e) {
            stop(Text.verbatim(BlobCache.reason(e)));
        } catch (InterruptedException e) {
            stop(Text.of("cache.why.interrupted"));
        } catch (RuntimeException | Error e) {
            stop(Text.verbatim(e.toString()));
        } finally {
            if (!stored) cleanUp();
            synchronized (this) {
                stopped = true; // takes no more bytes
                long left = 0;
                for (byte[] b : queue) left += b.length;
                queue.clear();
                cache.buffered.addAndGet(-left);
            }
            done.complete(stored);
        }
    }

    private void write(byte[] b) throws IOException {
        BlobCache.WriteHook hook = cache.writeHook;
        if (hook != null) hook.beforeWrite(d.digest(), written, b.length);
        ByteBuffer buf = ByteBuffer.wrap(b);
        while (buf.hasRemaining()) channel.write(buf);
        md.update(b);
        written += b.length;
        pending.addAndGet(-b.length);
        cache.buffered.addAndGet(-b.length);
    }

    /** Everything arrived: keep it only when it is exactly the blob. */
    private boolean commit() throws IOException {
        if (written != d.size() || !d.digest().matches(md)) return false; // the consumer's own check reports it
        channel.force(false);
        channel.close();
        Files.createDirectories(blob.getParent());
        try {
            Files.move(part, blob, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, blob, StandardCopyOption.REPLACE_EXISTING);
        }
        BlobCache.touch(blob);
        cache.stored(d);
        cache.pinAfterWrite(lease);
        return true;
    }

    private void cleanUp() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting it anyway
        }
        try {
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // prune removes leftovers
        }
        lease.close();
    }
}
