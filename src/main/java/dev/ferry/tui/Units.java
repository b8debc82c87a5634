package dev.ferry.tui;

import dev.ferry.app.DisplayWidth;

import java.time.Duration;
import java.util.Locale;

/**
 * Sizes, rates and times in the few columns a terminal row leaves them: {@code 12.3M}, {@code 950K/s}, {@code 1:05}.
 * Narrower than the command line's report wording on purpose: a progress row at 80 columns has no room for units
 * spelled out.
 */
final class Units {
    private static final String SUFFIXES = "KMGTP";

    private Units() {}

    /** At most 6 characters: {@code 999B}, {@code 12.3K}, {@code 456M}. */
    static String size(long bytes) {
        if (bytes < 1000) return bytes + "B";
        double v = bytes;
        int i = -1;
        while (v >= 1000 && i < SUFFIXES.length() - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f%c" : "%.0f%c", v, SUFFIXES.charAt(i));
    }

    static String rate(double bytesPerSecond) {
        return size((long) bytesPerSecond) + "/s";
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** A bar of {@code width} cells, {@code #} for the part done. */
    static String bar(long done, long total, int width) {
        int full = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "#".repeat(full) + ".".repeat(width - full);
    }

    static int percent(long done, long total) {
        return total <= 0 ? 0 : (int) Math.min(100, done * 100 / total);
    }

    /** {@code text} cut (with "~" at the end) or padded with blanks to exactly {@code width} columns (a CJK character takes two). */
    static String fit(String text, int width) {
        if (width <= 0) return "";
        int columns = DisplayWidth.of(text);
        if (columns > width) {
            if (width == 1) return "~";
            StringBuilder b = new StringBuilder();
            int used = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                if (used + DisplayWidth.of(cp) > width - 1) break;
                b.appendCodePoint(cp);
                used += DisplayWidth.of(cp);
                i += Character.charCount(cp);
            }
            return b + "~" + " ".repeat(width - 1 - used);
        }
        return text + " ".repeat(width - columns);
    }
}
