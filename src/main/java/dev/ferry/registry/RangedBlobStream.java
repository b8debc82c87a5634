package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;

/**
 * The rest of a large blob read as consecutive byte ranges fetched over several connections at once, served
 * in order. Links that throttle each connection (common across borders) then carry one big layer
 * at several connections' speed. Memory is bounded: every chunk in flight holds a permit of a
 * budget shared by all ranged reads of the process, taken in chunk order so a stream can always
 * make progress. A chunk that fails is fetched again on its own (ranges are idempotent).
 */
final class RangedBlobStream extends InputStream {

    /** Fetches {@code [from, from + length)} of the blob, exactly. */
    @FunctionalInterface
    interface RangeFetcher {
        byte[] fetch(long from, int length) throws IOException;
    }

    /** Said instead of a stream when no connection can be spared now (see {@link AdaptiveBlobStream.Opener#ranges}). */
    static final RangedBlobStream NOT_NOW = new RangedBlobStream(new Descriptor("application/octet-stream",
            dev.ferry.oci.Digest.sha256(new byte[0]), 0), 0, (f, l) -> new byte[0], 1, 1, new Semaphore(0), null, 0);

    private final Descriptor blob;
    private final RangeFetcher fetcher;
    private final long chunk;
    private int connections;
    private final int maxConnections;
    private final Lender lender;
    private final Semaphore budget;
    private final ExecutorService pool;
    private final int retries;
    private final Deque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
    private long nextToFetch;
    private byte[] current;
    private int pos;
    private boolean closed;

    /**
     * @param start where the ranges begin (what comes before is read by someone else)
     */
    RangedBlobStream(Descriptor blob, long start, RangeFetcher fetcher, long chunk, int connections, Semaphore budget,
                     ExecutorService pool, int retries) {
        this(blob, start, fetcher, chunk, connections, connections, Lender.NONE, budget, pool, retries);
    }

    /** Lends a stream more connections while it runs, and takes them back when it is closed. */
    interface Lender {
        Lender NONE = new Lender() {
            @Override public int lend(int max) { return 0; }

            @Override public void giveBack(int n) { }
        };

        /** Up to {@code max} more connections that are free now (0: none). */
        int lend(int max);

        void giveBack(int n);
    }

    /**
     * @param connections    the connections lent to start with
     * @param maxConnections at most this many: more are asked of {@code lender} as they come free
     * @param lender         given every connection back once the stream is closed and no fetch of it runs
     */
    RangedBlobStream(Descriptor blob, long start, RangeFetcher fetcher, long chunk, int connections, int maxConnections, Lender lender,
                     Semaphore budget, ExecutorService pool, int retries) {
        this.maxConnections = Math.max(connections, maxConnections);
        this.lender = lender;
        this.blob = blob;
        this.fetcher = fetcher;
        this.chunk = chunk;
        this.connections = connections;
        this.budget = budget;
        this.pool = pool;
        this.retries = retries;
        this.nextToFetch = start;
    }

    /** Starts fetching the first chunks before the first read. */
    RangedBlobStream start() throws IOException {
        fill(false);
        return this;
    }

    private void fill() throws IOException {
        fill(true);
    }

    /** @param mayWait whether to wait for a permit when none is in flight (else fetching starts at the first read) */
    private void fill(boolean mayWait) throws IOException {
        if (!closed && connections < maxConnections && nextToFetch < blob.size()) connections += lender.lend(maxConnections - connections);
        while (!closed && inFlight.size() < connections && nextToFetch < blob.size()) {
            if (!budget.tryAcquire()) {
                if (!inFlight.isEmpty() || !mayWait) return; // the chunks in flight will free permits as they are read
                try {
                    budget.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalizedInterruptedIOException(Text.of("remote.detail.interrupted"));
                }
            }
            long from = nextToFetch;
            int len = (int) Math.min(chunk, blob.size() - from);
            nextToFetch += len;
            inFlight.add(CompletableFuture.supplyAsync(() -> fetchWithRetries(from, len), pool));
        }
    }

    private byte[] fetchWithRetries(long from, int len) {
        IOException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (closed) throw new java.util.concurrent.CancellationException("closed");
            try {
                byte[] b = fetcher.fetch(from, len);
                if (b.length != len) throw new LocalizedIOException(Text.of("remote.detail.range_came_back", from, len, b.length));
                return b;
            } catch (IOException e) {
                last = e;
                if (e instanceof RegistryException re && !re.isRetryable()) break;
                try {
                    Thread.sleep(Math.min(8000, 500L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new java.util.concurrent.CompletionException(last);
    }

    private boolean advance() throws IOException {
        fill();
        if (current != null && pos < current.length) return true;
        CompletableFuture<byte[]> f = inFlight.poll();
        if (f == null) return false;
        try {
            current = f.get();
            pos = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedInterruptedIOException(Text.of("remote.detail.interrupted"));
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof java.util.concurrent.CompletionException ce) c = ce.getCause();
            throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
        } finally {
            budget.release();
        }
        fill();
        return true;
    }

    @Override public int read() throws IOException {
        if (!advance()) return -1;
        return current[pos++] & 0xff;
    }

    @Override public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!advance()) return -1;
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        for (CompletableFuture<byte[]> f : inFlight) {
            f.whenComplete((v, e) -> budget.release());
        }
        int lent = connections;
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> lender.giveBack(lent));
        inFlight.clear();
        current = null;
    }
}
