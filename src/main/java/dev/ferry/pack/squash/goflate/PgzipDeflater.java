package dev.ferry.pack.squash.goflate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * klauspost/pgzip 1.2's deflate data, pushed: the input cut into blocks of {@code blockSize}
 * bytes, each compressed on its own by klauspost/compress's flate with the previous block's last
 * 16 KiB of input as dictionary and ended by a sync flush; the last block (shorter, or empty when
 * the input fills whole blocks) is closed. A block needs nothing of the previous one's encoding
 * (each gets a fresh compressor and bit writer, and a sync flush leaves the output on a byte
 * boundary), so, as in pgzip, blocks are compressed at once on {@link PgzipPool}'s threads and
 * their outputs written to {@code out} in order, on the caller's thread; a caller waiting for a
 * block no thread has started compresses it itself, so streams sharing a busy pool still move. How many blocks are
 * compressed at once does not change the bytes. Memory: at most {@code parallel} blocks of input
 * and of output, and one block being filled; outputs are written as soon as they are done, in order.
 */
public final class PgzipDeflater {
    private static final int TAIL_SIZE = 16384;
    /** Compressors reset for each block, as pgzip keeps them in a pool: a level-5 one holds about 1 MiB of tables and history. */
    private static final KpPool COMPRESSORS = new KpPool(PgzipPool.THREADS + 2);

    private final OutputStream out;
    private final int level;
    private final int blockSize;
    private final int parallel;
    private final Executor executor;
    private final ArrayDeque<Block> pending = new ArrayDeque<>();
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private byte[] block;
    private int blockLen;
    private byte[] tail;
    private boolean finished;

    /** One block being compressed: its input (given back for reuse once written) and its output to come. */
    private record Block(byte[] input, FutureTask<ByteArrayOutputStream> output) { }

    /** Whether this port reproduces pgzip at {@code level}: -1 (its default, that is 5), 5, -2 (HuffmanOnly) and 0. */
    public static boolean supports(int level) {
        return KpDeflater.supports(level);
    }

    /** As many blocks at once as there are processors. */
    public PgzipDeflater(OutputStream out, int level, int blockSize) {
        this(out, level, blockSize, PgzipPool.THREADS);
    }

    /** At most {@code parallel} blocks at once; 1 (or less) compresses each on the caller's thread. */
    public PgzipDeflater(OutputStream out, int level, int blockSize, int parallel) {
        if (blockSize <= TAIL_SIZE) throw new IllegalStateException("gzip: block size cannot be less than or equal to " + TAIL_SIZE);
        if (!supports(level)) throw new IllegalStateException("klauspost level " + level + " is not ported");
        this.out = out;
        this.level = level;
        this.blockSize = blockSize;
        this.parallel = Math.max(1, parallel);
        this.executor = this.parallel == 1 ? Runnable::run : PgzipPool.EXECUTOR;
        this.block = new byte[blockSize];
    }

    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) throw new IllegalStateException("pgzip: write after close");
        while (len > 0) {
            int n = Math.min(len, blockSize - blockLen);
            System.arraycopy(b, off, block, blockLen, n);
            blockLen += n;
            off += n;
            len -= n;
            if (blockLen == blockSize) submit(false);
        }
        while (!pending.isEmpty() && pending.peek().output.isDone()) writeOldest();
    }

    /** pgzip's Close without the trailer: the last block, then every block's output written. */
    public void finish() throws IOException {
        if (finished) return;
        finished = true;
        submit(true);
        while (!pending.isEmpty()) writeOldest();
        block = null;
        spare.clear();
    }

    /** Stops compressing: blocks not yet started are not; nothing more is written. */
    public void abandon() {
        finished = true;
        for (Block p : pending) p.output.cancel(false);
        pending.clear();
        spare.clear();
        block = null;
    }

    private void submit(boolean last) throws IOException {
        byte[] input = block;
        int len = blockLen;
        byte[] dict = tail;
        tail = len > TAIL_SIZE ? Arrays.copyOfRange(input, len - TAIL_SIZE, len) : null;
        while (pending.size() >= parallel) writeOldest();
        FutureTask<ByteArrayOutputStream> task = new FutureTask<>(() -> compress(input, len, dict, last));
        pending.add(new Block(input, task));
        executor.execute(task);
        if (!last) {
            block = spare.isEmpty() ? new byte[blockSize] : spare.poll();
            blockLen = 0;
        }
    }

    private ByteArrayOutputStream compress(byte[] input, int len, byte[] dict, boolean last) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(Math.max(64, len / 2));
        try {
            KpDeflater d = COMPRESSORS.take(level, o);
            if (dict != null) d.dictionary(dict, 0, dict.length);
            d.write(input, 0, len);
            d.flush();
            if (last) d.finish();
            COMPRESSORS.give(level, d);
        } catch (IOException e) { // a ByteArrayOutputStream does not throw
            throw new UncheckedIOException(e);
        }
        return o;
    }

    private void writeOldest() throws IOException {
        Block p = pending.peek();
        ByteArrayOutputStream o;
        p.output.run(); // not started yet (the pool busy with other streams' blocks): the caller compresses it
        try {
            o = p.output.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandon();
            throw new InterruptedIOException();
        } catch (ExecutionException e) {
            abandon();
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error r) throw r;
            throw new IllegalStateException(c);
        }
        pending.poll();
        if (p.input.length == blockSize && spare.size() < parallel) spare.add(p.input);
        o.writeTo(out);
    }
}
