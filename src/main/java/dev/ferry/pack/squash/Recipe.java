package dev.ferry.pack.squash;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layer's recipe: the uncompressed layer as a sequence of raw bytes (tar headers, padding, small
 * files, anything that is not a file's content) and references to file contents. Binary, inside
 * one frame of a data file:
 *
 * <pre>
 *   "FSQ1"
 *   1 RAW      varint n, n bytes
 *   2 FILE     varint n, n bytes of a data file name (the next file number)
 *   3 CONTENT  32-byte sha256, varint size, varint file number, varint frame, varint offset
 *   0 END      varint total bytes of the layer
 * </pre>
 */
final class Recipe {
    static final byte[] MAGIC = "FSQ1".getBytes(StandardCharsets.US_ASCII);
    static final int RAW = 1, FILE = 2, CONTENT = 3, END = 0;
    private static final int RAW_CHUNK = 1 << 16;

    private Recipe() {}

    /** Writes a recipe; raw bytes are gathered into chunks of up to 64 KiB. */
    static final class Writer {
        private final DataOutputStream out;
        private final Map<String, Integer> files = new LinkedHashMap<>();
        private final byte[] raw = new byte[RAW_CHUNK];
        private int rawLen;
        private long total;

        Writer(OutputStream out) throws IOException {
            this.out = new DataOutputStream(out);
            this.out.write(MAGIC);
        }

        void raw(byte[] b, int off, int len) throws IOException {
            total += len;
            while (len > 0) {
                int n = Math.min(len, raw.length - rawLen);
                System.arraycopy(b, off, raw, rawLen, n);
                rawLen += n;
                off += n;
                len -= n;
                if (rawLen == raw.length) flushRaw();
            }
        }

        void content(ContentRef c) throws IOException {
            flushRaw();
            Integer f = files.get(c.file());
            if (f == null) {
                f = files.size();
                files.put(c.file(), f);
                byte[] name = c.file().getBytes(StandardCharsets.UTF_8);
                out.write(FILE);
                Varints.write(out, name.length);
                out.write(name);
            }
            out.write(CONTENT);
            out.write(HexFormat.of().parseHex(c.sha256()));
            Varints.write(out, c.size());
            Varints.write(out, f);
            Varints.write(out, c.frame());
            Varints.write(out, c.offset());
            total += c.size();
        }

        private void flushRaw() throws IOException {
            if (rawLen == 0) return;
            out.write(RAW);
            Varints.write(out, rawLen);
            out.write(raw, 0, rawLen);
            rawLen = 0;
        }

        /** Ends the recipe and closes the stream it writes to. */
        void finish() throws IOException {
            flushRaw();
            out.write(END);
            Varints.write(out, total);
            out.close();
        }
    }

    /** One step of a recipe, as {@link Reader#next} returns it. */
    sealed interface Op permits Raw, Content, End {}

    record Raw(byte[] bytes, int length) implements Op {}

    record Content(ContentRef ref) implements Op {}

    record End(long total) implements Op {}

    /** Reads a recipe step by step; anything malformed is an {@link IOException} naming what was wrong. */
    static final class Reader {
        private final DataInputStream in;
        private final List<String> files = new ArrayList<>();
        private final byte[] raw = new byte[RAW_CHUNK];
        private final byte[] sha = new byte[32];
        private boolean ended;

        Reader(InputStream in) throws IOException {
            this.in = new DataInputStream(in);
            byte[] m = this.in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(m, MAGIC)) throw new LocalizedIOException(Text.of("squash.recipe_magic"));
        }

        Op next() throws IOException {
            if (ended) throw new LocalizedIOException(Text.of("squash.recipe_past_end"));
            while (true) {
                int op = in.read();
                switch (op) {
                    case RAW -> {
                        long n = Varints.read(in);
                        if (n <= 0 || n > RAW_CHUNK) throw new LocalizedIOException(Text.of("squash.recipe_raw_chunk", n));
                        in.readFully(raw, 0, (int) n);
                        return new Raw(raw, (int) n);
                    }
                    case FILE -> {
                        long n = Varints.read(in);
                        if (n <= 0 || n > 255) throw new LocalizedIOException(Text.of("squash.recipe_name_length", n));
                        files.add(new String(in.readNBytes((int) n), StandardCharsets.UTF_8));
                    }
                    case CONTENT -> {
                        in.readFully(sha);
                        long size = Varints.read(in);
                        long f = Varints.read(in);
                        if (f >= files.size()) throw new LocalizedIOException(Text.of("squash.recipe_file_number", f));
                        return new Content(new ContentRef(ContentRef.hex(sha), size, files.get((int) f), Varints.read(in), Varints.read(in)));
                    }
                    case END -> {
                        ended = true;
                        return new End(Varints.read(in));
                    }
                    case -1 -> throw new LocalizedIOException(Text.of("squash.recipe_no_end"));
                    default -> throw new LocalizedIOException(Text.of("squash.recipe_unknown_step", op));
                }
            }
        }
    }
}
