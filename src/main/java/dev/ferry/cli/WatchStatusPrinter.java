package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.Messages;
import dev.ferry.app.watch.WatchStatus;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ferry watch --status}: the watch's state and its last rounds, from its status file. */
final class WatchStatusPrinter {
    private WatchStatusPrinter() {}

    static int print(CliContext ctx, WatchStatus status, Path file, OutputFormat output) throws Exception {
        if (!Files.exists(file)) throw UsageException.of("usage.watch_no_status", file);
        JsonNode d = status.document();
        if (output == OutputFormat.JSON) {
            ctx.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(d));
            return Main.OK;
        }
        Messages m = ctx.messages();
        var out = ctx.out();
        out.println(m.get("watch.status_head", d.path("list").asText("-"), d.path("pid").asText("-"), d.path("state").asText("-"),
                d.path("processStarted").asText("-")));
        if (d.has("outageSince")) out.println(m.get("watch.status_outage", d.get("outageSince").asText(), d.path("failedRounds").asInt(), d.path("outageReason").asText("")));
        if (d.has("lastChecked")) out.println(m.get("watch.status_checked", d.path("lastRound").asInt(), d.get("lastChecked").asText()));
        if (d.has("nextRound")) out.println(m.get("watch.status_next", d.get("nextRound").asText()));
        if (d.has("lastPack")) out.println(m.get("watch.status_pack", d.get("lastPack").asText()));
        for (JsonNode r : d.path("rounds")) {
            out.println(m.get("watch.status_round", r.path("round").asInt(), r.path("started").asText(), r.path("shipped").size(),
                    Format.bytes(r.path("bytes").asLong()), r.path("failed").size(), Format.seconds(r.path("seconds").asDouble())));
            for (JsonNode s : r.path("shipped")) out.println("  " + m.get("watch.status_shipped", s.path("source").asText(), s.path("target").asText(), s.path("digest").asText()));
            for (JsonNode f : r.path("failed")) out.println("  " + m.get("watch.status_failed", f.path("what").asText(), f.path("reason").asText()));
        }
        return Main.OK;
    }
}
