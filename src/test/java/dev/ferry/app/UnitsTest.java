package dev.ferry.app;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Units writes numbers as String.format does, without its cost. */
class UnitsTest {
    @Test
    void decimalsAreWhatFormatWrites() {
        double[] edges = {0, 0.05, 0.15, 0.25, 0.35, 0.45, 1.05, 2.675, 9.95, 99.95, 99.949999, 100.5, 1023.95, 1e-9, 1e9 + 0.05,
                123456789.25, 4.35, 0.949, 0.95, Double.MIN_VALUE, Double.MAX_VALUE, -0.0, -1.25, Double.NaN, Double.POSITIVE_INFINITY};
        for (double v : edges) same(v);
        SplittableRandom r = new SplittableRandom(18);
        for (int i = 0; i < 200_000; i++) {
            same(r.nextDouble() * 2048);                                      // sizes in a unit, seconds
            same(Math.round(r.nextDouble() * 100_000) / 1000.0);              // decimal-looking values: ties
            same(r.nextLong(1L << 50) / 1024.0 / 1024.0);
        }
    }

    private static void same(double v) {
        assertEquals(String.format(Locale.ROOT, "%.1f", v), Units.decimals(v, 1), () -> "%.1f of " + v);
        assertEquals(String.format(Locale.ROOT, "%.0f", v), Units.decimals(v, 0), () -> "%.0f of " + v);
    }

    @Test
    void sizesAndSeconds() {
        assertEquals("512 B", Units.bytes(512));
        assertEquals("1.0 KB", Units.bytes(1024));
        assertEquals("1.5 MB", Units.bytes(1536L * 1024));
        assertEquals("120 GB", Units.bytes(120L << 30));
        assertEquals("10.0 KB", Units.bytes(10_240));
        assertEquals("0.1 s", Units.seconds(0.05));
        assertEquals("59.9 s", Units.seconds(59.94));
        assertEquals("3 min 5 s", Units.seconds(185));
    }
}
