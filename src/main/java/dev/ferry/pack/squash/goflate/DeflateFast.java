package dev.ferry.pack.squash.goflate;

/** Go's level 1 encoder (deflatefast.go): a Snappy-like match finder over 64 KiB blocks that remembers the previous block. */
final class DeflateFast {
    private static final int TABLE_BITS = 14;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    private static final int TABLE_MASK = TABLE_SIZE - 1;
    private static final int TABLE_SHIFT = 32 - TABLE_BITS;
    static final int MAX_STORE_BLOCK_SIZE = 65535;
    private static final int BUFFER_RESET = Integer.MAX_VALUE - MAX_STORE_BLOCK_SIZE * 2;
    private static final int INPUT_MARGIN = 16 - 1;
    private static final int MIN_NON_LITERAL_BLOCK_SIZE = 1 + 1 + INPUT_MARGIN;
    private static final int MAX_MATCH_OFFSET = 1 << 15;
    private static final int MAX_MATCH_LENGTH = 258;

    private final int[] tableVal = new int[TABLE_SIZE];
    private final int[] tableOffset = new int[TABLE_SIZE];
    private final byte[] prev = new byte[MAX_STORE_BLOCK_SIZE];
    private int prevLen;
    private int cur = MAX_STORE_BLOCK_SIZE;

    private static int load32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static long load64(byte[] b, int i) {
        return (load32(b, i) & 0xffffffffL) | (long) load32(b, i + 4) << 32;
    }

    private static int hash(int u) {
        return (u * 0x1e35a7bd) >>> TABLE_SHIFT;
    }

    /** Appends the tokens of {@code src[0..len)} to {@code dst} from {@code n}; returns the new count. */
    int encode(int[] dst, int n, byte[] src, int len) {
        if (cur >= BUFFER_RESET) shiftOffsets();
        if (len < MIN_NON_LITERAL_BLOCK_SIZE) {
            cur += MAX_STORE_BLOCK_SIZE;
            prevLen = 0;
            for (int i = 0; i < len; i++) dst[n++] = src[i] & 0xff;
            return n;
        }
        int sLimit = len - INPUT_MARGIN;
        int nextEmit = 0;
        int s = 0;
        int cv = load32(src, s);
        int nextHash = hash(cv);
        outer:
        while (true) {
            int skip = 32;
            int nextS = s;
            int candVal;
            int candOff;
            while (true) {
                s = nextS;
                int between = skip >> 5;
                nextS = s + between;
                skip += between;
                if (nextS > sLimit) break outer;
                candVal = tableVal[nextHash & TABLE_MASK];
                candOff = tableOffset[nextHash & TABLE_MASK];
                int now = load32(src, nextS);
                tableVal[nextHash & TABLE_MASK] = cv;
                tableOffset[nextHash & TABLE_MASK] = s + cur;
                nextHash = hash(now);
                int offset = s - (candOff - cur);
                if (offset > MAX_MATCH_OFFSET || cv != candVal) {
                    cv = now;
                    continue;
                }
                break;
            }
            for (int i = nextEmit; i < s; i++) dst[n++] = src[i] & 0xff;
            while (true) {
                s += 4;
                int t = candOff - cur + 4;
                int l = matchLen(s, t, src, len);
                dst[n++] = Tokens.match(l + 4 - 3, s - t - 1);
                s += l;
                nextEmit = s;
                if (s >= sLimit) break outer;
                long x = load64(src, s - 1);
                int prevHash = hash((int) x);
                tableVal[prevHash & TABLE_MASK] = (int) x;
                tableOffset[prevHash & TABLE_MASK] = cur + s - 1;
                x >>>= 8;
                int currHash = hash((int) x);
                candVal = tableVal[currHash & TABLE_MASK];
                candOff = tableOffset[currHash & TABLE_MASK];
                tableVal[currHash & TABLE_MASK] = (int) x;
                tableOffset[currHash & TABLE_MASK] = cur + s;
                int offset = s - (candOff - cur);
                if (offset > MAX_MATCH_OFFSET || (int) x != candVal) {
                    cv = (int) (x >>> 8);
                    nextHash = hash(cv);
                    s++;
                    break;
                }
            }
        }
        for (int i = nextEmit; i < len; i++) dst[n++] = src[i] & 0xff;
        cur += len;
        prevLen = len;
        System.arraycopy(src, 0, prev, 0, len);
        return n;
    }

    private int matchLen(int s, int t, byte[] src, int len) {
        int s1 = Math.min(s + MAX_MATCH_LENGTH - 4, len);
        if (t >= 0) {
            int n = s1 - s;
            if (n <= 0) return 0;
            int m = java.util.Arrays.mismatch(src, s, s + n, src, t, t + n);
            return m < 0 ? n : m;
        }
        int tp = prevLen + t;
        if (tp < 0) return 0;
        int aLen = s1 - s;
        int bLen = Math.min(prevLen - tp, aLen);
        for (int i = 0; i < bLen; i++) if (src[s + i] != prev[tp + i]) return i;
        int n = bLen;
        if (s + n == s1) return n;
        int rest = s1 - (s + n);
        for (int i = 0; i < rest; i++) if (src[s + n + i] != src[i]) return i + n;
        return rest + n;
    }

    void reset() {
        prevLen = 0;
        cur += MAX_MATCH_OFFSET;
        if (cur >= BUFFER_RESET) shiftOffsets();
    }

    private void shiftOffsets() {
        if (prevLen == 0) {
            java.util.Arrays.fill(tableVal, 0);
            java.util.Arrays.fill(tableOffset, 0);
            cur = MAX_MATCH_OFFSET + 1;
            return;
        }
        for (int i = 0; i < TABLE_SIZE; i++) {
            int v = tableOffset[i] - cur + MAX_MATCH_OFFSET + 1;
            tableOffset[i] = Math.max(v, 0);
        }
        cur = MAX_MATCH_OFFSET + 1;
    }
}
