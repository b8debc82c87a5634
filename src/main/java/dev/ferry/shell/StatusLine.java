package dev.ferry.shell;

import dev.ferry.app.Job;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The line at the bottom of the terminal (JLine's status line) that shows the running jobs while the person types,
 * redrawn every second from the jobs' snapshots; hidden when none runs. A terminal that cannot keep a status line
 * (a dumb one) simply shows none.
 */
final class StatusLine implements AutoCloseable {
    private final Shell shell;
    private final Terminal terminal;
    private final Status status;
    private final ScheduledExecutorService timer;
    private String shown = "";

    StatusLine(Shell shell, Terminal terminal) {
        this.shell = shell;
        this.terminal = terminal;
        this.status = Status.getStatus(terminal);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-status");
            t.setDaemon(true);
            return t;
        });
        if (status != null) timer.scheduleWithFixedDelay(this::update, 1, 1, TimeUnit.SECONDS);
    }

    /** The text of the line now: the running jobs, briefly, or empty. */
    static String text(Shell shell, int width) {
        List<String> parts = new ArrayList<>();
        for (Job j : shell.session.jobs()) if (JobLines.running(j)) parts.add(JobLines.brief(j));
        if (parts.isEmpty()) return "";
        String line = shell.messages().get("shell.status", String.join("  ", parts));
        return width > 0 && line.length() > width ? line.substring(0, Math.max(0, width - 1)) + "…" : line;
    }

    synchronized void update() {
        try {
            String line = text(shell, terminal.getWidth());
            if (line.equals(shown)) return;
            shown = line;
            status.update(line.isEmpty() ? List.of() : List.of(new AttributedString(line)));
        } catch (RuntimeException e) {
            // a status line is decoration: a terminal that refuses it is left alone
        }
    }

    @Override public synchronized void close() {
        timer.shutdownNow();
        if (status != null) {
            try {
                status.update(List.of());
                status.close();
            } catch (RuntimeException ignored) {
                // leaving anyway
            }
        }
    }
}
