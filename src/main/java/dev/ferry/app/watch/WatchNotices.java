package dev.ferry.app.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.Messages;
import dev.ferry.app.Notifications;
import dev.ferry.app.Units;
import dev.ferry.notify.Notice;

import java.util.List;

/**
 * What a watch tells its channels: a notice for a round that shipped something, one when an
 * outage begins (with the reason), none for the rounds that keep failing (unless they ship), and
 * one when it ends (how long it lasted). Markdown for robots, the round's JSON for webhooks.
 */
public final class WatchNotices implements WatchListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Notifications out;
    private final String list;

    public WatchNotices(Notifications out, String list) {
        this.out = out;
        this.list = list;
    }

    @Override public void roundEnded(RoundReport r, Outage.Change change, Outage outage) {
        Notice n = notice(r, change, outage);
        if (n != null) out.send(n);
    }

    /** The notice a round gives, or null when it gives none. */
    Notice notice(RoundReport r, Outage.Change change, Outage outage) {
        Messages m = out.messages();
        String event;
        String title;
        StringBuilder md = new StringBuilder();
        switch (change) {
            case BEGAN -> {
                event = "outage";
                title = m.get("notice.outage_title", list);
                md.append("### ").append(title).append("\n\n").append(m.get("notice.outage_text", r.number())).append("\n\n");
            }
            case ENDED -> {
                event = "recovered";
                title = m.get("notice.recovered_title", list);
                md.append("### ").append(title).append("\n\n")
                        .append(m.get("notice.recovered_text", Units.seconds(outage.lastLength().toMillis() / 1000.0), outage.lastRounds())).append("\n\n");
            }
            default -> {
                if (r.shipped().isEmpty() && outage.freshFailures().isEmpty()) return null;
                event = "round";
                title = r.shipped().isEmpty() ? m.get("notice.failures_title", list, outage.freshFailures().size())
                        : m.get("notice.round_title", list, r.shipped().size());
                md.append("### ").append(title).append("\n\n");
                if (change == Outage.Change.CONTINUES) md.append(m.get("notice.still_failing", outage.failedRounds(), outage.reason())).append("\n\n");
            }
        }
        md.append(m.get("notice.round_when", r.number(), WHEN.format(r.ended().atZone(java.time.ZoneId.systemDefault())),
                Units.bytes(r.bytes()), Units.seconds(r.duration().toMillis() / 1000.0))).append("\n\n");
        for (RoundReport.Shipped s : r.shipped()) {
            md.append(s.again()
                    ? m.get("notice.shipped_again", s.source(), s.target(), Notifications.shortDigest(s.digest()), Notifications.shortDigest(s.previous()),
                            Units.bytes(s.bytes()), Units.seconds(s.seconds()))
                    : m.get("notice.shipped", s.source(), s.target(), Notifications.shortDigest(s.digest()), Units.bytes(s.bytes()), Units.seconds(s.seconds())))
                    .append('\n');
        }
        // an outage's beginning says all that failed; otherwise only what fails for the first time
        List<RoundReport.Failure> told = change == Outage.Change.BEGAN ? r.failed() : outage.freshFailures();
        for (RoundReport.Failure f : told) {
            md.append(m.get("notice.failed", f.what(), f.kind() == null ? "" : m.title(f.kind()), f.reason())).append('\n');
        }
        if (r.pack() != null) md.append('\n').append(m.get("notice.pack", r.pack().getFileName())).append('\n');
        ObjectNode o = JSON.createObjectNode();
        o.put("event", event);
        o.put("list", list);
        o.set("round", WatchStatus.json(r));
        if (outage.active()) {
            o.put("outageSince", outage.since().toString());
            o.put("failedRounds", outage.failedRounds());
        }
        if (change == Outage.Change.ENDED) {
            o.put("outageSeconds", outage.lastLength().toMillis() / 1000.0);
            o.put("outageRounds", outage.lastRounds());
        }
        return new Notice(event, title, md.toString(), o.toString());
    }
}
