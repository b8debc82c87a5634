package dev.ferry.cli;

/** Small text helpers for people-facing output. */
public final class Format {
    private Format() {}

    public static String bytes(long n) {
        return dev.ferry.app.Units.bytes(n);
    }

    public static String seconds(double s) {
        return dev.ferry.app.Units.seconds(s);
    }

    public static String rate(double bytesPerSecond) {
        return bytes((long) bytesPerSecond) + "/s";
    }
}
