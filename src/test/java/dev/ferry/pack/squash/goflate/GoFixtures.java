package dev.ferry.pack.squash.goflate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The fixtures Go 1.19's compress/gzip made (see the README beside them): inputs as gzip files, and
 * for every input and level the size and sha256 of Go's output.
 */
public final class GoFixtures {
    public record Case(String input, int level, long size, String sha256) {}

    private GoFixtures() {}

    public static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = GoFixtures.class.getResourceAsStream("go-gzip.sha256")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split(" ");
                out.add(new Case(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3]));
            }
        }
        return out;
    }

    /** The input named in the fixture: a stored file, or gen:SIZE:SEED. */
    public static byte[] input(String name) throws IOException {
        if (name.startsWith("gen:") || name.startsWith("edge:")) {
            String[] f = name.split(":");
            return name.startsWith("gen:") ? generate(Integer.parseInt(f[1]), Integer.parseInt(f[2])) : edges(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
        }
        try (InputStream in = new GZIPInputStream(GoFixtures.class.getResourceAsStream(name + ".gz"))) {
            return in.readAllBytes();
        }
    }

    /** The generator of make-fixtures.go (xorshift32: random bytes, words, repeats), byte for byte. */
    public static byte[] generate(int size, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 512);
        int[] x = {seed};
        java.util.function.IntSupplier next = () -> {
            int v = x[0];
            v ^= v << 13;
            v ^= v >>> 17;
            v ^= v << 5;
            x[0] = v;
            return v;
        };
        byte[][] words = {"layer ".getBytes(), "docker ".getBytes(), "the ".getBytes(), "usr/lib/".getBytes(), "python3 ".getBytes(),
                {0, 0, 0, 0}, "sha256:".getBytes(), "ferry ".getBytes(), "0644 ".getBytes(), "\n".getBytes()};
        byte[] buf = new byte[size + 512];
        int len = 0;
        while (len < size) {
            int r = next.getAsInt();
            switch (Integer.remainderUnsigned(r, 4)) {
                case 0 -> {
                    int n = Integer.remainderUnsigned(next.getAsInt(), 40) + 1;
                    for (int i = 0; i < n; i++) {
                        buf = ensure(buf, len + 1);
                        buf[len++] = (byte) next.getAsInt();
                    }
                }
                case 1, 2 -> {
                    byte[] w = words[Integer.remainderUnsigned(next.getAsInt(), words.length)];
                    buf = ensure(buf, len + w.length);
                    System.arraycopy(w, 0, buf, len, w.length);
                    len += w.length;
                }
                default -> {
                    if (len > 10) {
                        int d = Integer.remainderUnsigned(next.getAsInt(), Math.min(len, 40000)) + 1;
                        int n = Integer.remainderUnsigned(next.getAsInt(), 300) + 3;
                        buf = ensure(buf, len + n);
                        for (int i = 0; i < n; i++) {
                            buf[len] = buf[len - d];
                            len++;
                        }
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(buf, size);
    }

    /**
     * The edges generator of make-pgzip-edge-fixtures.go (xorshift32): incompressible stretches, long runs of one byte,
     * an earlier stretch repeated many times, generated text; byte for byte.
     */
    public static byte[] edges(int size, int seed) {
        int[] x = {seed};
        java.util.function.IntSupplier next = () -> {
            int v = x[0];
            v ^= v << 13;
            v ^= v >>> 17;
            v ^= v << 5;
            x[0] = v;
            return v;
        };
        byte[] buf = new byte[size + 1024];
        int len = 0;
        while (len < size) {
            switch (Integer.remainderUnsigned(next.getAsInt(), 4)) {
                case 0 -> {
                    int n = Integer.remainderUnsigned(next.getAsInt(), 100000) + 1000;
                    buf = ensure(buf, len + n);
                    for (int i = 0; i < n; i++) buf[len++] = (byte) next.getAsInt();
                }
                case 1 -> {
                    int n = Integer.remainderUnsigned(next.getAsInt(), 200000) + 300;
                    byte c = (byte) next.getAsInt();
                    buf = ensure(buf, len + n);
                    for (int i = 0; i < n; i++) buf[len++] = c;
                }
                case 2 -> {
                    if (len > 10) {
                        int l = Math.min(Integer.remainderUnsigned(next.getAsInt(), 5000) + 1, len);
                        int from = Integer.remainderUnsigned(next.getAsInt(), len - l + 1);
                        int times = Integer.remainderUnsigned(next.getAsInt(), 60) + 1;
                        buf = ensure(buf, len + l * times);
                        for (int t = 0; t < times; t++) for (int i = 0; i < l; i++) buf[len++] = buf[from + i];
                    }
                }
                default -> {
                    int n = Integer.remainderUnsigned(next.getAsInt(), 50000) + 1;
                    byte[] g = generate(n, next.getAsInt() | 1);
                    buf = ensure(buf, len + n);
                    System.arraycopy(g, 0, buf, len, n);
                    len += n;
                }
            }
        }
        return java.util.Arrays.copyOf(buf, size);
    }

    private static byte[] ensure(byte[] b, int n) {
        return n <= b.length ? b : java.util.Arrays.copyOf(b, Math.max(n, b.length * 2));
    }

    /** Go's gzip header for a level: no name, mtime 0, XFL 2 at level 9 and 4 at level 1, OS 255. */
    public static byte[] goHeader(int level) {
        return new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) (level == 9 ? 2 : level == 1 ? 4 : 0), (byte) 0xff};
    }
}
