package dev.ferry.pack.squash;

import dev.ferry.pack.PackMeta;
import dev.ferry.pack.squash.goflate.GoDeflaterInputStream;
import dev.ferry.pack.squash.goflate.PgzipDeflaterInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * How to gzip a rebuilt layer: the header bytes to write, the compressor that made the layer
 * (Java's Deflater, that is zlib; Go's compress/flate as docker and buildkit use it;
 * klauspost/pgzip as umoci, skopeo and podman use it, with its block size) and its level. With the
 * form a layer was made with, the result is its original blob, byte for byte; {@link #FERRY} is
 * the form of layers whose original ferry cannot reproduce.
 *
 * @param blockSize pgzip's block size in bytes; 0 for the others
 */
record GzipForm(Family family, int level, int blockSize, byte[] header) {
    /** A compressor that made gzip layers, by the name the meta file gives it. */
    enum Family {
        ZLIB(PackMeta.Squashed.ZLIB), GO(PackMeta.Squashed.GO), PGZIP(PackMeta.Squashed.PGZIP);

        final String id;

        Family(String id) { this.id = id; }
    }

    /** A plain gzip header (no name, no time, unknown OS) and level 6, zlib's default. */
    static final GzipForm FERRY = new GzipForm(6, new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});

    /** A zlib form, as every kept layer was before the compressor was recorded. */
    GzipForm(int level, byte[] header) {
        this(Family.ZLIB, level, 0, header);
    }

    /** The form a kept layer's meta entry records (PackMeta has checked the compressor's name and level). */
    static GzipForm of(PackMeta.Squashed q) {
        String c = q.gzipCompressor();
        if (c.startsWith(PackMeta.Squashed.PGZIP + ":")) {
            return new GzipForm(Family.PGZIP, q.gzipLevel(), Integer.parseInt(c.substring(PackMeta.Squashed.PGZIP.length() + 1)), q.gzipHeader());
        }
        for (Family f : Family.values()) if (f.id.equals(c)) return new GzipForm(f, q.gzipLevel(), 0, q.gzipHeader());
        throw new IllegalStateException("no compressor " + c);
    }

    /** The name of the compressor for the meta file: zlib, go, pgzip:BLOCKSIZE. */
    String compressor() {
        return family == Family.PGZIP ? family.id + ":" + blockSize : family.id;
    }

    /** The gzip bytes of {@code tar}, pulled as they are read (the caller closes the result, which closes {@code tar}). */
    InputStream compress(InputStream tar) {
        CheckedInputStream checked = new CheckedInputStream(tar, new CRC32());
        long[] count = new long[1];
        InputStream counted = new java.io.FilterInputStream(checked) {
            @Override public int read() throws IOException {
                int b = super.read();
                if (b >= 0) count[0]++;
                return b;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) count[0] += n;
                return n;
            }
        };
        InputStream deflated = switch (family) {
            case GO -> new GoDeflaterInputStream(counted, level);
            case PGZIP -> new PgzipDeflaterInputStream(counted, level, blockSize);
            case ZLIB -> {
                Deflater deflater = new Deflater(level, true);
                yield new DeflaterInputStream(counted, deflater, 1 << 16) {
                    @Override public void close() throws IOException {
                        super.close();
                        deflater.end();
                    }
                };
            }
        };
        InputStream trailer = new InputStream() {
            private byte[] bytes;
            private int at;

            @Override public int read() {
                if (bytes == null) {
                    long crc = checked.getChecksum().getValue();
                    long size = count[0] & 0xffffffffL;
                    bytes = new byte[]{(byte) crc, (byte) (crc >> 8), (byte) (crc >> 16), (byte) (crc >> 24),
                            (byte) size, (byte) (size >> 8), (byte) (size >> 16), (byte) (size >> 24)};
                }
                return at < bytes.length ? bytes[at++] & 0xff : -1;
            }
        };
        return new SequenceInputStream(java.util.Collections.enumeration(List.of(new ByteArrayInputStream(header), deflated, trailer)));
    }
}
