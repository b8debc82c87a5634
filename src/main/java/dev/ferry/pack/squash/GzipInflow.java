package dev.ferry.pack.squash;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip layer pushed in as it streams, handing the uncompressed bytes on, and
 * learns what is needed to write the same bytes again: the first member's header (kept as it
 * is), the length of its deflate data, whether its trailer is right and nothing follows. Further
 * members are decompressed too (as docker reads them) but make the layer one ferry cannot
 * reproduce. Bytes that are not gzip are an {@link IOException}.
 */
final class GzipInflow {
    private static final int MAX_HEADER = 1 << 16;

    private final OutputStream plain;
    private final DeflateMatcher matcher;
    private final byte[] out = new byte[1 << 16];
    private byte[] header = new byte[64];
    private int headerLen;
    private byte[] firstHeader;
    private Inflater inflater;
    private final CRC32 crc = new CRC32();
    private long memberPlain;
    private final byte[] trailer = new byte[8];
    private int trailerLen;
    private int members;
    private long firstDeflateLength = -1;
    private boolean trailerOk = true;
    private State state = State.HEADER;

    private enum State { HEADER, DEFLATE, TRAILER }

    /** @param matcher told the bytes of the first member after its header, or null */
    GzipInflow(OutputStream plain, DeflateMatcher matcher) {
        this.plain = plain;
        this.matcher = matcher;
    }

    void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            switch (state) {
                case HEADER -> {
                    int n = Math.min(len, MAX_HEADER - headerLen);
                    if (headerLen + n > header.length) header = java.util.Arrays.copyOf(header, Math.max(header.length * 2, headerLen + n));
                    System.arraycopy(b, off, header, headerLen, n);
                    headerLen += n;
                    int h = headerLength();
                    if (h < 0) {
                        if (headerLen >= MAX_HEADER) throw new LocalizedIOException(Text.of("squash.gzip_header_long"));
                        return;
                    }
                    members++;
                    if (members == 1) firstHeader = java.util.Arrays.copyOf(header, h);
                    if (members == 1 && matcher != null) matcher.header(firstHeader);
                    inflater = new Inflater(true);
                    crc.reset();
                    memberPlain = 0;
                    state = State.DEFLATE;
                    int rest = headerLen - h;
                    byte[] tail = java.util.Arrays.copyOfRange(header, h, headerLen);
                    headerLen = 0;
                    if (members == 1 && matcher != null) matcher.original(tail, 0, rest);
                    // what came after the header in this chunk is handled from the copy, then the chunk goes on past it
                    int consumedFromChunk = n;
                    off += consumedFromChunk;
                    len -= consumedFromChunk;
                    if (rest > 0) inflate(tail, 0, rest);
                }
                case DEFLATE -> {
                    if (members == 1 && matcher != null) matcher.original(b, off, len); // the rest of the member, once
                    int used = inflate(b, off, len);
                    off += used;
                    len -= used;
                }
                case TRAILER -> {
                    int n = Math.min(len, 8 - trailerLen);
                    System.arraycopy(b, off, trailer, trailerLen, n);
                    trailerLen += n;
                    off += n;
                    len -= n;
                    if (trailerLen == 8) endMember();
                }
            }
        }
    }

    /** Inflates from {@code b}; returns how many bytes belonged to the deflate data (the rest is passed on as the trailer). */
    private int inflate(byte[] b, int off, int len) throws IOException {
        inflater.setInput(b, off, len);
        try {
            while (true) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    crc.update(out, 0, n);
                    memberPlain += n;
                    plain.write(out, 0, n);
                    if (members == 1 && matcher != null) matcher.plain(out, 0, n);
                }
                if (inflater.finished()) {
                    int rest = inflater.getRemaining();
                    if (members == 1) firstDeflateLength = inflater.getBytesRead();
                    inflater.end();
                    state = State.TRAILER;
                    trailerLen = 0;
                    if (rest > 0) write(b, off + len - rest, rest);
                    return len;
                }
                if (inflater.needsInput()) return len;
                if (inflater.needsDictionary()) throw new LocalizedIOException(Text.of("squash.gzip_dictionary"));
            }
        } catch (DataFormatException e) {
            throw new LocalizedIOException(Text.of("squash.gzip_invalid", Text.of(e)), e);
        }
    }

    private void endMember() throws IOException {
        long crcWanted = (trailer[0] & 0xffL) | (trailer[1] & 0xffL) << 8 | (trailer[2] & 0xffL) << 16 | (trailer[3] & 0xffL) << 24;
        long sizeWanted = (trailer[4] & 0xffL) | (trailer[5] & 0xffL) << 8 | (trailer[6] & 0xffL) << 16 | (trailer[7] & 0xffL) << 24;
        if (crcWanted != crc.getValue() || sizeWanted != (memberPlain & 0xffffffffL)) {
            throw new LocalizedIOException(Text.of("squash.gzip_trailer"));
        }
        state = State.HEADER;
        headerLen = 0;
    }

    /** The input ended; throws when it ended inside a member. */
    void finish() throws IOException {
        if (members == 0) throw new LocalizedIOException(Text.of("squash.gzip_empty"));
        if (state != State.HEADER || headerLen > 0) {
            if (state == State.DEFLATE) inflater.end();
            throw new LocalizedIOException(Text.of("squash.gzip_cut_short"));
        }
    }

    /** The first member's header, as it was. */
    byte[] firstHeader() { return firstHeader; }

    /** Whether the layer is one gzip member with its trailer and nothing after it: the form ferry can write again. */
    boolean single() { return members == 1 && trailerOk; }

    long firstDeflateLength() { return firstDeflateLength; }

    /** The header's length, or -1 while it is incomplete. */
    private int headerLength() throws IOException {
        if (headerLen >= 1 && (header[0] & 0xff) != 0x1f || headerLen >= 2 && (header[1] & 0xff) != 0x8b) throw new LocalizedIOException(Text.of("squash.gzip_magic"));
        if (headerLen >= 3 && header[2] != 8) throw new LocalizedIOException(Text.of("squash.gzip_method"));
        if (headerLen < 10) return -1;
        int flags = header[3] & 0xff;
        if ((flags & 0xe0) != 0) throw new LocalizedIOException(Text.of("squash.gzip_flags"));
        int p = 10;
        if ((flags & 4) != 0) {
            if (headerLen < p + 2) return -1;
            p += 2 + ((header[p] & 0xff) | (header[p + 1] & 0xff) << 8);
        }
        if ((flags & 8) != 0) p = zeroEnd(p);
        if (p < 0) return -1;
        if ((flags & 16) != 0) p = zeroEnd(p);
        if (p < 0) return -1;
        if ((flags & 2) != 0) p += 2;
        return p <= headerLen ? p : -1;
    }

    private int zeroEnd(int p) {
        for (int i = p; i < headerLen; i++) if (header[i] == 0) return i + 1;
        return -1;
    }
}
