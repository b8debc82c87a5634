package dev.ferry.pack.squash.goflate;

import java.io.IOException;
import java.io.OutputStream;

/**
 * klauspost/compress 1.15's huffmanBitWriter (flate/huffman_bit_writer.go): like Go's, but it may
 * keep a dynamic table open across blocks (reusing it while that is estimated cheaper), has a
 * Huffman-only path that stores data close to uniform, and ends a stream with an empty fixed block.
 * Bits go out through a plain accumulator: Go's buffering changes where bytes are written, never which.
 */
final class KpBitWriter {
    static final int[] LENGTH_EXTRA_BITS = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0};
    static final int[] OFFSET_EXTRA_BITS = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14};
    private static final int[] LENGTH_BASE = {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255, 0, 0, 0};
    private static final int OFFSET_CODE_COUNT = 30;
    private static final int LENGTH_CODES_START = 257;
    private static final int CODEGEN_CODE_COUNT = 19;
    private static final int MAX_PREDEFINED_TOKENS = 250;
    private static final int MAX_STORE_BLOCK_SIZE = 65535;
    private static final int LITERAL_COUNT = KpHuffmanEncoder.LITERAL_COUNT;
    private static final int[] CODEGEN_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final KpHuffmanEncoder FIXED_LITERALS = KpHuffmanEncoder.fixedLiterals();
    private static final KpHuffmanEncoder FIXED_OFFSETS = KpHuffmanEncoder.fixedOffsets();
    private static final KpHuffmanEncoder HUFF_OFFSET = new KpHuffmanEncoder(32);
    private static final int[] OFFSET_BASE = {0x000000, 0x000001, 0x000002, 0x000003, 0x000004, 0x000006, 0x000008, 0x00000c, 0x000010, 0x000018,
            0x000020, 0x000030, 0x000040, 0x000060, 0x000080, 0x0000c0, 0x000100, 0x000180, 0x000200, 0x000300,
            0x000400, 0x000600, 0x000800, 0x000c00, 0x001000, 0x001800, 0x002000, 0x003000, 0x004000, 0x006000, 0x008000, 0x00c000};

    static {
        int[] f = new int[OFFSET_CODE_COUNT];
        f[0] = 1;
        HUFF_OFFSET.generate(f, OFFSET_CODE_COUNT, 15);
    }

    private static final java.lang.invoke.VarHandle LE_LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private OutputStream out;
    private final byte[] buf = new byte[1 << 12];
    private int bufLen;
    private long bits;
    private int nbits;
    private boolean lastHuffMan;
    private KpHuffmanEncoder literalEncoding = new KpHuffmanEncoder(512);
    private KpHuffmanEncoder tmpLitEncoding = new KpHuffmanEncoder(512);
    private final KpHuffmanEncoder offsetEncoding = new KpHuffmanEncoder(32);
    private final KpHuffmanEncoder codegenEncoding = new KpHuffmanEncoder(32);
    private int lastHeader;
    int logNewTablePenalty;
    private final int[] literalFreq = new int[LENGTH_CODES_START + 32];
    private final int[] offsetFreq = new int[32];
    private final int[] codegenFreq = new int[CODEGEN_CODE_COUNT];
    private final int[] codegen = new int[LITERAL_COUNT + OFFSET_CODE_COUNT + 1];

    KpBitWriter(OutputStream out) {
        this.out = out;
    }

    private void put(int b) throws IOException {
        if (bufLen == buf.length) drain();
        buf[bufLen++] = (byte) b;
    }

    /** Six bytes of the accumulator at once, as klauspost's writeOutBits does (at most 47 bits wait, so a write of 16 fits). */
    private void putSix() throws IOException {
        if (bufLen > buf.length - 8) drain();
        LE_LONG.set(buf, bufLen, bits);
        bufLen += 6;
        bits >>>= 48;
        nbits -= 48;
    }

    private void drain() throws IOException {
        if (bufLen > 0) out.write(buf, 0, bufLen);
        bufLen = 0;
    }

    /** Ready for a new stream into {@code out}, as klauspost's reset: no bits, no open block (the tables are rebuilt before use). */
    void reset(OutputStream out) {
        this.out = out;
        bufLen = 0;
        bits = 0;
        nbits = 0;
        lastHeader = 0;
        lastHuffMan = false;
    }

    private boolean canReuse(KpTokens t) {
        for (int i = 0; i < OFFSET_CODE_COUNT; i++) if (t.offHist[i] != 0 && offsetEncoding.codes[i] == 0) return false;
        for (int i = 0; i < LITERAL_COUNT - 256; i++) if (t.extraHist[i] != 0 && literalEncoding.codes[256 + i] == 0) return false;
        for (int i = 0; i < 256; i++) if (t.litHist[i] != 0 && literalEncoding.codes[i] == 0) return false;
        return true;
    }

    void flush() throws IOException {
        if (lastHeader > 0) {
            writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
            lastHeader = 0;
        }
        while (nbits > 0) {
            put((int) bits);
            bits >>>= 8;
            nbits = nbits > 8 ? nbits - 8 : 0;
        }
        bits = 0;
        drain();
    }

    /** At most 16 bits at a time: the bytes are written six at once when 48 have gathered. */
    private void writeBits(long b, int nb) throws IOException {
        bits |= b << nbits;
        nbits += nb;
        if (nbits >= 48) putSix();
    }

    private void writeCode(int c) throws IOException {
        writeBits(KpHuffmanEncoder.code64(c), KpHuffmanEncoder.len(c));
    }

    void writeStoredBytes(byte[] b, int off, int len) throws IOException {
        writeBytes(b, off, len);
    }

    private void writeBytes(byte[] b, int off, int len) throws IOException {
        if ((nbits & 7) != 0) throw new IllegalStateException("writeBytes with unfinished bits");
        while (nbits != 0) { // the whole bytes still in the accumulator (a stored block's LEN and NLEN) go first
            put((int) bits);
            bits >>>= 8;
            nbits -= 8;
        }
        drain();
        out.write(b, off, len);
    }

    private void generateCodegen(int numLiterals, int numOffsets, KpHuffmanEncoder litEnc, KpHuffmanEncoder offEnc) {
        for (int i = 0; i < numLiterals; i++) codegen[i] = KpHuffmanEncoder.len(litEnc.codes[i]);
        for (int i = 0; i < numOffsets; i++) codegen[numLiterals + i] = KpHuffmanEncoder.len(offEnc.codes[i]);
        codegen[numLiterals + numOffsets] = Codegen.BAD_CODE;
        Codegen.encode(codegen, codegenFreq);
    }

    private int codegens() {
        int n = codegenFreq.length;
        while (n > 4 && codegenFreq[CODEGEN_ORDER[n - 1]] == 0) n--;
        return n;
    }

    private int headerSize() {
        int numCodegens = codegens();
        return 3 + 5 + 5 + 4 + 3 * numCodegens + codegenEncoding.bitLength(codegenFreq, 0, CODEGEN_CODE_COUNT)
                + codegenFreq[16] * 2 + codegenFreq[17] * 3 + codegenFreq[18] * 7;
    }

    private int dynamicReuseSize(KpHuffmanEncoder litEnc, KpHuffmanEncoder offEnc) {
        return litEnc.bitLength(literalFreq, 0, literalFreq.length) + offEnc.bitLength(offsetFreq, 0, offsetFreq.length);
    }

    private int dynamicSize(KpHuffmanEncoder litEnc, KpHuffmanEncoder offEnc, int extraBits) {
        return headerSize() + litEnc.bitLength(literalFreq, 0, literalFreq.length) + offEnc.bitLength(offsetFreq, 0, offsetFreq.length) + extraBits;
    }

    private int extraBitSize() {
        int total = 0;
        for (int i = 0; i < LITERAL_COUNT - 257; i++) total += literalFreq[257 + i] * LENGTH_EXTRA_BITS[i & 31];
        for (int i = 0; i < OFFSET_CODE_COUNT; i++) total += offsetFreq[i] * OFFSET_EXTRA_BITS[i & 31];
        return total;
    }

    private int fixedSize(int extraBits) {
        return 3 + FIXED_LITERALS.bitLength(literalFreq, 0, literalFreq.length) + FIXED_OFFSETS.bitLength(offsetFreq, 0, offsetFreq.length) + extraBits;
    }

    private static int storedSize(byte[] in, int len) {
        if (in == null) return -1;
        return len <= MAX_STORE_BLOCK_SIZE ? (len + 5) * 8 : -1;
    }

    private void writeDynamicHeader(int numLiterals, int numOffsets, int numCodegens, boolean eof) throws IOException {
        writeBits(eof ? 5 : 4, 3);
        writeBits(numLiterals - 257, 5);
        writeBits(numOffsets - 1, 5);
        writeBits(numCodegens - 4, 4);
        for (int i = 0; i < numCodegens; i++) writeBits(KpHuffmanEncoder.len(codegenEncoding.codes[CODEGEN_ORDER[i]]), 3);
        int i = 0;
        while (true) {
            int codeWord = codegen[i++];
            if (codeWord == Codegen.BAD_CODE) break;
            writeCode(codegenEncoding.codes[codeWord]);
            switch (codeWord) {
                case 16 -> writeBits(codegen[i++], 2);
                case 17 -> writeBits(codegen[i++], 3);
                case 18 -> writeBits(codegen[i++], 7);
                default -> { }
            }
        }
    }

    void writeStoredHeader(int length, boolean eof) throws IOException {
        if (lastHeader > 0) {
            writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
            lastHeader = 0;
        }
        if (length == 0 && eof) {
            writeFixedHeader(true);
            writeBits(0, 7);
            flush();
            return;
        }
        writeBits(eof ? 1 : 0, 3);
        flush();
        writeBits(length, 16);
        writeBits(~length & 0xffff, 16);
    }

    private void writeFixedHeader(boolean eof) throws IOException {
        if (lastHeader > 0) {
            writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
            lastHeader = 0;
        }
        writeBits(eof ? 3 : 2, 3);
    }

    private void stored(byte[] input, int off, int len, boolean eof) throws IOException {
        writeStoredHeader(len, eof);
        writeBytes(input, off, len);
    }

    void writeBlockDynamic(KpTokens tokens, boolean eof, byte[] input, int inOff, int inLen, boolean sync) throws IOException {
        sync = sync || eof;
        if (sync) tokens.addEOB();
        if ((lastHuffMan || eof) && lastHeader > 0) {
            writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
            lastHeader = 0;
            lastHuffMan = false;
        }
        if (lastHeader > 0 && !canReuse(tokens)) {
            writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
            lastHeader = 0;
        }
        int packed = indexTokens(tokens, !sync);
        int numLiterals = packed >>> 16;
        int numOffsets = packed & 0xffff;
        int extraBits = 0;
        int ssize = storedSize(input, inLen);
        boolean storable = ssize >= 0;
        if (storable || lastHeader > 0) extraBits = extraBitSize();
        int size = 0;
        if (lastHeader > 0) {
            int newSize = lastHeader + tokens.estimatedBits();
            newSize += KpHuffmanEncoder.len(literalEncoding.codes[KpTokens.END_BLOCK]) + (newSize >> logNewTablePenalty);
            int reuseSize = dynamicReuseSize(literalEncoding, offsetEncoding) + extraBits;
            if (newSize < reuseSize) {
                writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
                size = newSize;
                lastHeader = 0;
            } else {
                size = reuseSize;
            }
            if (tokens.n < MAX_PREDEFINED_TOKENS) {
                int preSize = fixedSize(extraBits) + 7;
                if (preSize < size) {
                    if (storable && ssize <= size) {
                        stored(input, inOff, inLen, eof);
                        return;
                    }
                    writeFixedHeader(eof);
                    if (!sync) tokens.addEOB();
                    writeTokens(tokens, FIXED_LITERALS.codes, FIXED_OFFSETS.codes);
                    return;
                }
            }
            if (storable && ssize <= size) {
                stored(input, inOff, inLen, eof);
                return;
            }
        }
        if (lastHeader == 0) {
            literalFreq[KpTokens.END_BLOCK] = 1;
            generate();
            generateCodegen(numLiterals, numOffsets, literalEncoding, offsetEncoding);
            codegenEncoding.generate(codegenFreq, CODEGEN_CODE_COUNT, 7);
            int numCodegens = codegens();
            size = dynamicSize(literalEncoding, offsetEncoding, extraBits);
            if (tokens.n < MAX_PREDEFINED_TOKENS) {
                int preSize = fixedSize(extraBits);
                if (preSize <= size) {
                    if (storable && ssize <= preSize) {
                        stored(input, inOff, inLen, eof);
                        return;
                    }
                    writeFixedHeader(eof);
                    if (!sync) tokens.addEOB();
                    writeTokens(tokens, FIXED_LITERALS.codes, FIXED_OFFSETS.codes);
                    return;
                }
            }
            if (storable && ssize <= size) {
                stored(input, inOff, inLen, eof);
                return;
            }
            writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
            if (!sync) lastHeader = headerSize();
            lastHuffMan = false;
        }
        if (sync) lastHeader = 0;
        writeTokens(tokens, literalEncoding.codes, offsetEncoding.codes);
    }

    /** Copies the histograms into the frequencies; returns numLiterals << 16 | numOffsets (0 without tokens; all codes when {@code filled}). */
    private int indexTokens(KpTokens t, boolean filled) {
        System.arraycopy(t.litHist, 0, literalFreq, 0, 256);
        System.arraycopy(t.extraHist, 0, literalFreq, 256, 32);
        System.arraycopy(t.offHist, 0, offsetFreq, 0, 32);
        if (t.n == 0) return 0;
        if (filled) return LITERAL_COUNT << 16 | OFFSET_CODE_COUNT;
        int numLiterals = literalFreq.length;
        while (literalFreq[numLiterals - 1] == 0) numLiterals--;
        int numOffsets = offsetFreq.length;
        while (numOffsets > 0 && offsetFreq[numOffsets - 1] == 0) numOffsets--;
        if (numOffsets == 0) {
            offsetFreq[0] = 1;
            numOffsets = 1;
        }
        return numLiterals << 16 | numOffsets;
    }

    private void generate() {
        literalEncoding.generate(literalFreq, LITERAL_COUNT, 15);
        offsetEncoding.generate(offsetFreq, OFFSET_CODE_COUNT, 15);
    }

    private void writeTokens(KpTokens t, int[] le, int[] oe) throws IOException {
        int n = t.n;
        if (n == 0) return;
        boolean deferEOB = false;
        if (t.tokens[n - 1] == KpTokens.END_BLOCK) {
            n--;
            deferEOB = true;
        }
        for (int i = 0; i < n; i++) {
            int tok = t.tokens[i];
            if (tok < 256) {
                writeCode(le[tok]);
                continue;
            }
            int length = (tok >>> 22) & 0xff;
            int lc = Tokens.lengthCode(length) & 31;
            writeCode(le[LENGTH_CODES_START + lc]);
            if (lc >= 8) writeBits(length - LENGTH_BASE[lc], LENGTH_EXTRA_BITS[lc]);
            int offset = tok & ((1 << 22) - 1);
            int oc = (offset >>> 16) & 31;
            writeCode(oe[oc]);
            if (oc >= 4) writeBits((offset - OFFSET_BASE[oc]) & 0xffff, OFFSET_EXTRA_BITS[oc]);
        }
        if (deferEOB) writeCode(le[KpTokens.END_BLOCK]);
    }

    void writeBlockHuff(boolean eof, byte[] input, int inOff, int inLen, boolean sync) throws IOException {
        java.util.Arrays.fill(literalFreq, 0);
        if (!lastHuffMan) java.util.Arrays.fill(offsetFreq, 0);
        final int numLiterals = KpTokens.END_BLOCK + 1;
        final int numOffsets = 1;
        final int guessHeaderSizeBits = 70 * 8;
        for (int i = 0; i < inLen; i++) literalFreq[input[inOff + i] & 0xff]++;
        int ssize = storedSize(input, inLen);
        boolean storable = ssize >= 0;
        if (storable && inLen > 1024) {
            double abs = 0;
            double avg = (double) inLen / 256;
            double max = (double) (inLen * 2);
            for (int i = 0; i < 256; i++) {
                double diff = (double) literalFreq[i] - avg;
                abs += diff * diff;
                if (abs > max) break;
            }
            if (abs < max) {
                stored(input, inOff, inLen, eof);
                return;
            }
        }
        literalFreq[KpTokens.END_BLOCK] = 1;
        tmpLitEncoding.generate(literalFreq, numLiterals, 15);
        int estBits = tmpLitEncoding.canReuseBits(literalFreq, numLiterals);
        if (estBits < Integer.MAX_VALUE) {
            estBits += lastHeader;
            if (lastHeader == 0) estBits += guessHeaderSizeBits;
            estBits += estBits >> logNewTablePenalty;
        }
        if (storable && ssize <= estBits) {
            stored(input, inOff, inLen, eof);
            return;
        }
        if (lastHeader > 0) {
            int reuseSize = literalEncoding.canReuseBits(literalFreq, 256);
            if (estBits < reuseSize) {
                writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
                lastHeader = 0;
            }
        }
        if (lastHeader == 0) {
            KpHuffmanEncoder swap = literalEncoding;
            literalEncoding = tmpLitEncoding;
            tmpLitEncoding = swap;
            generateCodegen(numLiterals, numOffsets, literalEncoding, HUFF_OFFSET);
            codegenEncoding.generate(codegenFreq, CODEGEN_CODE_COUNT, 7);
            int numCodegens = codegens();
            writeDynamicHeader(numLiterals, numOffsets, numCodegens, eof);
            lastHuffMan = true;
            lastHeader = headerSize();
        }
        int[] encoding = literalEncoding.codes;
        for (int i = 0; i < inLen; i++) writeCode(encoding[input[inOff + i] & 0xff]);
        if (eof || sync) {
            writeCode(literalEncoding.codes[KpTokens.END_BLOCK]);
            lastHeader = 0;
            lastHuffMan = false;
        }
    }
}
