package dev.ferry.pack.squash.goflate;

/**
 * Go's compress/flate tokens (token.go): a literal is its byte, a match is
 * {@code 1<<30 | (length-3)<<22 | (offset-1)}; and the length and offset codes of RFC 1951.
 */
final class Tokens {
    static final int MATCH_TYPE = 1 << 30;
    static final int LENGTH_SHIFT = 22;
    static final int OFFSET_MASK = (1 << LENGTH_SHIFT) - 1;
    static final int END_BLOCK = 256;

    private static final int[] LENGTH_CODES = new int[256];
    private static final int[] OFFSET_CODES = new int[256];
    static final int[] LENGTH_EXTRA_BITS = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static final int[] LENGTH_BASE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255};
    static final int[] OFFSET_EXTRA_BITS = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    static final int[] OFFSET_BASE = {0x000000, 0x000001, 0x000002, 0x000003, 0x000004, 0x000006, 0x000008, 0x00000c, 0x000010, 0x000018,
            0x000020, 0x000030, 0x000040, 0x000060, 0x000080, 0x0000c0, 0x000100, 0x000180, 0x000200, 0x000300,
            0x000400, 0x000600, 0x000800, 0x000c00, 0x001000, 0x001800, 0x002000, 0x003000, 0x004000, 0x006000};

    static {
        // the tables of token.go, built from the bases: code c covers [base(c), base(c+1))
        for (int c = 0; c < 28; c++) {
            for (int l = LENGTH_BASE[c]; l < LENGTH_BASE[c + 1]; l++) LENGTH_CODES[l] = c;
        }
        LENGTH_CODES[255] = 28;
        for (int c = 0; c < 16; c++) {
            int end = c + 1 < 30 ? OFFSET_BASE[c + 1] : 256;
            for (int o = OFFSET_BASE[c]; o < Math.min(end, 256); o++) OFFSET_CODES[o] = c;
        }
    }

    private Tokens() {}

    static int literal(int b) { return b; }

    static int match(int xlength, int xoffset) { return MATCH_TYPE + (xlength << LENGTH_SHIFT) + xoffset; }

    static int length(int t) { return (t - MATCH_TYPE) >>> LENGTH_SHIFT; }

    static int offset(int t) { return t & OFFSET_MASK; }

    static int lengthCode(int len) { return LENGTH_CODES[len]; }

    static int offsetCode(int off) {
        if (off < 256) return OFFSET_CODES[off];
        if (off >>> 7 < 256) return OFFSET_CODES[off >>> 7] + 14;
        return OFFSET_CODES[off >>> 14] + 28;
    }
}
