package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders engine events on standard error.
 * <ul>
 *   <li>On a terminal: a bar per active image and an overall line (images, bytes done/total,
 *       throughput, ETA), redrawn in place; retries and failures scroll above them.</li>
 *   <li>Elsewhere (a CI log): image-transmit's status line every few seconds,
 *       {@code Invalid:0 Total:2 Success:1 Failed:0 Doing:1 Down:5.1MB/s Up:5.0MB/s, Total Down:… Up:… Time:12s},
 *       plus a line per finished image.</li>
 * </ul>
 * Rates are bytes over wall time (the last interval for the current rate), never a sum of per-stream rates.
 */
final class ProgressPrinter implements EventListener, AutoCloseable {
    private static final int MAX_BARS = 8;

    private final PrintWriter err;
    private final Messages messages;
    private final ProgressLines lines;
    private final TerminalWidth width;
    private final boolean interactive;
    private final boolean lineEvents;
    private final long start = System.nanoTime();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong up = new AtomicLong();
    /** Bytes of blobs found at the target already (or mounted): done without being read. */
    private final AtomicLong skipped = new AtomicLong();
    /** When the engine started its images (after a pack's check): the ETA's rate is measured from there. */
    private long jobStarted;
    private final ScheduledExecutorService ticker;
    private final Map<String, ImageState> images = new LinkedHashMap<>();
    private int total;
    private int success;
    private int failed;
    private int invalid;
    /** Images finished before the engine said how many it runs (a load's images blocked on a parent pack). */
    private int finishedBeforeStart;
    private boolean started;
    private long lastTickNanos = System.nanoTime();
    private long lastDown;
    private long lastUp;
    /** A long check under way (a pack verified, a squash pack's layers rebuilt and pushed), drawn as a bar of its bytes; null when none is. */
    private Event.Checking checking;
    /** The display widths of the lines drawn last (the bars and the overall line), to erase them exactly. */
    private int[] drawn = new int[0];

    private static final class ImageState {
        long bytes;
        long done;
        boolean resolved;
    }

