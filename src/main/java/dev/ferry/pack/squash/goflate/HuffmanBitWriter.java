package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Go's huffmanBitWriter (huffman_bit_writer.go): chooses stored, fixed or dynamic Huffman for each
 * block by the same size estimates and writes it with the same bit layout.
 */
final class HuffmanBitWriter {
    private static final int OFFSET_CODE_COUNT = 30;
    private static final int LENGTH_CODES_START = 257;
    private static final int CODEGEN_CODE_COUNT = 19;
    private static final int BUFFER_FLUSH_SIZE = 240;
    private static final int MAX_STORE_BLOCK_SIZE = 65535;
    private static final int[] CODEGEN_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final HuffmanEncoder FIXED_LITERALS = HuffmanEncoder.fixedLiterals();
    private static final HuffmanEncoder FIXED_OFFSETS = HuffmanEncoder.fixedOffsets();
    private static final HuffmanEncoder HUFF_OFFSET;

    static {
        int[] f = new int[OFFSET_CODE_COUNT];
        f[0] = 1;
        HUFF_OFFSET = new HuffmanEncoder(OFFSET_CODE_COUNT);
        HUFF_OFFSET.generate(f, OFFSET_CODE_COUNT, 15);
    }

    private final OutputStream out;
    private long bits;
    private int nbits;
    private final byte[] bytes = new byte[BUFFER_FLUSH_SIZE + 8];
    private int nbytes;
    private final int[] codegenFreq = new int[CODEGEN_CODE_COUNT];
    private final int[] literalFreq = new int[HuffmanEncoder.MAX_NUM_LIT];
    private final int[] offsetFreq = new int[OFFSET_CODE_COUNT];
    private final int[] codegen = new int[HuffmanEncoder.MAX_NUM_LIT + OFFSET_CODE_COUNT + 1];
    private final HuffmanEncoder literalEncoding = new HuffmanEncoder(HuffmanEncoder.MAX_NUM_LIT);
    private final HuffmanEncoder offsetEncoding = new HuffmanEncoder(OFFSET_CODE_COUNT);
    private final HuffmanEncoder codegenEncoding = new HuffmanEncoder(CODEGEN_CODE_COUNT);
    private long written;

    HuffmanBitWriter(OutputStream out) {
        this.out = out;
    }

    long written() { return written; }

