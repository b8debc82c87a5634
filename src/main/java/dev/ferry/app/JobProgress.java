package dev.ferry.app;

import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The running state of one job, built from its events; a snapshot of it on demand. Not thread-safe: its hub guards it. */
final class JobProgress {
    private static final long WINDOW_NANOS = 5_000_000_000L;

    private final String jobId;
    private final JobKind kind;
    private final Instant started = Instant.now();
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Deque<long[]> samples = new ArrayDeque<>(); // {nanoTime, bytesDone}
    private long bytesDone;
    private long bytesTotal;
    private long lastSeq;
    private boolean finished;
    private boolean cancelled;

    private static final class Image {
        final String source, target;
        JobSnapshot.Phase phase = JobSnapshot.Phase.WAITING;
        int blobs, blobsDone;
        long bytesDone, bytesTotal;
        ImageResult result;

        Image(String source, String target) {
            this.source = source;
            this.target = target;
        }
    }

    /** @param images the job's images: name (as events carry it), source and target as the person sees them */
    JobProgress(String jobId, JobKind kind, List<String[]> images) {
        this.jobId = jobId;
        this.kind = kind;
        expect(images);
    }

    void expect(List<String[]> list) {
        for (String[] i : list) images.putIfAbsent(i[0], new Image(i[1], i[2]));
    }

    void apply(long seq, Event e) {
        lastSeq = seq;
        if (e instanceof Event.ImageResolved r) {
            Image i = image(r.image());
            i.phase = JobSnapshot.Phase.RESOLVED;
            i.blobs = r.blobs();
            bytesTotal += r.bytes() - i.bytesTotal;
            i.bytesTotal = r.bytes();
        } else if (e instanceof Event.BlobStarted b) {
            image(b.image()).phase = JobSnapshot.Phase.MOVING;
        } else if (e instanceof Event.BlobProgress p) {
            image(p.image()).bytesDone += p.bytes();
            bytesDone += p.bytes();
            sample();
        } else if (e instanceof Event.BlobDone d) {
            Image i = image(d.image());
            i.blobsDone++;
            if (d.outcome() != Event.BlobOutcome.COPIED) {
                i.bytesDone += d.size();
                bytesDone += d.size();
            }
        } else if (e instanceof Event.ImageFinished f) {
            Image i = image(f.result().image());
            i.phase = JobSnapshot.Phase.FINISHED;
            i.result = f.result();
        } else if (e instanceof Event.JobFinished j) {
            finished = true;
            cancelled = j.result().cancelled();
            // an image the job ended before its own last event (cancelled while waiting, or while its blobs were
            // interrupted) has its outcome in the job's result only: a row must not stay "waiting" or "moving"
            for (ImageResult r : j.result().images()) {
                Image i = images.get(r.image());
                if (i != null && i.result == null) {
                    i.phase = JobSnapshot.Phase.FINISHED;
                    i.result = r;
                }
            }
        }
    }

    /** Marks the job over when it ended without the engine's last event (it failed before or after the engine ran). */
    void end(boolean wasCancelled) {
        finished = true;
        cancelled |= wasCancelled;
    }

    private Image image(String name) {
        return images.computeIfAbsent(name, n -> new Image(n, ""));
    }

    private void sample() {
        long now = System.nanoTime();
        long[] last = samples.peekLast();
        if (last != null && now - last[0] < 250_000_000L) {
            last[1] = bytesDone;
        } else {
            samples.addLast(new long[]{now, bytesDone});
        }
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) samples.removeFirst();
    }

    private double rate() {
        if (samples.size() < 2 || finished) return 0;
        long[] first = samples.peekFirst(), last = samples.peekLast();
        long dt = System.nanoTime() - first[0];
        return dt <= 0 ? 0 : Math.max(0, (last[1] - first[1]) / (dt / 1e9));
    }

    JobSnapshot snapshot() {
        List<JobSnapshot.ImageProgress> list = new ArrayList<>();
        images.forEach((n, i) -> list.add(new JobSnapshot.ImageProgress(n, i.source, i.target, i.phase, i.blobs, i.blobsDone,
                i.bytesDone, i.bytesTotal, i.result)));
        double rate = rate();
        Optional<Duration> eta = rate > 0 && bytesTotal > bytesDone
                ? Optional.of(Duration.ofMillis((long) ((bytesTotal - bytesDone) / rate * 1000))) : Optional.empty();
        return new JobSnapshot(jobId, kind, started, finished, cancelled, List.copyOf(list), bytesDone, bytesTotal, rate, eta, lastSeq);
    }
}
