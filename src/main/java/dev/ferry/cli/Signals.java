package dev.ferry.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Handlers for the signals a resident process answers: SIGTERM and SIGINT (stop cleanly, exit 0)
 * and SIGHUP (reload). Where a signal does not exist (Windows has no SIGHUP) it is left alone.
 * {@link #close()} puts the JVM's own handlers back.
 */
@SuppressWarnings("removal")
final class Signals implements AutoCloseable {
    private final List<Object[]> previous = new ArrayList<>();

    /** Runs {@code action} on its own thread when {@code name} (TERM, INT, HUP) arrives; false when the platform has no such signal. */
    boolean on(String name, Runnable action) {
        try {
            sun.misc.Signal s = new sun.misc.Signal(name);
            sun.misc.SignalHandler old = sun.misc.Signal.handle(s, sig -> action.run());
            previous.add(new Object[]{s, old});
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override public void close() {
        for (Object[] p : previous) {
            try {
                sun.misc.Signal.handle((sun.misc.Signal) p[0], (sun.misc.SignalHandler) p[1]);
            } catch (IllegalArgumentException ignored) {
                // the platform took it back already
            }
        }
        previous.clear();
    }
}
