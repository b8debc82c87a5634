package dev.ferry.app;

import java.util.Locale;

/** Sizes and durations as people read them, for every face and for notifications. */
public final class Units {
    private Units() {}

    /** {@code 512 B}, {@code 1.5 MB}, {@code 120 GB}. */
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

    /** {@code 4.2 s}, {@code 3 min 5 s}. */
    public static String seconds(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", s);
        long t = Math.round(s);
        if (t < 3600) return t / 60 + " min " + t % 60 + " s";
        return t / 3600 + " h " + t % 3600 / 60 + " min";
    }
}
