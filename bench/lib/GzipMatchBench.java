package dev.ferry.pack.squash;

import dev.ferry.pack.squash.goflate.GoDeflaterInputStream;
import dev.ferry.pack.squash.goflate.PgzipDeflaterInputStream;
import java.lang.management.ManagementFactory;
import java.io.*;
import java.nio.file.*;
import java.util.zip.*;

/** bench/gzip-match.sh: per compressor, its CPU throughput, and the CPU the matcher adds to save's one inflate pass over the layer. */
public class GzipMatchBench {
    static byte[] tar;

    static long cpu() { return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); }

    static byte[] pgzip(int level, int block) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0x09, 0x6e, (byte) 0x88, 0, (byte) 0xff});
        try (InputStream in = new PgzipDeflaterInputStream(new ByteArrayInputStream(tar), level, block)) { in.transferTo(out); }
        CRC32 c = new CRC32(); c.update(tar);
        long v = c.getValue(), n = tar.length;
        for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * i)));
        for (int i = 0; i < 4; i++) out.write((int) (n >>> (8 * i)));
        return out.toByteArray();
    }

    static byte[] goGzip(int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) (level == 9 ? 2 : level == 1 ? 4 : 0), (byte) 0xff});
        try (InputStream in = new GoDeflaterInputStream(new ByteArrayInputStream(tar), level)) { in.transferTo(out); }
        CRC32 c = new CRC32(); c.update(tar);
        long v = c.getValue(), n = tar.length;
        for (int i = 0; i < 4; i++) out.write((int) (v >>> (8 * i)));
        for (int i = 0; i < 4; i++) out.write((int) (n >>> (8 * i)));
        return out.toByteArray();
    }

    static byte[] zlibGzip(int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out, 1 << 16) {{ def.setLevel(level); }}) { g.write(tar); }
        return out.toByteArray();
    }

    static long inflowNanos(byte[] gz, boolean match, String label) throws IOException {
        long t0 = cpu();
        DeflateMatcher m = match ? new DeflateMatcher() : null;
        GzipInflow in = new GzipInflow(OutputStream.nullOutputStream(), m);
        for (int i = 0; i < gz.length; i += 1 << 16) in.write(gz, i, Math.min(1 << 16, gz.length - i));
        in.finish();
        GzipForm f = match ? m.finish(in.firstDeflateLength(), in.firstHeader()) : null;
        long t = cpu() - t0;
        if (match) System.out.printf("%s: found %s%n", label, f == null ? "nothing" : f.family() + " " + f.level());
        return t;
    }

    public static void main(String[] a) throws Exception {
        tar = Files.readAllBytes(Path.of(a[0]));
        double mb = tar.length / 1e6;
        System.out.printf("input %.1f MB%n", mb);
        for (String what : a[2].split(",")) {
            String[] p = what.split(":");
            int level = Integer.parseInt(p[1]);
            long t0 = cpu();
            byte[] gz = p[0].equals("go") ? goGzip(level) : p[0].equals("pgzip") ? pgzip(level, 1 << 20) : zlibGzip(level);
            double s = (cpu() - t0) / 1e9;
            System.out.printf("compress %s: %.2f s CPU, %.1f MB/s, %d bytes%n", what, s, mb / s, gz.length);
            if (a.length > 1 && a[1].equals("compress-only")) continue;
            inflowNanos(gz, false, what); // warm
            long plain = Long.MAX_VALUE, matched = Long.MAX_VALUE;
            for (int r = 0; r < 2; r++) {
                plain = Math.min(plain, inflowNanos(gz, false, what));
                matched = Math.min(matched, inflowNanos(gz, true, what));
            }
            System.out.printf("save pass %s (CPU): inflate only %.2f s, inflate + matching %.2f s (+%.2f s)%n", what, plain / 1e9, matched / 1e9, (matched - plain) / 1e9);
        }
    }
}
