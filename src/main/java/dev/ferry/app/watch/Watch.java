package dev.ferry.app.watch;

import dev.ferry.app.Job;
import dev.ferry.app.Lookup;
import dev.ferry.app.Session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ferry watch}: rounds of {@link WatchRound} on one session, one at a time, the next
 * {@code interval} (plus a little jitter) after the last ended, longer while rounds fail (doubling
 * up to {@code maxBackoff}). The first round, the first after a reload, and one every
 * {@code recheck} also ask the digest of every tag already shipped, until such a round succeeds;
 * with {@code once} (a cron job) the first round does so only when the status file says the last
 * such round is older than {@code recheck}. {@link #stop()} ends the running round cleanly — its job is cancelled,
 * so nothing half-copied is tagged — and {@link #run()} returns; {@link #reload()} reads cfg.yaml
 * and the list again before the next round (at once when the watch is waiting). Both may be called
 * from any thread (a signal handler).
 */
public final class Watch {
    private final Session session;
    private final WatchSettings settings;
    private final WatchListener listener;
    private final Outage outage = new Outage();
    private final Object wake = new Object();
    private volatile boolean stopped;
    private volatile boolean reloadAsked;
    private volatile Lookup lookup;
    private volatile Job job;
    private List<WatchLine> lines;

    public Watch(Session session, WatchSettings settings, WatchListener listener) {
        this.session = session;
        this.settings = settings;
        this.listener = listener == null ? new WatchListener() { } : listener;
        this.lines = parse(settings.listText());
    }

    private List<WatchLine> parse(String text) {
        if (settings.rules() != null) return WatchLine.share(WatchLine.fromRules(text, settings.listName(), settings.rules()), settings.shard());
        return WatchLine.share(WatchLine.parse(session, text, settings.listName(), settings.from(), settings.save() != null ? List.of(self()) : settings.to(),
                settings.rule().tags() != null), settings.shard());
    }

    /** In save mode the lines are mapped onto the source itself: only their source side is used. */
    private String self() {
        return settings.from() != null ? settings.from() : session.endpoint(null, false).label();
    }

    /** The list's lines as the watch reads them now. */
    public synchronized List<WatchLine> lines() {
        return lines;
    }

    public Outage outage() {
        return outage;
    }

    /**
     * Runs rounds until {@link #stop()} (or one round with {@code once}); returns the last round's
     * report (null when stopped before the first ended).
     */
    public RoundReport run() throws IOException, InterruptedException {
        History history = History.open(settings.history());
        WatchStatus status = WatchStatus.open(settings.status());
        status.started(settings.listName(), ProcessHandle.current().pid());
        Path parentPack = settings.save() != null ? lastPack(status) : null;
        WatchRound round = new WatchRound(session, settings, history, listener, new WatchRound.Stoppable() {
            @Override public boolean stopped() { return stopped; }

            @Override public void running(Lookup l, Job j) {
                lookup = l;
                job = j;
                if (stopped) cancelRunning();
            }
        });
        RoundReport last = null;
        boolean verify = true;
        Instant verified = Instant.now();
        Instant before = status.lastVerified();
        if (settings.once() && settings.recheck() != null && before != null && Instant.now().isBefore(before.plus(settings.recheck()))) {
            verify = false; // a cron run within --recheck of the last check: one tags list per repository, as a resident watch's rounds
            verified = before;
        }
        try {
            for (int n = 1; !stopped; n++) {
                if (reloadAsked) verify |= applyReload();
                if (settings.recheck() != null && !Instant.now().isBefore(verified.plus(settings.recheck()))) verify = true;
                listener.roundStarted(n);
                RoundReport r = round.run(n, lines(), verify, parentPack);
                if (r.cancelled() && r.shipped().isEmpty() && r.failed().isEmpty()) break;
                last = r;
                boolean checked = r.ok() && verify;
                if (checked) {
                    verify = false; // asked again after a failed round: a source that was down may have changed meanwhile
                    verified = r.ended();
                }
                if (r.pack() != null) parentPack = r.pack();
                Outage.Change change = outage.after(r);
                Duration delay = settings.once() || stopped ? null : delayAfter();
                try {
                    status.round(r, outage, delay == null ? null : Instant.now().plus(delay), checked ? verified : null);
                } catch (IOException e) {
                    listener.warning(WatchListener.notRecorded(settings.status(), e));
                }
                listener.roundEnded(r, change, outage);
                if (delay == null) break;
                listener.waiting(delay, outage.active());
                sleep(delay);
            }
        } finally {
            try {
                status.stopped();
            } catch (IOException e) {
                listener.warning(WatchListener.notRecorded(settings.status(), e));
            }
        }
        return last;
    }

    /** The pack the next round's is incremental on: the last one this watch wrote, if it is still there. */
    private static Path lastPack(WatchStatus status) {
        Path p = status.lastPack();
        return p != null && Files.isRegularFile(p) ? p : null;
    }

    private Duration interval() {
        return settings.interval() != null ? settings.interval() : Duration.ofSeconds(session.config().interval());
    }

    private Duration delayAfter() {
        Duration base = outage.delay(interval(), settings.maxBackoff());
        long jitterMax = Math.min(interval().toMillis() / 10, 5_000);
        return base.plusMillis(jitterMax <= 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterMax + 1));
    }

    private void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        synchronized (wake) {
            while (!stopped && !reloadAsked) {
                long left = end - System.nanoTime();
                if (left <= 0) return;
                wake.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Reads cfg.yaml and the list again; true when the list was read (the next round checks every digest). */
    private boolean applyReload() {
        reloadAsked = false;
        String error = null;
        try {
            session.reload();
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        if (settings.list() != null) {
            try {
                List<WatchLine> fresh = parse(Files.readString(settings.list()));
                synchronized (this) {
                    lines = fresh;
                }
            } catch (IOException | RuntimeException e) {
                error = error == null ? e.getMessage() : error + "; " + e.getMessage();
            }
        }
        listener.reloaded(lines().size(), error);
        return true;
    }

    /** Ends the watch: the running round is cancelled (nothing half-copied is tagged) and {@link #run()} returns. */
    public void stop() {
        stopped = true;
        cancelRunning();
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Reads cfg.yaml and the list again before the next round (starting it now when the watch is waiting). */
    public void reload() {
        reloadAsked = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public boolean isStopped() {
        return stopped;
    }

    private void cancelRunning() {
        Lookup l = lookup;
        if (l != null) l.cancel();
        Job j = job;
        if (j != null) j.cancel();
    }
}
