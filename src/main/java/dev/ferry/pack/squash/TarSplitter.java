package dev.ferry.pack.squash;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an uncompressed layer, pushed in as it streams, into its recipe: tar headers, padding and
 * small files stay raw bytes; each regular file's content of {@value #MIN_CONTENT} bytes or more
 * goes to {@link Contents} (which stores it once per pack) and the recipe refers to it. Every byte
 * pushed in is either raw or inside a content, so the recipe rebuilds the input byte for byte,
 * whatever it holds: where the input stops looking like a tar (a bad checksum, the end blocks, an
 * odd size field) the rest is simply kept raw.
 */
final class TarSplitter {
    static final int MIN_CONTENT = 512;
    private static final int BLOCK = 512;

    /** Stores one content (or finds it stored already) and says where it is. */
    @FunctionalInterface
    interface Contents {
        ContentRef put(String sha256, long size, InputStream bytes) throws IOException;
    }

    private enum State { HEADER, DATA, PAD, TAIL }

    private final Recipe.Writer recipe;
    private final Contents contents;
    private final ContentBuffer buffer = new ContentBuffer();
    private final byte[] header = new byte[BLOCK];
    private int headerLen;
    private State state = State.HEADER;
    private long left;
    private int pad;
    private boolean content;
    private int files;
    /** Bytes pushed in so far, and where the content being read began. */
    private long at, contentStart;

    TarSplitter(Recipe.Writer recipe, Contents contents) {
        this.recipe = recipe;
        this.contents = contents;
    }

    /** Regular files whose content went to the store. */
    int files() { return files; }

    /** Where in the input the content being stored began (while {@link Contents#put} runs): a parent pack's layers are indexed by it. */
    long contentStart() { return contentStart; }

    void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n;
            switch (state) {
                case HEADER -> {
                    n = Math.min(len, BLOCK - headerLen);
                    System.arraycopy(b, off, header, headerLen, n);
                    headerLen += n;
                    if (headerLen == BLOCK) {
                        contentStart = at + n; // the data, if any, follows this header
                        examine();
                    }
                }
                case DATA -> {
                    n = (int) Math.min(len, left);
                    if (content) buffer.write(b, off, n);
                    else recipe.raw(b, off, n);
                    left -= n;
                    if (left == 0) {
                        if (content) storeContent();
                        state = pad > 0 ? State.PAD : State.HEADER;
                        left = pad;
                    }
                }
                case PAD -> {
                    n = (int) Math.min(len, left);
                    recipe.raw(b, off, n);
                    left -= n;
                    if (left == 0) state = State.HEADER;
                }
                default -> {
                    n = len;
                    recipe.raw(b, off, n);
                }
            }
            off += n;
            len -= n;
            at += n;
        }
    }

    /** The input ended: whatever is half read is kept raw. */
    void finish() throws IOException {
        if (state == State.HEADER && headerLen > 0) recipe.raw(header, 0, headerLen);
        if (state == State.DATA && content) {
            try (InputStream in = buffer.open()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) recipe.raw(buf, 0, n);
            }
        }
        buffer.close();
        headerLen = 0;
    }

    private void examine() throws IOException {
        recipe.raw(header, 0, BLOCK);
        headerLen = 0;
        long size = checksumOk() ? size() : -1;
        int type = header[156];
        boolean headerOnly = type >= '1' && type <= '6';
        if (size < 0 || (headerOnly && size != 0)) {
            state = State.TAIL; // end blocks, or not a tar header we can be sure of: the rest stays raw
            return;
        }
        if (size == 0) return;
        left = size;
        pad = (int) ((BLOCK - size % BLOCK) % BLOCK);
        content = (type == '0' || type == 0 || type == '7') && size >= MIN_CONTENT;
        if (content) buffer.reset();
        state = State.DATA;
    }

    private void storeContent() throws IOException {
        String sha = buffer.sha256();
        try (InputStream in = buffer.open()) {
            recipe.content(contents.put(sha, buffer.size(), in));
        }
        buffer.close();
        files++;
    }

    private boolean checksumOk() {
        long stored = octal(148, 8);
        if (stored < 0) return false;
        long sum = 0;
        boolean zero = true;
        for (int i = 0; i < BLOCK; i++) {
            int v = header[i] & 0xff;
            if (v != 0) zero = false;
            sum += i >= 148 && i < 156 ? ' ' : v;
        }
        return !zero && sum == stored;
    }

    /** The size field: octal, or base-256 (GNU) when its first byte has the high bit; -1 when it is neither. */
    private long size() {
        if ((header[124] & 0x80) != 0) {
            if ((header[124] & 0xff) != 0x80) return -1;
            long v = 0;
            for (int i = 125; i < 136; i++) {
                if ((v >>> 55) != 0) return -1;
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        return octal(124, 12);
    }

    private long octal(int at, int len) {
        long v = 0;
        int i = at, end = at + len;
        while (i < end && header[i] == ' ') i++;
        boolean digits = false;
        for (; i < end; i++) {
            int c = header[i];
            if (c == 0 || c == ' ') break;
            if (c < '0' || c > '7') return -1;
            v = v * 8 + (c - '0');
            digits = true;
        }
        return digits ? v : (at == 124 ? 0 : -1);
    }
}