    private void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        out.write(b, off, len);
        written += len;
    }

    void flush() throws IOException {
        int n = nbytes;
        while (nbits != 0) {
            bytes[n++] = (byte) bits;
            bits >>>= 8;
            nbits = nbits > 8 ? nbits - 8 : 0;
        }
        bits = 0;
        write(bytes, 0, n);
        nbytes = 0;
    }

    private void emit48() throws IOException {
        long b = bits;
        bits >>>= 48;
        nbits -= 48;
        int n = nbytes;
        bytes[n] = (byte) b;
        bytes[n + 1] = (byte) (b >>> 8);
        bytes[n + 2] = (byte) (b >>> 16);
        bytes[n + 3] = (byte) (b >>> 24);
        bytes[n + 4] = (byte) (b >>> 32);
        bytes[n + 5] = (byte) (b >>> 40);
        n += 6;
        if (n >= BUFFER_FLUSH_SIZE) {
            write(bytes, 0, n);
            n = 0;
        }
        nbytes = n;
    }

    void writeBits(int b, int nb) throws IOException {
        bits |= (long) b << nbits;
        nbits += nb;
        if (nbits >= 48) emit48();
    }

    private void writeCode(HuffmanEncoder e, int symbol) throws IOException {
        bits |= (long) e.code[symbol] << nbits;
        nbits += e.len[symbol];
        if (nbits >= 48) emit48();
    }

    void writeBytes(byte[] b, int off, int len) throws IOException {
        int n = nbytes;
        if ((nbits & 7) != 0) throw new IllegalStateException("writeBytes with unfinished bits");
        while (nbits != 0) {
            bytes[n++] = (byte) bits;
            bits >>>= 8;
            nbits -= 8;
        }
        if (n != 0) write(bytes, 0, n);
        nbytes = 0;
        write(b, off, len);
    }

    private void generateCodegen(int numLiterals, int numOffsets, HuffmanEncoder litEnc, HuffmanEncoder offEnc) {
        for (int i = 0; i < numLiterals; i++) codegen[i] = litEnc.len[i];
        for (int i = 0; i < numOffsets; i++) codegen[numLiterals + i] = offEnc.len[i];
        codegen[numLiterals + numOffsets] = Codegen.BAD_CODE;
        Codegen.encode(codegen, codegenFreq);
    }

    private int numCodegens() {
        int n = codegenFreq.length;
        while (n > 4 && codegenFreq[CODEGEN_ORDER[n - 1]] == 0) n--;
        return n;
    }

    private int dynamicSize(HuffmanEncoder litEnc, HuffmanEncoder offEnc, int extraBits, int numCodegens) {
        int header = 3 + 5 + 5 + 4 + 3 * numCodegens + codegenEncoding.bitLength(codegenFreq, CODEGEN_CODE_COUNT)
                + codegenFreq[16] * 2 + codegenFreq[17] * 3 + codegenFreq[18] * 7;
        return header + litEnc.bitLength(literalFreq, literalFreq.length) + offEnc.bitLength(offsetFreq, offsetFreq.length) + extraBits;
    }

    private int fixedSize(int extraBits) {
        return 3 + FIXED_LITERALS.bitLength(literalFreq, literalFreq.length) + FIXED_OFFSETS.bitLength(offsetFreq, offsetFreq.length) + extraBits;
    }

    /** Stored size in bits, or -1 when the input is unknown or too long to store. */
    private static int storedSize(byte[] in, int len) {
        if (in == null) return -1;
        return len <= MAX_STORE_BLOCK_SIZE ? (len + 5) * 8 : -1;
    }

    private void writeDynamicHeader(int numLiterals, int numOffsets, int numCodegens, boolean eof) throws IOException {
        writeBits(eof ? 5 : 4, 3);
        writeBits(numLiterals - 257, 5);
        writeBits(numOffsets - 1, 5);
        writeBits(numCodegens - 4, 4);
        for (int i = 0; i < numCodegens; i++) writeBits(codegenEncoding.len[CODEGEN_ORDER[i]], 3);
        int i = 0;
        while (true) {
            int codeWord = codegen[i++];
            if (codeWord == Codegen.BAD_CODE) break;
            writeCode(codegenEncoding, codeWord);
            switch (codeWord) {
                case 16 -> writeBits(codegen[i++], 2);
                case 17 -> writeBits(codegen[i++], 3);
                case 18 -> writeBits(codegen[i++], 7);
                default -> { }
            }
        }
    }

    void writeStoredHeader(int length, boolean eof) throws IOException {
        writeBits(eof ? 1 : 0, 3);
        flush();
        writeBits(length, 16);
        writeBits(~length & 0xffff, 16);
    }

    private void writeFixedHeader(boolean eof) throws IOException {
        writeBits(eof ? 3 : 2, 3);
    }

    /**
     * A block of {@code tokens[0..n)} (there is room for one more), choosing the smallest of stored
     * (when {@code input} is known), fixed and dynamic codes.
     */
    void writeBlock(int[] tokens, int n, boolean eof, byte[] input, int inOff, int inLen) throws IOException {
        tokens[n++] = Tokens.END_BLOCK;
        int packed = indexTokens(tokens, n);
        int numLiterals = packed >>> 16;
        int numOffsets = packed & 0xffff;
        int extraBits = 0;
        int stored = storedSize(input, inLen);
        if (stored >= 0) {
            for (int lc = LENGTH_CODES_START + 8; lc < numLiterals; lc++) extraBits += literalFreq[lc] * Tokens.LENGTH_EXTRA_BITS[lc - LENGTH_CODES_START];
            for (int oc = 4; oc < numOffsets; oc++) extraBits += offsetFreq[oc] * Tokens.OFFSET_EXTRA_BITS[oc];
        }
        HuffmanEncoder lit = FIXED_LITERALS;
        HuffmanEncoder off = FIXED_OFFSETS;
        int size = fixedSize(extraBits);
        generateCodegen(numLiterals, numOffsets, literalEncoding, offsetEncoding);
        codegenEncoding.generate(codegenFreq, CODEGEN_CODE_COUNT, 7);
        int numCodegens = numCodegens();
        int dynamic = dynamicSize(literalEncoding, offsetEncoding, extraBits, numCodegens);
        if (dynamic < size) {
            size = dynamic;
            lit = literalEncoding;
            off = offsetEncoding;
        }
        if (stored >= 0 && stored < size) {
            writeStoredHeader(inLen, eof);
            writeBytes(input, inOff, inLen);
            return;
        }
        if (lit == FIXED_LITERALS) writeFixedHeader(eof);
        else writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
        writeTokens(tokens, n, lit, off);
    }

    /** A block with dynamic codes (or stored when that is clearly smaller): level 1's blocks. */
    void writeBlockDynamic(int[] tokens, int n, boolean eof, byte[] input, int inOff, int inLen) throws IOException {
        tokens[n++] = Tokens.END_BLOCK;
        int packed = indexTokens(tokens, n);
        int numLiterals = packed >>> 16;
        int numOffsets = packed & 0xffff;
        generateCodegen(numLiterals, numOffsets, literalEncoding, offsetEncoding);
        codegenEncoding.generate(codegenFreq, CODEGEN_CODE_COUNT, 7);
        int numCodegens = numCodegens();
        int size = dynamicSize(literalEncoding, offsetEncoding, 0, numCodegens);
        int stored = storedSize(input, inLen);
        if (stored >= 0 && stored < size + (size >> 4)) {
            writeStoredHeader(inLen, eof);
            writeBytes(input, inOff, inLen);
            return;
        }
        writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
        writeTokens(tokens, n, literalEncoding, offsetEncoding);
    }

    /** Counts the symbols; returns numLiterals << 16 | numOffsets. */
    private int indexTokens(int[] tokens, int n) {
        java.util.Arrays.fill(literalFreq, 0);
        java.util.Arrays.fill(offsetFreq, 0);
        for (int i = 0; i < n; i++) {
            int t = tokens[i];
            if (t < Tokens.MATCH_TYPE) {
                literalFreq[t]++;
                continue;
            }
            literalFreq[LENGTH_CODES_START + Tokens.lengthCode(Tokens.length(t))]++;
            offsetFreq[Tokens.offsetCode(Tokens.offset(t))]++;
        }
        int numLiterals = literalFreq.length;
        while (literalFreq[numLiterals - 1] == 0) numLiterals--;
        int numOffsets = offsetFreq.length;
        while (numOffsets > 0 && offsetFreq[numOffsets - 1] == 0) numOffsets--;
        if (numOffsets == 0) {
            offsetFreq[0] = 1;
            numOffsets = 1;
        }
        literalEncoding.generate(literalFreq, literalFreq.length, 15);
        offsetEncoding.generate(offsetFreq, offsetFreq.length, 15);
        return numLiterals << 16 | numOffsets;
    }

    private void writeTokens(int[] tokens, int n, HuffmanEncoder le, HuffmanEncoder oe) throws IOException {
        for (int i = 0; i < n; i++) {
            int t = tokens[i];
            if (t < Tokens.MATCH_TYPE) {
                writeCode(le, t);
                continue;
            }
            int length = Tokens.length(t);
            int lc = Tokens.lengthCode(length);
            writeCode(le, lc + LENGTH_CODES_START);
            int extraLengthBits = Tokens.LENGTH_EXTRA_BITS[lc];
            if (extraLengthBits > 0) writeBits(length - Tokens.LENGTH_BASE[lc], extraLengthBits);
            int offset = Tokens.offset(t);
            int oc = Tokens.offsetCode(offset);
            writeCode(oe, oc);
            int extraOffsetBits = Tokens.OFFSET_EXTRA_BITS[oc];
            if (extraOffsetBits > 0) writeBits(offset - Tokens.OFFSET_BASE[oc], extraOffsetBits);
        }
    }

    /** A block of literals only, Huffman coded (or stored when that is clearly smaller). */
    void writeBlockHuff(boolean eof, byte[] input, int inOff, int inLen) throws IOException {
        java.util.Arrays.fill(literalFreq, 0);
        for (int i = 0; i < inLen; i++) literalFreq[input[inOff + i] & 0xff]++;
        literalFreq[Tokens.END_BLOCK] = 1;
        final int numLiterals = Tokens.END_BLOCK + 1;
        offsetFreq[0] = 1;
        final int numOffsets = 1;
        literalEncoding.generate(literalFreq, literalFreq.length, 15);
        generateCodegen(numLiterals, numOffsets, literalEncoding, HUFF_OFFSET);
        codegenEncoding.generate(codegenFreq, CODEGEN_CODE_COUNT, 7);
        int numCodegens = numCodegens();
        int size = dynamicSize(literalEncoding, HUFF_OFFSET, 0, numCodegens);
        int stored = storedSize(input, inLen);
        if (stored >= 0 && stored < size + (size >> 4)) {
            writeStoredHeader(inLen, eof);
            writeBytes(input, inOff, inLen);
            return;
        }
        writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
        int[] code = literalEncoding.code;
        int[] len = literalEncoding.len;
        for (int i = 0; i < inLen; i++) {
            int t = input[inOff + i] & 0xff;
            bits |= (long) code[t] << nbits;
            nbits += len[t];
            if (nbits >= 48) emit48();
        }
        writeCode(literalEncoding, Tokens.END_BLOCK);
    }
}
