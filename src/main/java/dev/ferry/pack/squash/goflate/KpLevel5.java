package dev.ferry.pack.squash.goflate;

/** klauspost/compress 1.15's level 5 encoder (flate/level5.go with fast_encoder.go's history): its default level. */
final class KpLevel5 {
    private static final int TABLE_BITS = 15;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    private static final int MAX_MATCH_OFFSET = 1 << 15;
    private static final int MAX_MATCH_LENGTH = 258;
    private static final int MAX_STORE_BLOCK_SIZE = 65535;
    private static final int ALLOC_HISTORY = MAX_STORE_BLOCK_SIZE * 5;
    private static final int BUFFER_RESET = (int) ((1L << 31) - ALLOC_HISTORY - MAX_STORE_BLOCK_SIZE - 1);
    private static final long PRIME4 = 2654435761L;
    private static final long PRIME7 = 58295818150454627L;
    private static final int INPUT_MARGIN = 12 - 1;
    private static final int MIN_NON_LITERAL_BLOCK_SIZE = 1 + 1 + INPUT_MARGIN;

    private final byte[] hist = new byte[ALLOC_HISTORY];
    private int histLen;
    private int cur = MAX_STORE_BLOCK_SIZE;
    private final int[] table = new int[TABLE_SIZE];
    /** klauspost's bTable of {Cur, Prev} pairs, side by side as there (one cache line per look-up): Cur at 2h, Prev at 2h + 1. */
    private final int[] bTable = new int[2 * TABLE_SIZE];

    private static final java.lang.invoke.VarHandle LE_INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LE_LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Go's binary.LittleEndian.Uint32: one load, not four. */
    private static int load32(byte[] b, int i) {
        return (int) LE_INT.get(b, i);
    }

    private static long load64(byte[] b, int i) {
        return (long) LE_LONG.get(b, i);
    }

    private static int hash4(long u) {
        return (int) ((((int) u) * (int) PRIME4) >>> (32 - TABLE_BITS));
    }

    private static int hash7(long u) {
        return (int) (((u << 8) * PRIME7) >>> (64 - TABLE_BITS));
    }

    private int addBlock(byte[] src, int len) {
        if (histLen + len > hist.length) {
            int offset = histLen - MAX_MATCH_OFFSET;
            System.arraycopy(hist, offset, hist, 0, MAX_MATCH_OFFSET);
            cur += offset;
            histLen = MAX_MATCH_OFFSET;
        }
        int s = histLen;
        System.arraycopy(src, 0, hist, histLen, len);
        histLen += len;
        return s;
    }

    void reset() {
        if (cur <= BUFFER_RESET) cur += MAX_MATCH_OFFSET + histLen;
        histLen = 0;
    }

    /** How many of the {@code max} bytes at {@code a} and {@code b} agree (Arrays.mismatch compares many at a time, as Go's matchLen does 8). */
    private int matchLen(int a, int b, int max) {
        // no branch for max <= 0 (near the end of the input): one the JIT never saw taken becomes a trap, and taking it
        // later throws away the compiled encode (then compiled again, a second's work on a busy machine)
        max = Math.max(max, 0);
        int m = java.util.Arrays.mismatch(hist, a, a + max, hist, b, b + max);
        return m < 0 ? max : m;
    }

    /** matchlen: at most 258 - 4 bytes. */
    private int matchlen(int s, int t) {
        int s1 = Math.min(s + MAX_MATCH_LENGTH - 4, histLen);
        return matchLen(s, t, s1 - s);
    }

    private int matchlenLong(int s, int t) {
        return matchLen(s, t, histLen - s);
    }

    private void shift() {
        while (cur >= BUFFER_RESET) {
            if (histLen == 0) {
                java.util.Arrays.fill(table, 0);
                java.util.Arrays.fill(bTable, 0);
                cur = MAX_MATCH_OFFSET;
                break;
            }
            int minOff = cur + histLen - MAX_MATCH_OFFSET;
            for (int i = 0; i < TABLE_SIZE; i++) table[i] = table[i] <= minOff ? 0 : table[i] - cur + MAX_MATCH_OFFSET;
            for (int i = 0; i < TABLE_SIZE; i++) {
                if (bTable[2 * i] <= minOff) {
                    bTable[2 * i] = 0;
                    bTable[2 * i + 1] = 0;
                } else {
                    bTable[2 * i] = bTable[2 * i] - cur + MAX_MATCH_OFFSET;
                    bTable[2 * i + 1] = bTable[2 * i + 1] <= minOff ? 0 : bTable[2 * i + 1] - cur + MAX_MATCH_OFFSET;
                }
            }
            cur = MAX_MATCH_OFFSET;
        }
    }

    private void putLong(int h, int offset) {
        bTable[2 * h + 1] = bTable[2 * h];
        bTable[2 * h] = offset;
    }

