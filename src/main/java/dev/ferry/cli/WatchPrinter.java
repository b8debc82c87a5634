package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.app.Notifications;
import dev.ferry.app.Session;
import dev.ferry.app.watch.Outage;
import dev.ferry.app.watch.RoundReport;
import dev.ferry.app.watch.Watch;
import dev.ferry.app.watch.WatchListener;
import dev.ferry.app.watch.WatchSettings;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The watch's lines on standard output, each with its time as image-transmit writes it: what is
 * found and shipped, what failed, outages and recoveries, reloads; an idle round prints nothing.
 * Every call is passed on to {@code next} (the notifications).
 */
final class WatchPrinter implements WatchListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintWriter out;
    private final Messages m;
    private final boolean quiet;
    private final WatchListener next;
    private int rounds;
    /** A round is under way (signals come on another thread). */
    private volatile boolean inRound;

    WatchPrinter(CliContext ctx, boolean quiet, WatchListener next) {
        this.out = ctx.out();
        this.m = ctx.messages();
        this.quiet = quiet;
        this.next = next;
    }

    private synchronized void line(String text) {
        out.println("[" + TIME.format(LocalDateTime.now()) + "] " + text);
        out.flush();
    }

    void started(WatchSettings s, Watch w, Session session) {
        String every = s.interval() != null ? Format.seconds(s.interval().toMillis() / 1000.0) : Format.seconds(session.config().interval());
        String lines = m.count(w.lines().size(), Messages.Noun.LINE);
        if (s.save() != null) line(m.get("watch.start_save", s.listName(), lines, s.from() == null ? "-" : s.from(), s.save().dir(), every, s.history()));
        else if (s.rules() != null) line(m.get("watch.start", s.listName(), lines, registries(w, true), registries(w, false), every, s.history()));
        else line(m.get("watch.start", s.listName(), lines, s.from() == null ? "-" : s.from(),
                s.to().isEmpty() ? "-" : String.join(", ", s.to()), every, s.history()));
    }

    /** The registries a rules file reads ({@code sources}) or writes: each rule names its own. */
    private static String registries(Watch w, boolean sources) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (var l : w.lines()) for (var p : l.planned()) out.add(sources ? p.source().registry() : p.to().label());
        return out.isEmpty() ? "-" : String.join(", ", out);
    }

    @Override public void roundStarted(int number) {
        rounds = number;
        inRound = true;
        next.roundStarted(number);
    }

    @Override public void found(String source, String target, boolean again) {
        if (!quiet) line(m.get(again ? "watch.found_again" : "watch.found", source, target));
        next.found(source, target, again);
    }

    @Override public void roundEnded(RoundReport r, Outage.Change change, Outage outage) {
        inRound = false;
        for (RoundReport.Shipped s : r.shipped()) {
            line(s.again() ? m.get("watch.shipped_again", s.source(), s.target(), Notifications.shortDigest(s.digest()), Notifications.shortDigest(s.previous()),
                    Format.bytes(s.bytes()), Format.seconds(s.seconds()))
                    : m.get("watch.shipped", s.source(), s.target(), Notifications.shortDigest(s.digest()), Format.bytes(s.bytes()), Format.seconds(s.seconds())));
        }
        if (r.pack() != null) line(m.get("watch.pack", r.number(), r.pack()));
        // the failures an outage begins with, and any that cannot pass the first time they appear
        for (RoundReport.Failure f : change == Outage.Change.BEGAN ? r.failed() : outage.freshFailures()) {
            line(m.get("watch.failed", f.what(), f.kind() == null ? "" : m.title(f.kind()), f.reason()));
        }
        switch (change) {
            case BEGAN -> line(m.get("watch.outage_began", r.number()));
            case CONTINUES -> {
                if (!r.cancelled()) line(m.get("watch.outage_continues", r.number(), outage.failedRounds(), r.reason()));
            }
            case ENDED -> line(m.get("watch.recovered", Format.seconds(outage.lastLength().toMillis() / 1000.0), outage.lastRounds()));
            default -> { }
        }
        if (!r.shipped().isEmpty() || change != Outage.Change.NONE || !outage.freshFailures().isEmpty()) {
            line(m.get("watch.round_done", r.number(), r.shipped().size(), Format.bytes(r.bytes()), r.failed().size(), m.count(r.checked(), Messages.Noun.REPOSITORY),
                    Format.seconds(r.duration().toMillis() / 1000.0)));
        }
        next.roundEnded(r, change, outage);
    }

    @Override public void waiting(Duration delay, boolean backingOff) {
        if (backingOff) line(m.get("watch.backoff", Format.seconds(delay.toMillis() / 1000.0)));
        next.waiting(delay, backingOff);
    }

    @Override public void reloaded(int lines, String error) {
        line(error == null ? m.get("watch.reloaded", m.count(lines, Messages.Noun.LINE)) : m.get("watch.reload_failed", error, lines));
        next.reloaded(lines, error);
    }

    @Override public void warning(dev.ferry.ref.Text message) {
        line(m.get("watch.warning", message));
        next.warning(message);
    }

    void stopping() {
        line(m.get(inRound ? "watch.stopping" : "watch.stopping_idle"));
    }

    void stopped() {
        line(m.get("watch.stopped", m.count(rounds, Messages.Noun.ROUND)));
    }
}
