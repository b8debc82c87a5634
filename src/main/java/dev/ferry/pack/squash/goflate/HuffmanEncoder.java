package dev.ferry.pack.squash.goflate;

import java.util.Arrays;

/**
 * Go's huffmanEncoder (huffman_code.go): length-limited canonical Huffman codes built with the
 * same package-merge walk, the same tie-breaks (frequency, then literal) and the same order of
 * code assignment, so the code lengths, and with them the bytes, are Go's.
 */
final class HuffmanEncoder {
    private static final int MAX_BITS_LIMIT = 16;
    static final int MAX_NUM_LIT = 286;

    /** Reversed code bits and code length of each symbol. */
    final int[] code;
    final int[] len;
    /** Candidates packed as freq << 16 | literal, so sorting the longs is Go's byFreq order. */
    private final long[] list = new long[MAX_NUM_LIT + 1];
    private final int[] bitCount = new int[17];
    private final int[] chunk = new int[MAX_NUM_LIT + 1];

    HuffmanEncoder(int size) {
        code = new int[size];
        len = new int[size];
    }

    static HuffmanEncoder fixedLiterals() {
        HuffmanEncoder h = new HuffmanEncoder(MAX_NUM_LIT);
        for (int ch = 0; ch < MAX_NUM_LIT; ch++) {
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
            h.code[ch] = reverse(bits, size);
            h.len[ch] = size;
        }
        return h;
    }

    static HuffmanEncoder fixedOffsets() {
        HuffmanEncoder h = new HuffmanEncoder(30);
        for (int ch = 0; ch < 30; ch++) {
            h.code[ch] = reverse(ch, 5);
            h.len[ch] = 5;
        }
        return h;
    }

    static int reverse(int number, int bitLength) {
        return (Integer.reverse(number) >>> (32 - bitLength)) & 0xffff;
    }

    int bitLength(int[] freq, int n) {
        int total = 0;
        for (int i = 0; i < n; i++) if (freq[i] != 0) total += freq[i] * len[i];
        return total;
    }

    /** Codes for {@code freq[0..n)}, none longer than {@code maxBits}. */
    void generate(int[] freq, int n, int maxBits) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (freq[i] != 0) list[count++] = (long) freq[i] << 16 | i;
            else len[i] = 0;
        }
        if (count <= 2) {
            for (int i = 0; i < count; i++) {
                int lit = (int) (list[i] & 0xffff);
                code[lit] = i;
                len[lit] = 1;
            }
            return;
        }
        Arrays.sort(list, 0, count);
        int used = bitCounts(count, maxBits);
        assign(used, count);
    }

    private static int freq(long node) { return (int) (node >>> 16); }

    /** Go's bitCounts over list[0..n); returns how many entries of bitCount are set (maxBits + 1). */
    private int bitCounts(int n, int maxBits) {
        if (maxBits >= MAX_BITS_LIMIT) throw new IllegalStateException("maxBits too large");
        list[n] = (long) Integer.MAX_VALUE << 16 | 0xffff;
        if (maxBits > n - 1) maxBits = n - 1;
        // int32 arithmetic, as in Go (a sum may wrap exactly as it would there)
        int[] lastFreq = new int[MAX_BITS_LIMIT];
        int[] nextCharFreq = new int[MAX_BITS_LIMIT];
        int[] nextPairFreq = new int[MAX_BITS_LIMIT];
        int[] needed = new int[MAX_BITS_LIMIT];
        int[][] leafCounts = new int[MAX_BITS_LIMIT][MAX_BITS_LIMIT];
        final int maxInt = Integer.MAX_VALUE;
        for (int level = 1; level <= maxBits; level++) {
            lastFreq[level] = freq(list[1]);
            nextCharFreq[level] = freq(list[2]);
            nextPairFreq[level] = freq(list[0]) + freq(list[1]);
            leafCounts[level][level] = 2;
            if (level == 1) nextPairFreq[level] = maxInt;
        }
        needed[maxBits] = 2 * n - 4;
        int level = maxBits;
        while (true) {
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
                nextCharFreq[level] = freq(list[c]);
            } else {
                lastFreq[level] = nextPairFreq[level];
                System.arraycopy(leafCounts[level - 1], 0, leafCounts[level], 0, level);
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

    private void assign(int used, int count) {
        int c = 0;
        int end = count;
        for (int n = 0; n < used; n++) {
            c <<= 1;
            int bits = bitCount[n];
            if (n == 0 || bits == 0) continue;
            int from = end - bits;
            for (int i = 0; i < bits; i++) chunk[i] = (int) (list[from + i] & 0xffff);
            Arrays.sort(chunk, 0, bits);
            for (int i = 0; i < bits; i++) {
                code[chunk[i]] = reverse(c, n);
                len[chunk[i]] = n;
                c++;
            }
            end = from;
        }
    }
}
