package dev.ferry.app.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The status file of a watch ({@code data/watch-status.json}): its process, state (ok, or in an
 * outage since when and why), when it last checked and the next round is due, the last pack
 * written, and its last rounds that shipped or failed something, newest last — what
 * {@code ferry watch --status} shows. Written atomically after every
 * round; the rounds of earlier processes stay in it.
 */
public final class WatchStatus {
    /** Rounds kept in the file. */
    static final int KEEP_ROUNDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode doc;

    private WatchStatus(Path file, ObjectNode doc) {
        this.file = file;
        this.doc = doc;
    }

    /** The status in {@code file}, or a new one when there is none (or it cannot be read). */
    public static WatchStatus open(Path file) {
        ObjectNode doc = JSON.createObjectNode();
        try {
            if (Files.exists(file) && JSON.readTree(file.toFile()) instanceof ObjectNode o) doc = o;
        } catch (IOException e) {
            // a broken status file is only a display: start a new one
        }
        if (!(doc.get("rounds") instanceof ArrayNode)) doc.putArray("rounds");
        return new WatchStatus(file, doc);
    }

    /** The document as it is now (for {@code --status -o json}). */
    public JsonNode document() {
        return doc.deepCopy();
    }

    /** The last pack written by a {@code --save} watch, or null. */
    public Path lastPack() {
        JsonNode n = doc.get("lastPack");
        return n == null || n.isNull() ? null : Path.of(n.asText());
    }

    /** When a round last asked the digests of every tag already shipped, and succeeded; null when none has. */
    public Instant lastVerified() {
        JsonNode n = doc.get("lastVerified");
        try {
            return n == null || n.isNull() ? null : Instant.parse(n.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    synchronized void started(String list, long pid) {
        doc.put("list", list);
        doc.put("pid", pid);
        doc.put("processStarted", Instant.now().toString());
        doc.put("state", "running");
    }

    synchronized void round(RoundReport r, Outage outage, Instant next, Instant verified) throws IOException {
        if (verified != null) doc.put("lastVerified", verified.toString());
        ArrayNode rounds = (ArrayNode) doc.get("rounds");
        doc.put("lastRound", r.number());
        doc.put("lastChecked", r.ended().toString());
        if (!r.shipped().isEmpty() || !r.failed().isEmpty()) {
            rounds.add(json(r)); // idle rounds are only counted: they would push the ones with news out
            while (rounds.size() > KEEP_ROUNDS) rounds.remove(0);
        }
        doc.put("state", outage.active() ? "outage" : "ok");
        if (outage.active()) {
            doc.put("outageSince", outage.since().toString());
            doc.put("outageReason", outage.reason());
            doc.put("failedRounds", outage.failedRounds());
        } else {
            doc.remove("outageSince");
            doc.remove("outageReason");
            doc.remove("failedRounds");
        }
        if (next != null) doc.put("nextRound", next.toString());
        else doc.remove("nextRound");
        if (r.pack() != null) doc.put("lastPack", r.pack().toAbsolutePath().toString());
        write();
    }

    synchronized void stopped() throws IOException {
        doc.put("state", "stopped");
        doc.remove("nextRound");
        doc.put("processEnded", Instant.now().toString());
        write();
    }

    /** One round as JSON: the document webhooks receive and the status file keeps. */
    public static ObjectNode json(RoundReport r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("round", r.number());
        o.put("started", r.started().toString());
        o.put("ended", r.ended().toString());
        o.put("seconds", r.duration().toMillis() / 1000.0);
        o.put("checked", r.checked());
        o.put("cancelled", r.cancelled());
        o.put("ok", r.ok());
        o.put("bytes", r.bytes());
        if (r.pack() != null) o.put("pack", r.pack().toString());
        ArrayNode s = o.putArray("shipped");
        for (RoundReport.Shipped x : r.shipped()) {
            ObjectNode n = s.addObject();
            n.put("source", x.source());
            n.put("target", x.target());
            n.put("tag", x.tag());
            n.put("digest", x.digest() == null ? null : x.digest().toString());
            n.put("bytes", x.bytes());
            n.put("seconds", Math.round(x.seconds() * 1000) / 1000.0);
            if (x.again()) n.put("previousDigest", x.previous().toString());
        }
        ArrayNode f = o.putArray("failed");
        for (RoundReport.Failure x : r.failed()) {
            ObjectNode n = f.addObject();
            n.put("what", x.what());
            n.put("errorKind", x.kind() == null ? null : x.kind().name().toLowerCase(java.util.Locale.ROOT));
            n.put("reason", dev.ferry.ref.Redaction.redact(x.reason()));
        }
        return o;
    }

    private void write() throws IOException {
        AtomicFile.write(file, (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
