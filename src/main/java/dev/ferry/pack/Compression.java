package dev.ferry.pack;

import dev.ferry.ref.Text;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.SingleXZInputStream;
import org.tukaani.xz.XZOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * How a pack's data files are compressed. Each blob is its own frame (an lz4 frame, an xz
 * stream), so a data file is at the same time one ordinary {@code .tar.lz4}/{@code .tar.xz} stream
 * (frames concatenate) and randomly readable blob by blob from the offsets in the meta file.
 */
public enum Compression {
    NONE("tar", ".tar"),
    LZ4("lz4", ".tar.lz4"),
    XZ("xz", ".tar.xz"),
    /** A squash pack: layers as recipes and deduplicated file contents in solid zstd frames (see {@code pack.squash}). */
    SQUASH("squash", ".squash"),
    /** The same with xz frames: smaller, slower. */
    SQUASH_XZ("squash-xz", ".squash");

    private final String id;
    private final String extension;

    Compression(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    public String id() { return id; }

    public String extension() { return extension; }

    /** True for the squash kinds, whose data files are not tar streams. */
    public boolean squash() { return this == SQUASH || this == SQUASH_XZ; }

    /** {@code none}/{@code tar}, {@code lz4}, {@code xz}, {@code squash} (or image-transmit's {@code squashfs}), {@code squash-xz} (case-insensitive). */
    public static Compression parse(String s) {
        if (s == null) return NONE;
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "", "none", "tar" -> NONE;
            case "lz4" -> LZ4;
            case "xz" -> XZ;
            case "squash", "squashfs", "squash-zstd" -> SQUASH;
            case "squash-xz" -> SQUASH_XZ;
            default -> throw new LocalizedIllegalArgumentException(Text.of("packfile.unknown_compression", s));
        };
    }

    /**
     * A stream that compresses one frame into {@code out}; closing it ends the frame but leaves
     * {@code out} open. {@code compressedAlready} (gzip or zstd layers) makes xz use its fastest
     * preset: such data shrinks by a few percent at most, and preset 6 would cost minutes per GB.
     */
    OutputStream frame(OutputStream out, boolean compressedAlready) throws IOException {
        OutputStream shield = new java.io.FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

            @Override public void close() throws IOException { out.flush(); }
        };
        return switch (this) {
            case NONE -> shield;
            case LZ4 -> new LZ4FrameOutputStream(shield, LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB);
            case XZ -> new XZOutputStream(shield, new LZMA2Options(compressedAlready ? 0 : 6));
            case SQUASH, SQUASH_XZ -> throw new IllegalStateException("squash data files hold no tar frames");
        };
    }

    OutputStream frame(OutputStream out) throws IOException {
        return frame(out, false);
    }

    /** True for media types whose bytes are already compressed (gzip, zstd layers). */
    static boolean compressedAlready(String mediaType) {
        return mediaType != null && (mediaType.endsWith("gzip") || mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd"));
    }

    /** Reads one frame from {@code in} (which ends where the frame ends). */
    InputStream unframe(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case LZ4 -> new LZ4FrameInputStream(in);
            case XZ -> new SingleXZInputStream(in);
            case SQUASH, SQUASH_XZ -> throw new IllegalStateException("squash data files hold no tar frames");
        };
    }
}