    /**
     * @param lineEvents also print a line per finished image (batch jobs)
     */
    ProgressPrinter(PrintWriter err, Messages messages, boolean interactive, boolean lineEvents, TerminalWidth width) {
        this.err = err;
        this.messages = messages;
        this.lines = new ProgressLines(messages);
        this.width = width;
        this.interactive = interactive;
        this.lineEvents = lineEvents;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ferry-progress");
            t.setDaemon(true);
            return t;
        });
        long period = interactive ? 250 : 5000;
        ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    ProgressPrinter(PrintWriter err, Messages messages, boolean interactive, boolean lineEvents) {
        this(err, messages, interactive, lineEvents, TerminalWidth.fixed(TerminalWidth.DEFAULT));
    }

    ProgressPrinter(PrintWriter err, Messages messages, boolean interactive) {
        this(err, messages, interactive, false);
    }

    @Override public void on(Event e) {
        if (e instanceof Event.BlobProgress p) {
            down.addAndGet(p.bytes());
            synchronized (this) {
                ImageState s = images.get(p.image());
                if (s != null) s.done += p.bytes();
            }
            return;
        }
        synchronized (this) {
            if (e instanceof Event.JobStarted j) {
                total += j.images() + finishedBeforeStart;
                finishedBeforeStart = 0;
                started = true;
                jobStarted = System.nanoTime();
            } else if (e instanceof Event.ImageResolved r) {
                ImageState s = images.computeIfAbsent(r.image(), k -> new ImageState());
                s.bytes = r.bytes();
                s.resolved = true;
            } else if (e instanceof Event.BlobDone d) {
                ImageState s = images.get(d.image());
                if (d.outcome() == Event.BlobOutcome.COPIED) up.addAndGet(d.size());
                else {
                    skipped.addAndGet(d.size());
                    if (s != null) s.done += d.size();
                }
            } else if (e instanceof Event.Checking c) {
                checking = "bytes".equals(c.unit()) && c.done() < c.total() ? c : null;
            } else if (e instanceof Event.Warning w) {
                above(messages.get("progress.warning", w.shown()));
            } else if (e instanceof Event.Retrying r) {
                above(messages.get("progress.retry", r.attempt(), Format.seconds(r.delay().toMillis() / 1000.0), r.operationText(), r.reasonText()));
            } else if (e instanceof Event.ImageFinished f) {
                ImageResult r = f.result();
                images.remove(r.image());
                if (!started) finishedBeforeStart++;
                switch (r.status()) {
                    case COPIED, UP_TO_DATE, PLANNED -> success++;
                    case INVALID -> invalid++;
                    default -> failed++;
                }
                if (r.status() == ImageResult.Status.INVALID && lineEvents) above(messages.get("progress.image_invalid", r.source(), r.target(), r.errorText()));
                else if (!r.ok() && lineEvents) above(messages.get("progress.image_failed", r.source(), r.target(), r.errorText())); // copy says it once, at its end
                else if (lineEvents) above(lines.done(r, interactive ? width.columns() : 0));
            }
        }
    }

    /** A line that stays (scrolls above the bars on a terminal). */
    private void above(String line) {
        if (interactive) erase();
        err.println(line);
        if (interactive) draw();
        err.flush();
    }

    /**
     * Erases what was drawn: up to its first row, then to the end of the screen. After the terminal got narrower, a
     * terminal that re-wraps its lines (tmux, VTE, Windows Terminal) shows a drawn line in several rows: counted too.
     */
    private void erase() {
        int columns = width.columns();
        int rows = 0;
        for (int w : drawn) rows += Math.max(1, (w + columns - 1) / columns);
        err.print(rows > 1 ? "\r\033[" + (rows - 1) + "A\033[J" : "\r\033[J");
        drawn = new int[0];
    }

    private void draw() {
        int columns = width.columns();
        List<String> out = new ArrayList<>();
        Event.Checking c = checking;
        if (c != null) out.add(lines.bar(messages.text(c.what()), c.done(), c.total(), columns));
        int shown = 0;
        for (var e : images.entrySet()) {
            ImageState s = e.getValue();
            if (!s.resolved || s.done <= 0 && s.bytes > 0 && shown >= MAX_BARS) continue;
            if (shown++ >= MAX_BARS) break;
            out.add(lines.bar(e.getKey(), s.done, s.bytes, columns));
        }
        out.add(overall(columns));
        for (int i = 0; i < out.size(); i++) {
            err.print(out.get(i));
            if (i < out.size() - 1) err.print('\n');
        }
        drawn = out.stream().mapToInt(dev.ferry.app.DisplayWidth::of).toArray();
    }

    private String overall(int columns) {
        double secs = (System.nanoTime() - start) / 1e9;
        long totalBytes = 0, doneBytes = 0;
        for (ImageState s : images.values()) {
            totalBytes += s.bytes;
            doneBytes += Math.max(0, s.done);
        }
        double rate = secs > 0 ? down.get() / secs : 0;
        int finished = success + failed + invalid;
        double measured = started ? (System.nanoTime() - jobStarted) / 1e9 : 0;
        double progress = measured > 0 ? (down.get() + skipped.get()) / measured : 0;
        return lines.overall(finished, Math.max(total + finishedBeforeStart, finished), failed + invalid, down.get(), rate, secs,
                totalBytes - doneBytes, progress, measured, columns);
    }

    /** image-transmit's status line. */
    String statusLine() {
        long now = System.nanoTime();
        double interval = Math.max(1e-3, (now - lastTickNanos) / 1e9);
        long d = down.get(), u = up.get();
        String line;
        synchronized (this) {
            int all = Math.max(total + finishedBeforeStart, success + failed + invalid);
            int doing = all - success - failed - invalid;
            line = messages.get("progress.status",
                    invalid, all, success, failed, Math.max(0, doing), Format.rate((d - lastDown) / interval), Format.rate((u - lastUp) / interval),
                    Format.bytes(d), Format.bytes(u), Format.seconds((now - start) / 1e9));
        }
        lastTickNanos = now;
        lastDown = d;
        lastUp = u;
        return line;
    }

    private synchronized void tick() {
        if (interactive) {
            erase();
            draw();
        } else {
            err.println(statusLine());
        }
        err.flush();
    }

    @Override public synchronized void close() {
        ticker.shutdownNow();
        if (interactive) erase();
        else if (lineEvents && (started || finishedBeforeStart > 0)) err.println(statusLine()); // a job refused at its start ran nothing to count
        err.flush();
    }
}
