package dev.ferry.pack.squash.goflate;

/**
 * The run-length coding of code lengths in a dynamic block's header (generateCodegen, the same in
 * Go's compress/flate and klauspost's): 16 repeats the previous length 3-6 times, 17 and 18 write
 * 3-10 and 11-138 zeros.
 */
final class Codegen {
    static final int BAD_CODE = 255;

    private Codegen() {}

    /**
     * {@code codegen} holds the literal then offset code lengths, ended by {@link #BAD_CODE}; it is
     * rewritten in place to the codegen symbols (with their repeat counts), ended by BAD_CODE, and
     * {@code freq} (19 entries) counts the symbols.
     */
    static void encode(int[] codegen, int[] freq) {
        java.util.Arrays.fill(freq, 0);
        int size = codegen[0];
        int count = 1;
        int outIndex = 0;
        for (int inIndex = 1; size != BAD_CODE; inIndex++) {
            int nextSize = codegen[inIndex];
            if (nextSize == size) {
                count++;
                continue;
            }
            if (size != 0) {
                codegen[outIndex++] = size;
                freq[size]++;
                count--;
                while (count >= 3) {
                    int n = Math.min(6, count);
                    codegen[outIndex++] = 16;
                    codegen[outIndex++] = n - 3;
                    freq[16]++;
                    count -= n;
                }
            } else {
                while (count >= 11) {
                    int n = Math.min(138, count);
                    codegen[outIndex++] = 18;
                    codegen[outIndex++] = n - 11;
                    freq[18]++;
                    count -= n;
                }
                if (count >= 3) {
                    codegen[outIndex++] = 17;
                    codegen[outIndex++] = count - 3;
                    freq[17]++;
                    count = 0;
                }
            }
            count--;
            for (; count >= 0; count--) {
                codegen[outIndex++] = size;
                freq[size]++;
            }
            size = nextSize;
            count = 1;
        }
        codegen[outIndex] = BAD_CODE;
    }
}
