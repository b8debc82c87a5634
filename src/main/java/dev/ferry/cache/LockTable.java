package dev.ferry.cache;

import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Shared and exclusive locks on blobs, across threads and across processes: one byte of one lock
 * file per blob ({@code locks/blobs.lock}, at an offset taken from the digest), locked with
 * {@link FileChannel#tryLock(long, long, boolean)}.
 *
 * <p>Why one file with byte ranges and not a file per blob: lock files can never be deleted safely
 * (a process may hold a lock on a file another has just unlinked), so one file per blob would grow
 * without end. Why one table per lock file and JVM: the JVM refuses overlapping locks of its own
 * ({@code OverlappingFileLockException}) and POSIX drops all of a process's locks on a file when any
 * of its channels to that file closes; so every {@link BlobCache} of this JVM on the same directory
 * shares this table, which counts shared holders itself and holds one file lock for them. Why every
 * channel call runs on the table's own thread: an interrupted thread that touches a
 * {@link FileChannel} closes it, which would silently drop every lock of the JVM.
 */
final class LockTable {
    /** Offsets below this are kept for whole-cache locks. */
    private static final long FIRST_BLOB_OFFSET = 1L << 20;
    /** The offset that guards {@code stats.json}. */
    static final long STATS = 0;

    private static final Map<Path, LockTable> TABLES = new HashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final ExecutorService io;
    private final Map<Long, Entry> entries = new HashMap<>();
    private int refs;
    private boolean closed;

    private static final class Entry {
        int shared;
        boolean exclusive;
        FileLock lock;
    }

    private LockTable(Path file) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ferry-cache-locks");
            t.setDaemon(true);
            return t;
        });
    }

    /** The table of {@code lockFile} (created when missing); give it back with {@link #unref()}. */
    static LockTable ref(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        if (!Files.exists(lockFile)) Files.newByteChannel(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        Path key = lockFile.toRealPath();
        synchronized (TABLES) {
            LockTable t = TABLES.get(key);
            if (t == null) {
                t = new LockTable(key);
                TABLES.put(key, t);
            }
            synchronized (t) {
                t.refs++;
            }
            return t;
        }
    }

    /** Gives a reference back; the file is closed when no {@link BlobCache} uses it and no lock is held. */
    void unref() {
        synchronized (TABLES) {
            synchronized (this) {
                refs--;
                closeIfUnused();
            }
        }
    }

    /** Called with both monitors held. */
    private void closeIfUnused() {
        if (refs > 0 || !entries.isEmpty() || closed) return;
        closed = true;
        TABLES.remove(file, this);
        try {
            onIo(() -> {
                channel.close();
                return null;
            });
        } catch (IOException ignored) {
            // nothing is locked any more
        } finally {
            io.shutdown();
        }
    }

    /** The lock offset of a blob. */
    static long offset(Digest d) {
        return FIRST_BLOB_OFFSET + Long.parseLong(d.hex().substring(0, 15), 16);
    }

    /** A held lock; {@link #close()} releases it (once; later calls do nothing). */
    final class Lease implements AutoCloseable {
        final long offset;
        final boolean exclusive;
        private boolean released;

        private Lease(long offset, boolean exclusive) {
            this.offset = offset;
            this.exclusive = exclusive;
        }

        @Override public void close() {
            synchronized (LockTable.this) {
                if (released) return;
                released = true;
            }
            release(this);
        }

        boolean isReleased() {
            synchronized (LockTable.this) {
                return released;
            }
        }
    }

    /** A shared lock when nobody holds an exclusive one, else null. */
    Lease tryShared(long offset) throws IOException {
        return tryLock(offset, false);
    }

    /** An exclusive lock when nobody holds any lock on {@code offset}, else null. */
    Lease tryExclusive(long offset) throws IOException {
        return tryLock(offset, true);
    }

    private synchronized Lease tryLock(long offset, boolean exclusive) throws IOException {
        if (closed) throw new LocalizedIOException(Text.of("cache.lock_file_closed", file));
        Entry e = entries.get(offset);
        if (e != null) {
            if (exclusive || e.exclusive) return null;
            e.shared++;
            return new Lease(offset, false);
        }
        FileLock l = onIo(() -> channel.tryLock(offset, 1, !exclusive));
        if (l == null) return null;
        e = new Entry();
        e.lock = l;
        if (exclusive) e.exclusive = true;
        else e.shared = 1;
        entries.put(offset, e);
        return new Lease(offset, exclusive);
    }

    private void release(Lease lease) {
        synchronized (TABLES) {
            synchronized (this) {
                Entry e = entries.get(lease.offset);
                if (e != null) {
                    if (lease.exclusive) e.exclusive = false;
                    else e.shared--;
                    if (!e.exclusive && e.shared <= 0) {
                        entries.remove(lease.offset);
                        FileLock l = e.lock;
                        try {
                            onIo(() -> {
                                if (l.isValid()) l.release();
                                return null;
                            });
                        } catch (IOException ignored) {
                            // the channel is gone, and with it the lock
                        }
                    }
                }
                notifyAll();
                closeIfUnused();
            }
        }
    }

    /** Waits until a lock of this JVM is released, or {@code millis} pass (other processes are not seen: poll). */
    synchronized void awaitChange(long millis) throws InterruptedIOException {
        try {
            wait(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedInterruptedIOException(Text.of("cache.interrupted_lock"));
        }
    }

    /** Runs a channel operation on the table's thread; an interrupt of the caller cannot close the channel. */
    private <T> T onIo(Callable<T> op) throws IOException {
        Future<T> f = io.submit(op);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException ie) {
                    interrupted = true; // the operation is short: finish it so the table stays consistent
                } catch (ExecutionException ee) {
                    Throwable c = ee.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof UncheckedIOException u) throw u.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    throw new IOException(c);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
