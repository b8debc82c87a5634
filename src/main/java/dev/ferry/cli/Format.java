package dev.ferry.cli;

import java.util.Locale;

/** Small text helpers for people-facing output. */
public final class Format {
    private Format() {}

    public static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }

    public static String seconds(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        long t = Math.round(s);
        return t / 60 + " min " + t % 60 + " s";
    }

    public static String rate(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }
}
