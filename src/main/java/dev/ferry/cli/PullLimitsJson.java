package dev.ferry.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.PullLimit;

import java.util.List;

/**
 * The pull limits registries stated during a run, as the {@code pullLimits} array of a {@code -o json} report (the
 * figures the text report ends with, "Pull limit of …"): one object per registry that sent {@code ratelimit-*}
 * headers — {@code registry}, {@code limit} (null when not said), {@code remaining}, {@code windowSeconds} (null when
 * not said), {@code seen} (when it was said) and {@code resetsAt} (when a spent limit gives a pull back). Field names
 * are documented in {@code docs/json-reports.md}.
 */
final class PullLimitsJson {
    private PullLimitsJson() {}

    /** Adds {@code pullLimits} to {@code report} (an empty array when no registry stated a limit). */
    static void put(ObjectNode report, List<PullLimit> limits) {
        ArrayNode arr = report.putArray("pullLimits");
        for (PullLimit l : limits) {
            ObjectNode o = arr.addObject();
            o.put("registry", l.registry());
            if (l.limit() > 0) o.put("limit", l.limit()); else o.putNull("limit");
            o.put("remaining", l.remaining());
            if (l.window() != null) o.put("windowSeconds", l.window().toSeconds()); else o.putNull("windowSeconds");
            o.put("seen", l.seen().toString());
            o.put("resetsAt", l.freeAt().toString());
        }
    }
}
