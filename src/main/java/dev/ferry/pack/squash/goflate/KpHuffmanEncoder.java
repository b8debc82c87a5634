package dev.ferry.pack.squash.goflate;

import java.util.Arrays;

/**
 * klauspost/compress 1.15's huffmanEncoder (flate/huffman_code.go). A code is {@code code << 8 | length};
 * 0 is "no code". Frequencies are Go's uint16.
 */
final class KpHuffmanEncoder {
    static final int LITERAL_COUNT = 286;

    final int[] codes;
    private final int[] bitCount = new int[17];
    private final long[] list = new long[LITERAL_COUNT + 1];
    private final int[] chunk = new int[LITERAL_COUNT + 1];

    KpHuffmanEncoder(int capacity) {
        codes = new int[capacity];
    }

    static int len(int h) { return h & 0xff; }

    static long code64(int h) { return (h >>> 8) & 0xffffffL; }

    static int hcode(int code, int length) { return length | code << 8; }

    static KpHuffmanEncoder fixedLiterals() {
        KpHuffmanEncoder h = new KpHuffmanEncoder(512);
        for (int ch = 0; ch < LITERAL_COUNT; ch++) {
            int bits;
            int size;
            if (ch < 144) {
                bits = ch + 48;
                size = 8;
            } else if (ch < 256) {
                bits = ch + 400 - 144;
                size = 9;
            } else if (ch < 280) {
                bits = ch - 256;
                size = 7;
            } else {
                bits = ch + 192 - 280;
                size = 8;
            }
            h.codes[ch] = hcode(HuffmanEncoder.reverse(bits, size), size);
        }
        return h;
    }

    static KpHuffmanEncoder fixedOffsets() {
        KpHuffmanEncoder h = new KpHuffmanEncoder(32);
        for (int ch = 0; ch < 30; ch++) h.codes[ch] = hcode(HuffmanEncoder.reverse(ch, 5), 5);
        return h;
    }

    int bitLength(int[] freq, int from, int to) {
        int total = 0;
        for (int i = from; i < to; i++) if (freq[i] != 0) total += freq[i] * len(codes[i - from]);
        return total;
    }

    int canReuseBits(int[] freq, int n) {
        int total = 0;
        for (int i = 0; i < n; i++) {
            if (freq[i] != 0) {
                int c = codes[i];
                if (c == 0) return Integer.MAX_VALUE;
                total += freq[i] * len(c);
            }
        }
        return total;
    }

    void generate(int[] freq, int n, int maxBits) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            int f = freq[i] & 0xffff;
            if (f != 0) list[count++] = (long) f << 16 | i;
            else codes[i] = 0;
        }
        if (count <= 2) {
            for (int i = 0; i < count; i++) codes[(int) (list[i] & 0xffff)] = hcode(i, 1);
            return;
        }
        Arrays.sort(list, 0, count);
        int used = bitCounts(count, maxBits);
        int c = 0;
        int end = count;
        for (int bits = 0; bits < used; bits++) {
            c <<= 1;
            int b = bitCount[bits];
            if (bits == 0 || b == 0) continue;
            int from = end - b;
            for (int i = 0; i < b; i++) chunk[i] = (int) (list[from + i] & 0xffff);
            Arrays.sort(chunk, 0, b);
            for (int i = 0; i < b; i++) {
                codes[chunk[i]] = hcode(HuffmanEncoder.reverse(c & 0xffff, bits), bits);
                c++;
            }
            end = from;
        }
    }

    private static int freq(long node) { return (int) (node >>> 16) & 0xffff; }

    private static int literal(long node) { return (int) (node & 0xffff); }

    private int bitCounts(int n, int maxBits) {
        list[n] = 0xffffL << 16 | 0xffff;
        if (maxBits > n - 1) maxBits = n - 1;
        int[] lastFreq = new int[16];
        int[] nextCharFreq = new int[16];
        int[] nextPairFreq = new int[17];
        int[] needed = new int[17];
        int[][] leafCounts = new int[16][16];
        final int maxInt = Integer.MAX_VALUE;
        int l2f = freq(list[2]);
        int l1f = freq(list[1]);
        int l0f = freq(list[0]) + freq(list[1]);
        for (int level = 1; level <= maxBits; level++) {
            lastFreq[level] = l1f;
            nextCharFreq[level] = l2f;
            nextPairFreq[level] = l0f;
            leafCounts[level][level] = 2;
            if (level == 1) nextPairFreq[level] = maxInt;
        }
        needed[maxBits] = 2 * n - 4;
        int level = maxBits;
        while (level < 16) {
            if (nextPairFreq[level] == maxInt && nextCharFreq[level] == maxInt) {
                needed[level] = 0;
                nextPairFreq[level + 1] = maxInt;
                level++;
                continue;
            }
            int prevFreq = lastFreq[level];
            if (nextCharFreq[level] < nextPairFreq[level]) {
                int c = leafCounts[level][level] + 1;
                lastFreq[level] = nextCharFreq[level];
                leafCounts[level][level] = c;
                long e = list[c];
                nextCharFreq[level] = literal(e) < 0xffff ? freq(e) : maxInt;
            } else {
                lastFreq[level] = nextPairFreq[level];
                int save = leafCounts[level][level];
                System.arraycopy(leafCounts[level - 1], 0, leafCounts[level], 0, 16);
                leafCounts[level][level] = save;
                needed[level - 1] = 2;
            }
            if (--needed[level] == 0) {
                if (level == maxBits) break;
                nextPairFreq[level + 1] = prevFreq + lastFreq[level];
                level++;
            } else {
                while (needed[level - 1] > 0) level--;
            }
        }
        if (leafCounts[maxBits][maxBits] != n) throw new IllegalStateException("leafCounts[maxBits][maxBits] != n");
        int bits = 1;
        int[] counts = leafCounts[maxBits];
        for (int l = maxBits; l > 0; l--) {
            bitCount[bits] = counts[l] - counts[l - 1];
            bits++;
        }
        bitCount[0] = 0;
        return maxBits + 1;
    }
}
