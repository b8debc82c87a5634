package dev.ferry.registry;

import java.lang.management.ManagementFactory;

/**
 * How much of this machine's processors ferry itself has kept busy lately (0 to 1, or NaN when the
 * platform does not say), sampled at most every quarter second. Ranged reads use it: when ferry
 * already saturates the processors, a slow stream is slow because of them, and more connections
 * would only add work.
 *
 * <p>Only ferry's own share counts. Other processes busy on the machine (a build, a proxy, another
 * tool) do not make a throttled link any faster, and counting them kept ranges off on busy jump
 * hosts and in benchmarks, where the whole machine's load stood near 100% while ferry's reads
 * spent 98% of their time waiting on a 6 MB/s connection.
 */
final class SystemLoad {
    private static final long MIN_INTERVAL = 250_000_000L;
    private static Object bean;
    private static boolean primed;
    private static long lastSample;
    private static double last = Double.NaN;

    private SystemLoad() {}

    /** Starts the first measuring window (the platform measures load between two samples). */
    static synchronized void prime() {
        if (primed) return;
        primed = true;
        sample();
    }

    /** The load over the window since the previous sample (a new window starts when that one is old enough). */
    static synchronized double recent() {
        if (!primed) prime();
        if (System.nanoTime() - lastSample >= MIN_INTERVAL) last = sample();
        return last;
    }

    private static double sample() {
        lastSample = System.nanoTime();
        try {
            if (bean == null) bean = ManagementFactory.getOperatingSystemMXBean();
            if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
                double v = os.getProcessCpuLoad();
                return v < 0 ? Double.NaN : v;
            }
        } catch (RuntimeException | LinkageError e) {
            // a runtime without jdk.management: the load is unknown
        }
        return Double.NaN;
    }
}
