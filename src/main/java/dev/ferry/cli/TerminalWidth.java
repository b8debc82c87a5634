package dev.ferry.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The width of the person's terminal, in columns: what {@code stty size} says of {@code /dev/tty},
 * else {@code COLUMNS}, else 80. It follows resizes: a SIGWINCH (where the JVM lets us see it,
 * chained to any handler already there, e.g. JLine's) marks the width stale, and without signals it
 * is read again every two seconds.
 */
final class TerminalWidth {
    static final int DEFAULT = 80;
    private static final long REREAD_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static volatile boolean resized;
    private static final boolean SIGNALS = watchResizes();

    private final Map<String, String> env;
    private final boolean terminal;
    private volatile int columns;
    private volatile long readAt;

    /** @param terminal whether standard error is a terminal ({@code stty} is asked only then) */
    TerminalWidth(Map<String, String> env, boolean terminal) {
        this.env = env;
        this.terminal = terminal;
        this.columns = read();
        this.readAt = System.nanoTime();
    }

    /** A width that never changes: a terminal's that was measured elsewhere, or a page's. */
    static TerminalWidth fixed(int columns) {
        return new TerminalWidth(Map.of("COLUMNS", String.valueOf(columns)), false);
    }

    /** The width now, read again after a resize (or every two seconds where resizes cannot be seen). */
    int columns() {
        // a handler installed after ours (JLine's, in the shell) may not pass the signal on: read again now and then anyway
        boolean stale = resized || System.nanoTime() - readAt > (SIGNALS ? 3 * REREAD_NANOS : REREAD_NANOS);
        if (stale && terminal) {
            resized = false;
            columns = read();
            readAt = System.nanoTime();
        }
        return columns;
    }

    /** The width of a terminal, or of the usage text when there is none: {@code COLUMNS} when set, else 80. */
    static int of(Map<String, String> env, boolean terminal) {
        return new TerminalWidth(env, terminal).columns;
    }

    private int read() {
        if (terminal) {
            int stty = stty();
            if (stty > 0) return stty;
        }
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            if (c >= 20 && c <= 1000) return c;
        } catch (NumberFormatException ignored) {
            // not a number: the default
        }
        return DEFAULT;
    }

    /** {@code stty size </dev/tty}: "ROWS COLUMNS", or 0 when there is no such terminal or command. */
    private static int stty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) return 0;
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            String[] parts = out.split("\\s+");
            int c = parts.length == 2 ? Integer.parseInt(parts[1]) : 0;
            return c >= 20 && c <= 1000 ? c : 0;
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Watches SIGWINCH through {@code sun.misc.Signal} (jdk.unsupported) when the runtime has it. */
    private static boolean watchResizes() {
        try {
            sun.misc.Signal winch = new sun.misc.Signal("WINCH");
            sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
            previous[0] = sun.misc.Signal.handle(winch, sig -> {
                resized = true;
                sun.misc.SignalHandler before = previous[0];
                if (before != null && before != sun.misc.SignalHandler.SIG_DFL && before != sun.misc.SignalHandler.SIG_IGN) before.handle(sig);
            });
            return true;
        } catch (Throwable notHere) { // no jdk.unsupported, or no such signal (Windows)
            return false;
        }
    }
}
