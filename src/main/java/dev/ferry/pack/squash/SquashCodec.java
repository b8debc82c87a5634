package dev.ferry.pack.squash;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.ferry.pack.Compression;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The solid compression of a squash pack's frames: zstd with a long window (128 MiB) on all cores,
 * or xz. Each frame is one zstd frame or one xz stream; closing the compressing stream ends the
 * frame and closes what it writes to (give it a stream whose close only flushes).
 */
public enum SquashCodec {
    ZSTD, XZ;

    /** zstd level for file contents and recipes: a good ratio at tens of MB/s per core. */
    static final int ZSTD_LEVEL = 9;
    static final int ZSTD_WINDOW_LOG = 27;

    public static SquashCodec of(Compression c) {
        return switch (c) {
            case SQUASH -> ZSTD;
            case SQUASH_XZ -> XZ;
            default -> throw new IllegalStateException(c.id() + " is not a squash compression"); // callers ask Compression.squash() first
        };
    }

    /** A new frame into {@code out}; {@code fast}: the bytes are compressed already, spend little on them. */
    OutputStream compress(OutputStream out, boolean fast) throws IOException {
        return switch (this) {
            case ZSTD -> {
                ZstdOutputStream z = new ZstdOutputStream(out);
                z.setLevel(fast ? 1 : ZSTD_LEVEL);
                if (!fast) z.setLong(ZSTD_WINDOW_LOG);
                int cores = Runtime.getRuntime().availableProcessors();
                if (cores > 1) z.setWorkers(cores);
                z.setCloseFrameOnFlush(false);
                yield new java.io.BufferedOutputStream(z, 1 << 17);
            }
            case XZ -> new XZOutputStream(out, new LZMA2Options(fast ? 0 : 6));
        };
    }

    /** Reads one frame from {@code in}, which starts where the frame starts. */
    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case ZSTD -> new BufferedInputStream(new ZstdInputStream(in), 1 << 16);
            case XZ -> new BufferedInputStream(new SingleXZInputStream(in), 1 << 16);
        };
    }
}