    void encode(KpTokens dst, byte[] in, int inLen) {
        shift();
        int s = addBlock(in, inLen);
        if (inLen < MIN_NON_LITERAL_BLOCK_SIZE) {
            dst.n = inLen;
            return;
        }
        byte[] src = hist;
        int nextEmit = s;
        int sLimit = histLen - INPUT_MARGIN;
        long cv = load64(src, s);
        outer:
        while (true) {
            final int skipLog = 6;
            final int doEvery = 1;
            int nextS = s;
            int l = 0;
            int t;
            while (true) {
                int nextHashS = hash4(cv);
                int nextHashL = hash7(cv);
                s = nextS;
                nextS = s + doEvery + ((s - nextEmit) >> skipLog);
                if (nextS > sLimit) break outer;
                int sCandidate = table[nextHashS];
                int lCur = bTable[2 * nextHashL];
                int lPrev = bTable[2 * nextHashL + 1];
                long next = load64(src, nextS);
                int entry = s + cur;
                table[nextHashS] = entry;
                putLong(nextHashL, entry);
                nextHashS = hash4(next);
                nextHashL = hash7(next);
                t = lCur - cur;
                if (s - t < MAX_MATCH_OFFSET) {
                    if ((int) cv == load32(src, lCur - cur)) {
                        table[nextHashS] = nextS + cur;
                        putLong(nextHashL, nextS + cur);
                        int t2 = lPrev - cur;
                        if (s - t2 < MAX_MATCH_OFFSET && (int) cv == load32(src, lPrev - cur)) {
                            l = matchlen(s + 4, t + 4) + 4;
                            int ml1 = matchlen(s + 4, t2 + 4) + 4;
                            if (ml1 > l) {
                                t = t2;
                                l = ml1;
                                break;
                            }
                        }
                        break;
                    }
                    t = lPrev - cur;
                    if (s - t < MAX_MATCH_OFFSET && (int) cv == load32(src, lPrev - cur)) {
                        table[nextHashS] = nextS + cur;
                        putLong(nextHashL, nextS + cur);
                        break;
                    }
                }
                t = sCandidate - cur;
                if (s - t < MAX_MATCH_OFFSET && (int) cv == load32(src, sCandidate - cur)) {
                    l = matchlen(s + 4, t + 4) + 4;
                    lCur = bTable[2 * nextHashL];
                    lPrev = bTable[2 * nextHashL + 1];
                    table[nextHashS] = nextS + cur;
                    putLong(nextHashL, nextS + cur);
                    int t2 = lCur - cur;
                    if (nextS - t2 < MAX_MATCH_OFFSET) {
                        if (load32(src, lCur - cur) == (int) next) {
                            int ml = matchlen(nextS + 4, t2 + 4) + 4;
                            if (ml > l) {
                                t = t2;
                                s = nextS;
                                l = ml;
                                break;
                            }
                        }
                        t2 = lPrev - cur;
                        if (nextS - t2 < MAX_MATCH_OFFSET && load32(src, lPrev - cur) == (int) next) {
                            int ml = matchlen(nextS + 4, t2 + 4) + 4;
                            if (ml > l) {
                                t = t2;
                                s = nextS;
                                l = ml;
                                break;
                            }
                        }
                    }
                    break;
                }
                cv = next;
            }
            if (l == 0) {
                l = matchlenLong(s + 4, t + 4) + 4;
            } else if (l == MAX_MATCH_LENGTH) {
                l += matchlenLong(s + l, t + l);
            }
            int sAt = s + l;
            if (l < 30 && sAt < sLimit) {
                final int skipBeginning = 2;
                int eLong = bTable[2 * hash7(load64(src, sAt))];
                int t2 = eLong - cur - l + skipBeginning;
                int s2 = s + skipBeginning;
                int off = s2 - t2;
                if (t2 >= 0 && off < MAX_MATCH_OFFSET && off > 0) {
                    int l2 = matchlenLong(s2, t2);
                    if (l2 > l) {
                        t = t2;
                        l = l2;
                        s = s2;
                    }
                }
            }
            while (t > 0 && s > nextEmit && src[t - 1] == src[s - 1]) {
                s--;
                t--;
                l++;
            }
            for (int i = nextEmit; i < s; i++) dst.addLiteral(src[i] & 0xff);
            dst.addMatchLong(l, s - t - 1);
            s += l;
            nextEmit = s;
            if (nextS >= s) s = nextS + 1;
            if (s >= sLimit) break;
            {
                final int hashEvery = 3;
                int i = s - l + 1;
                if (i < s - 1) {
                    long c = load64(src, i);
                    int e = i + cur;
                    table[hash4(c)] = e;
                    putLong(hash7(c), e);
                    c >>>= 8;
                    e++;
                    putLong(hash7(c), e);
                    c >>>= 8;
                    e++;
                    table[hash4(c)] = e;
                    i += 4;
                    for (; i < s - 1; i += hashEvery) {
                        long c2 = load64(src, i);
                        int e2 = i + cur;
                        putLong(hash7(c2), e2);
                        table[hash4(c2 >>> 8)] = e2 + 1;
                    }
                }
            }
            long x = load64(src, s - 1);
            int o = cur + s - 1;
            table[hash4(x)] = o;
            putLong(hash7(x), o);
            cv = x >>> 8;
        }
        // the rest as literals, unless the block gave no token at all (then it is stored): without a branch, as above
        int end = nextEmit + ((histLen - nextEmit) & -((dst.n | -dst.n) >>> 31));
        for (int i = nextEmit; i < end; i++) dst.addLiteral(src[i] & 0xff);
    }
}
