package dev.ferry.pack.squash.goflate;

/**
 * klauspost/compress 1.15's tokens (flate/token.go): the tokens of one block with the histograms
 * the bit writer decides by. A match is {@code 1<<30 | (length-3)<<22 | offsetCode<<16 | (offset-1)}.
 */
final class KpTokens {
    static final int MATCH_TYPE = 1 << 30;
    static final int END_BLOCK = 256;
    static final int MAX_STORE_BLOCK_SIZE = 65535;

    final int[] litHist = new int[256];
    final int[] extraHist = new int[32];
    final int[] offHist = new int[32];
    int nFilled;
    int n;
    final int[] tokens = new int[MAX_STORE_BLOCK_SIZE + 1];

    void reset() {
        if (n == 0) return;
        n = 0;
        nFilled = 0;
        java.util.Arrays.fill(litHist, 0);
        java.util.Arrays.fill(extraHist, 0);
        java.util.Arrays.fill(offHist, 0);
    }

    void addLiteral(int lit) {
        tokens[n++] = lit;
        litHist[lit]++;
    }

    static float fastLog2(float val) {
        int ux = Float.floatToRawIntBits(val);
        float log2 = (float) (((ux >> 23) & 255) - 128);
        ux &= -0x7f800001;
        ux += 127 << 23;
        float uval = Float.intBitsToFloat(ux);
        log2 += ((-0.34484843f) * uval + 2.02466578f) * uval - 0.67487759f;
        return log2;
    }

    static float atLeastOne(float v) {
        if (v < 1) return 1;
        if (v > 15) return 15;
        return v;
    }

    int estimatedBits() {
        float shannon = 0;
        int bits = 0;
        int nMatches = 0;
        int total = n + nFilled;
        if (total > 0) {
            float invTotal = 1.0f / (float) total;
            for (int v : litHist) {
                if (v > 0) {
                    float f = (float) v;
                    shannon += atLeastOne(-fastLog2(f * invTotal)) * f;
                }
            }
            shannon += 15;
            for (int i = 0; i < 286 - 256 - 1; i++) {
                int v = extraHist[1 + i];
                if (v > 0) {
                    float f = (float) v;
                    shannon += atLeastOne(-fastLog2(f * invTotal)) * f;
                    bits += KpBitWriter.LENGTH_EXTRA_BITS[i & 31] * v;
                    nMatches += v;
                }
            }
        }
        if (nMatches > 0) {
            float invTotal = 1.0f / (float) nMatches;
            for (int i = 0; i < 30; i++) {
                int v = offHist[i];
                if (v > 0) {
                    float f = (float) v;
                    shannon += atLeastOne(-fastLog2(f * invTotal)) * f;
                    bits += KpBitWriter.OFFSET_EXTRA_BITS[i & 31] * v;
                }
            }
        }
        return (int) shannon + bits;
    }

    /** A match of length {@code xlength} (any length; longer than 258 becomes several) at offset {@code xoffset + 1}. */
    void addMatchLong(int xlength, int xoffset) {
        int oc = Tokens.offsetCode(xoffset);
        xoffset |= oc << 16;
        while (xlength > 0) {
            int xl = xlength;
            if (xl > 258) xl = xl > 258 + 3 ? 258 : 258 - 3;
            xlength -= xl;
            xl -= 3;
            extraHist[Tokens.lengthCode(xl & 0xff) + 1]++;
            offHist[oc & 31]++;
            tokens[n++] = MATCH_TYPE | xl << 22 | xoffset;
        }
    }

    void addEOB() {
        tokens[n++] = END_BLOCK;
        extraHist[0]++;
    }
}
