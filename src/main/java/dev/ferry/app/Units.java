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
        return decimals(v, v >= 100 ? 0 : 1) + " " + units[u];
    }

    /**
     * {@code v} with {@code scale} decimals, as {@code String.format(Locale.ROOT, "%.<scale>f", v)} writes it (the
     * shortest decimal form of the double, rounded half up) without building a Formatter: a run log writes one or
     * more sizes a blob, and parsing the format string each time was a tenth of a small copy's processor time.
     */
    public static String decimals(double v, int scale) {
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.copySign(1.0, v) < 0) return String.format(Locale.ROOT, "%." + scale + "f", v); // rare
        return new java.math.BigDecimal(Double.toString(v)).setScale(scale, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** {@code 4.2 s}, {@code 3 min 5 s}. */
    public static String seconds(double s) {
        if (s < 60) return decimals(s, 1) + " s";
        long t = Math.round(s);
        if (t < 3600) return t / 60 + " min " + t % 60 + " s";
        return t / 3600 + " h " + t % 3600 / 60 + " min";
    }
}
