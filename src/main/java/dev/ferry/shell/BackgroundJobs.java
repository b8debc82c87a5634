package dev.ferry.shell;

import dev.ferry.app.Job;
import dev.ferry.cli.CliContext;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Commands sent to the background with {@code &}: each runs on its own thread with its output kept (no progress
 * bars, which would draw over the prompt) until {@code wait} or {@code fg} shows it; the session's jobs it started
 * are known by their ids; when it ends, one line says so at the next prompt.
 */
final class BackgroundJobs {
    /** One command sent to the background. */
    static final class Entry {
        final String line;
        final List<String> jobIds = new CopyOnWriteArrayList<>();
        final StringWriter output = new StringWriter();
        Thread thread;
        volatile Integer exit;
        volatile boolean noticed;
        private boolean shown;

        Entry(String line) { this.line = line; }

        boolean finished() { return thread != null && !thread.isAlive(); }

        String label() { return jobIds.isEmpty() ? "-" : String.join(",", jobIds); }

        /** The command's output, the first time it is asked for once the command has ended; else empty. */
        synchronized String takeOutput() {
            if (shown || !finished()) return "";
            shown = true;
            return output.toString();
        }
    }

    private final Shell shell;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    BackgroundJobs(Shell shell) {
        this.shell = shell;
    }

    /** Starts {@code words} in the background and says which job it became; returns 0, or the command's exit status when it failed at once. */
    int start(String line, List<String> words, InputStream in, PrintWriter out) throws InterruptedException {
        Set<String> before = ids();
        for (Entry e : entries) before.addAll(e.jobIds);
        Entry e = new Entry(line);
        PrintWriter buffer = new PrintWriter(e.output, true);
        Map<String, String> env = new HashMap<>(shell.env);
        env.put("TERM", "dumb"); // progress as plain lines into the kept output, never bars over the prompt
        CliContext ctx = CliContext.inSession(Map.copyOf(env), buffer, buffer, in, shell.session, shell.lang());
        e.thread = new Thread(() -> e.exit = ShellTree.build(shell, ctx).execute(words.toArray(String[]::new)), "ferry-background");
        e.thread.setDaemon(true);
        entries.add(e);
        e.thread.start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && e.thread.isAlive()) {
            Set<String> fresh = ids();
            fresh.removeAll(before);
            if (!fresh.isEmpty()) {
                e.jobIds.addAll(new java.util.TreeSet<>(fresh));
                break;
            }
            Thread.sleep(10);
        }
        if (e.jobIds.isEmpty() && !e.thread.isAlive()) { // it ended before any job began: bad input, or a quick command
            e.thread.join();
            e.noticed = true;
            out.print(e.takeOutput());
            out.flush();
            return e.exit == null ? 1 : e.exit;
        }
        out.println(shell.messages().get("shell.bg_started", e.label(), line));
        out.flush();
        return 0;
    }

    private Set<String> ids() {
        Set<String> out = new HashSet<>();
        for (Job j : shell.session.jobs()) out.add(j.id());
        return out;
    }

    /** One line for each background command that ended since the last call. */
    void notices(PrintWriter out) {
        for (Entry e : entries) {
            if (!e.finished() || e.noticed) continue;
            e.noticed = true;
            boolean cancelled = e.jobIds.stream().map(shell.session::job).flatMap(Optional::stream)
                    .anyMatch(j -> j.snapshot().cancelled());
            var m = shell.messages();
            int exit = e.exit == null ? 1 : e.exit;
            out.println(cancelled ? m.get("shell.bg_cancelled", e.label(), e.line)
                    : exit == 0 ? m.get("shell.bg_done", e.label(), e.line) : m.get("shell.bg_failed", e.label(), e.line, exit));
        }
        out.flush();
    }

    /** The background command that started job {@code id}. */
    Optional<Entry> of(String id) {
        return entries.stream().filter(e -> e.jobIds.contains(id)).findFirst();
    }

    List<Entry> all() { return List.copyOf(entries); }
}
