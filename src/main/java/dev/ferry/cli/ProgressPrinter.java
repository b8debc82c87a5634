package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private final boolean interactive;
    private final boolean lineEvents;
    private final long start = System.nanoTime();
    private final AtomicLong down = new AtomicLong();
    private final AtomicLong up = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private final Map<String, ImageState> images = new LinkedHashMap<>();
    private int total;
    private int success;
    private int failed;
    private int invalid;
    private long lastTickNanos = System.nanoTime();
    private long lastDown;
    private long lastUp;
    private int drawnLines;

    private static final class ImageState {
        long bytes;
        long done;
        boolean resolved;
    }

    /**
     * @param lineEvents also print a line per finished image (batch jobs)
     */
    ProgressPrinter(PrintWriter err, Messages messages, boolean interactive, boolean lineEvents) {
        this.err = err;
        this.messages = messages;
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
                total += j.images();
            } else if (e instanceof Event.ImageResolved r) {
                ImageState s = images.computeIfAbsent(r.image(), k -> new ImageState());
                s.bytes = r.bytes();
                s.resolved = true;
            } else if (e instanceof Event.BlobDone d) {
                ImageState s = images.get(d.image());
                if (d.outcome() == Event.BlobOutcome.COPIED) up.addAndGet(d.size());
                else if (s != null) s.done += d.size();
            } else if (e instanceof Event.Warning w) {
                above(messages.get("progress.warning", w.message()));
            } else if (e instanceof Event.Retrying r) {
                above(messages.get("progress.retry", r.attempt(), Format.seconds(r.delay().toMillis() / 1000.0), r.operationText(), r.reasonText()));
            } else if (e instanceof Event.ImageFinished f) {
                ImageResult r = f.result();
                images.remove(r.image());
                switch (r.status()) {
                    case COPIED, UP_TO_DATE, PLANNED -> success++;
                    case INVALID -> invalid++;
                    default -> failed++;
                }
                if (r.status() == ImageResult.Status.INVALID) above(messages.get("progress.image_invalid", r.source(), r.target(), r.errorText()));
                else if (!r.ok()) above(messages.get("progress.image_failed", r.source(), r.target(), r.errorText()));
                else if (lineEvents) above(doneLine(r));
            }
        }
    }

    private String doneLine(ImageResult r) {
        Object[] args = {r.source(), r.target(), r.targetDigest() == null ? "" : r.targetDigest().shortForm(),
                Format.bytes(r.bytesMoved()), Format.bytes(r.bytesSkipped()), Format.seconds(r.seconds())};
        return switch (r.status()) {
            case UP_TO_DATE -> messages.get("progress.image_up_to_date", args);
            case PLANNED -> messages.get("progress.image_planned", args);
            default -> messages.get("progress.image_copied", args);
        };
    }

    /** A line that stays (scrolls above the bars on a terminal). */
    private void above(String line) {
        if (interactive) erase();
        err.println(line);
        if (interactive) draw();
        err.flush();
    }

    private void erase() {
        if (drawnLines > 0) {
            err.print("\r\033[" + drawnLines + "A\033[J");
            drawnLines = 0;
        } else {
            err.print("\r\033[J");
        }
    }

    private void draw() {
        List<String> lines = new ArrayList<>();
        int shown = 0;
        for (var e : images.entrySet()) {
            ImageState s = e.getValue();
            if (!s.resolved || s.done <= 0 && s.bytes > 0 && shown >= MAX_BARS) continue;
            if (shown++ >= MAX_BARS) break;
            lines.add(bar(e.getKey(), s.done, s.bytes));
        }
        lines.add(overall());
        for (int i = 0; i < lines.size(); i++) {
            err.print(lines.get(i));
            if (i < lines.size() - 1) err.print('\n');
        }
        drawnLines = lines.size() - 1;
    }

    private String bar(String name, long done, long total) {
        int width = 24;
        double f = total > 0 ? Math.min(1.0, Math.max(0, (double) done / total)) : 1.0;
        int full = (int) Math.round(f * width);
        String label = name.length() > 60 ? "…" + name.substring(name.length() - 59) : name;
        return "  " + messages.get("progress.bar", "#".repeat(full) + ".".repeat(width - full), String.format(Locale.ROOT, "%3d", (int) (f * 100)),
                String.format(Locale.ROOT, "%9s", Format.bytes(Math.max(0, done))), String.format(Locale.ROOT, "%-9s", Format.bytes(total)), label);
    }

    private String overall() {
        double secs = (System.nanoTime() - start) / 1e9;
        long totalBytes = 0, doneBytes = 0;
        for (ImageState s : images.values()) {
            totalBytes += s.bytes;
            doneBytes += Math.max(0, s.done);
        }
        double rate = secs > 0 ? down.get() / secs : 0;
        boolean eta = rate > 0 && totalBytes > doneBytes;
        Object[] args = {success + failed + invalid, total, failed + invalid, Format.bytes(down.get()), Format.rate(rate), Format.seconds(secs),
                eta ? Format.seconds((totalBytes - doneBytes) / rate) : ""};
        return eta ? messages.get("progress.overall_eta", args) : messages.get("progress.overall", args);
    }

    /** image-transmit's status line. */
    String statusLine() {
        long now = System.nanoTime();
        double interval = Math.max(1e-3, (now - lastTickNanos) / 1e9);
        long d = down.get(), u = up.get();
        String line;
        synchronized (this) {
            int doing = total - success - failed - invalid;
            line = messages.get("progress.status",
                    invalid, total, success, failed, Math.max(0, doing), Format.rate((d - lastDown) / interval), Format.rate((u - lastUp) / interval),
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
        else if (lineEvents) err.println(statusLine());
        err.flush();
    }
}
