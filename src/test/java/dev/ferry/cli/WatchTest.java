package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.NotifyReceiver;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry watch} as a resident process against real registries: new tags arrive within an
 * interval, tags below a line's are never shipped, an idle round costs one tags list, a restart
 * ships nothing twice but a changed digest again, an outage gives one notice and its end another
 * (DingTalk's signature and the webhook's HMAC checked by a loopback stand-in), SIGTERM during a
 * transfer exits 0 with nothing tagged, --once exits as sync.
 */
@Timeout(180)
class WatchTest extends WatchRig {
    @Test
    void shipsNewTagsWithinAnIntervalNothingBelowTheLineAndNothingTwiceAfterARestart(@TempDir Path dir) throws Exception {
        push(src, "a/app:v3.4", 1000);
        push(src, "a/app:v3.5", 1000);
        push(src, "a/app:v3.10", 1000);
        push(src, "a/base:latest", 1000);
        // image-transmit wrote this entry: shipped before, digest unknown; it is not shipped again
        push(src, "a/app:v3.6", 1000);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/history.yaml"), src.host() + "/a/app:v3.6: \"20210614214212\"\n");
        Files.writeString(dir.resolve("img.lst"), src.host() + "/a/app:v3.5\n" + src.host() + "/a/base\n");
        String[] args = {"watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--interval", "1s"};
        try (FerryProcess w = FerryProcess.start(dir, args)) {
            w.awaitOutput("Round 1: 3 shipped", 1, Duration.ofSeconds(30));
            assertEquals(Set.of("v3.5", "v3.10"), tags(dst, "a/app"), "v3.4 is below the line, v3.6 is in image-transmit's history: " + w.output());
            assertEquals(Set.of("latest"), tags(dst, "a/base"));

            // idle rounds: one tags list for the tagged line, one HEAD for latest, nothing else
            long before = src.accessLog().size();
            long tagLists = src.countRequests("GET", "/v2/a/app/tags/list");
            Thread.sleep(3500);
            var idle = src.accessLog().subList((int) before, src.accessLog().size());
            long rounds = src.countRequests("GET", "/v2/a/app/tags/list") - tagLists;
            assertTrue(rounds >= 2, "at least two idle rounds in 3.5 s at a 1 s interval: " + idle);
            for (var e : idle) {
                assertTrue(e.path().equals("/v2/a/app/tags/list") && e.method().equals("GET")
                        || e.path().equals("/v2/a/base/manifests/latest") && e.method().equals("HEAD"), "an idle round asks nothing else: " + e);
            }

            long t0 = System.nanoTime();
            push(src, "a/app:v3.11", 1000);
            String base2 = push(src, "a/base:latest", 1000);
            w.awaitOutput("Shipped \\S+/a/app:v3.11 -> ", 1, Duration.ofSeconds(10));
            w.awaitOutput("Shipped again \\S+/a/base:latest -> ", 1, Duration.ofSeconds(10));
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos(), "within an interval (and the push): " + w.output());
            assertEquals(base2, digestAt(dst, "a/base:latest"));

            w.signal("TERM");
            assertEquals(0, w.awaitExit(Duration.ofSeconds(20)), w.output());
            assertTrue(w.output().contains("Watch stopped"), w.output());
        }
        String history = Files.readString(dir.resolve("data/history.yaml"));
        assertTrue(history.contains(src.host() + "/a/app:v3.11:") && history.contains("digest: sha256:"), history);
        assertTrue(history.contains(src.host() + "/a/app:v3.6:"), "image-transmit's entry stays: " + history);

        // a cron run (--once) ships nothing twice, and within --recheck of the last check costs what an idle round does
        long puts = dst.countRequests("PUT", "/v2/.*/manifests/.*");
        String v35 = digestAt(dst, "a/app:v3.5");
        int seen = src.accessLog().size();
        try (FerryProcess again = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--once")) {
            assertEquals(0, again.awaitExit(Duration.ofSeconds(30)), again.output());
            assertFalse(again.output().contains("Shipped"), again.output());
        }
        assertEquals(puts, dst.countRequests("PUT", "/v2/.*/manifests/.*"), "nothing pushed after the restart");
        for (var e : src.accessLog().subList(seen, src.accessLog().size())) {
            assertTrue(e.path().equals("/v2/") || e.path().equals("/v2/a/app/tags/list") || e.path().equals("/v2/a/base/manifests/latest"), e.toString());
        }

        // a tag whose digest changed at the source while no watch ran is shipped again by the restarted watch, which says so
        String changed = push(src, "a/app:v3.5", 1500);
        try (FerryProcess again = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--interval", "1s")) {
            again.awaitOutput("Shipped again \\S+/a/app:v3.5 -> ", 1, Duration.ofSeconds(30));
            assertTrue(again.output().contains("Digest changed at the source: " + src.host() + "/a/app:v3.5"), again.output());
            assertFalse(again.output().contains("Shipped " + src.host() + "/a/app:v3.10"), "the others not: " + again.output());
            again.signal("TERM");
            assertEquals(0, again.awaitExit(Duration.ofSeconds(20)), again.output());
            assertEquals(1, again.count("Shipped again"), again.output());
        }
        assertFalse(changed.equals(v35));
        assertEquals(changed, digestAt(dst, "a/app:v3.5"));

        FerryCli.Result status = new FerryCli().run("watch", "--status", "--status-file", dir.resolve("data/watch-status.json").toString());
        assertEquals(0, status.exit(), status::toString);
        assertTrue(status.out().contains("stopped") && status.out().contains("shipped " + src.host() + "/a/app:v3.5")
                && status.out().contains("\n  last checked: round "), status::toString);
        assertTrue(status.out().lines().filter(l -> l.startsWith("Round ")).noneMatch(l -> l.contains(": 0 shipped (0 B), 0 failed")),
                "idle rounds are counted, not kept: " + status.out());

        // --once against a target that is down: exit 1, as sync
        push(src, "a/app:v3.12", 1000);
        try (FerryProcess down = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", "127.0.0.1:9", "--once", "--retries", "0")) {
            assertEquals(1, down.awaitExit(Duration.ofSeconds(30)), down.output());
        }
    }

    @Test
    void anOutageGivesOneNoticeWhenItBeginsAndOneWhenItEnds(@TempDir Path dir) throws Exception {
        push(src, "b/app:1.0", 1000);
        try (NotifyReceiver hub = new NotifyReceiver("t0ken", "SEC-r0b0t", "h00k-secret")) {
            Files.writeString(dir.resolve("cfg.yaml"), "lang: en_US\ndingtalk:\n- token: t0ken\n  secret: SEC-r0b0t\n  url: " + hub.robotUrl()
                    + "\nnotify:\n- url: " + hub.hookUrl() + "\n  secret: h00k-secret\n");
            Files.writeString(dir.resolve("img.lst"), src.host() + "/b/app:1.0\n");
            try (FerryProcess w = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--interval", "1s",
                    "--max-backoff", "1s", "--retries", "0")) {
                w.awaitOutput("Round 1: 1 shipped", 1, Duration.ofSeconds(30));
                hub.await("/robot/send", 1, 10_000);
                src.stop();
                w.awaitOutput("Still failing", 2, Duration.ofSeconds(30)); // the first failing round and two more
                push(dst, "unused/x:1", 10); // (the target stays up)
                src.restart();
                push(src, "b/app:1.1", 1000);
                w.awaitOutput("Recovered after", 1, Duration.ofSeconds(30));
                w.awaitOutput("Shipped \\S+/b/app:1.1", 1, Duration.ofSeconds(30));
                w.signal("TERM");
                assertEquals(0, w.awaitExit(Duration.ofSeconds(20)), w.output());
                String out = w.output();
                assertFalse(out.contains("t0ken") || out.contains("SEC-r0b0t") || out.contains("h00k-secret"), "no secret in the output: " + out);
            }
            for (String f : List.of("data/history.yaml", "data/watch-status.json")) {
                String text = Files.readString(dir.resolve(f));
                assertFalse(text.contains("t0ken") || text.contains("SEC-r0b0t") || text.contains("h00k-secret"), f + ": " + text);
            }
            List<NotifyReceiver.Received> robot = hub.await("/robot/send", 3, 10_000);
            List<NotifyReceiver.Received> hook = hub.await("/hook", 3, 10_000);
            for (NotifyReceiver.Received r : robot) {
                assertTrue(r.signatureValid(), "signed as DingTalk checks it: " + r);
                JsonNode md = new ObjectMapper().readTree(r.body());
                assertEquals("markdown", md.path("msgtype").asText(), r.body());
            }
            for (NotifyReceiver.Received r : hook) assertTrue(r.signatureValid(), "the webhook's HMAC holds: " + r);
            List<String> events = hook.stream().map(r -> r.headers().get("x-ferry-event")).toList();
            assertEquals(1, events.stream().filter("outage"::equals).count(), "one notice for the outage, not one per round: " + events);
            assertEquals(1, events.stream().filter("recovered"::equals).count(), "one when it ends: " + events);
            assertEquals(List.of("round", "outage", "recovered"), events.subList(0, 3), events.toString());
            assertEquals(robot.size(), hook.size(), "every channel gets every notice");
            String outage = new ObjectMapper().readTree(robot.get(1).body()).path("markdown").path("text").asText();
            // the registry's death resets the kept connection, or refuses the next one
            assertTrue(outage.contains("failed: **" + src.host() + "/b/app**") && outage.contains("list tags of " + src.host() + "/b/app: "),
                    "the outage notice says why: " + outage);
            String recovered = new ObjectMapper().readTree(robot.get(2).body()).path("markdown").path("text").asText();
            assertTrue(recovered.contains("Recovered after") && recovered.contains("b/app:1.1") && recovered.contains("sha256:"), recovered);
            JsonNode doc = new ObjectMapper().readTree(hook.get(0).body());
            assertEquals(src.host() + "/b/app:1.0", doc.path("round").path("shipped").get(0).path("source").asText(), doc.toString());
            assertTrue(doc.path("round").path("shipped").get(0).path("bytes").asLong() > 0, doc.toString());
        }
    }

    @Test
    void sigtermDuringATransferExitsZeroWithNothingTagged(@TempDir Path dir) throws Exception {
        push(src, "c/app:1", 400_000);
        String layer = Skopeo.inspectRaw(src.host() + "/c/app:1", Options.plain()).replaceAll("(?s).*\"layers\".*?\"digest\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        try (FaultProxy stalling = FaultProxy.start(src.url())) {
            stalling.stallResponseAfter("GET", "/v2/c/app/blobs/" + layer, 50_000, 60);
            Files.writeString(dir.resolve("img.lst"), "x.example/c/app:1\n");
            try (FerryProcess w = FerryProcess.start(dir, "watch", "img.lst", "--from", stalling.host(), "--to", dst.host(), "--interval", "1s")) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (stalling.countRequests("GET", "/v2/c/app/blobs/" + layer) == 0 && System.nanoTime() < end) Thread.sleep(50);
                assertTrue(stalling.countRequests("GET", "/v2/c/app/blobs/" + layer) > 0, w.output());
                Thread.sleep(300);
                long t = System.nanoTime();
                w.signal("TERM");
                assertEquals(0, w.awaitExit(Duration.ofSeconds(15)), w.output());
                assertTrue(System.nanoTime() - t < Duration.ofSeconds(10).toNanos(), "a stalled transfer is given up at once");
                assertTrue(w.output().contains("Stopping"), w.output());
            }
        }
        assertEquals(Set.of(), tags(dst, "c/app"), "nothing half-copied is tagged");
        Path history = dir.resolve("data/history.yaml");
        assertFalse(Files.exists(history) && Files.readString(history).contains("c/app"), "nothing recorded as shipped");
    }

    @Test
    void notifyTestChecksTheSetupAndSyncNotifiesAtItsEnd(@TempDir Path dir) throws Exception {
        push(src, "d/app:1", 1000);
        try (NotifyReceiver hub = new NotifyReceiver("t0ken", "right-secret", null)) {
            Path cfg = dir.resolve("cfg.yaml");
            Files.writeString(cfg, "dingtalk:\n- token: t0ken\n  secret: right-secret\n  url: " + hub.robotUrl() + "\n");
            FerryCli.Result ok = new FerryCli().run("watch", "--notify-test", "--config", cfg.toString());
            assertEquals(0, ok.exit(), ok::toString);
            assertTrue(ok.out().contains("Test notice sent to DingTalk robot 1"), ok::toString);
            assertTrue(hub.received("/robot/send").get(0).signatureValid());

            Files.writeString(cfg, "dingtalk:\n- token: t0ken\n  secret: wrong-secret\n  url: " + hub.robotUrl() + "\n");
            FerryCli.Result bad = new FerryCli().run("watch", "--notify-test", "--config", cfg.toString());
            assertEquals(1, bad.exit(), bad::toString);
            assertTrue(bad.err().contains("DingTalk robot 1 was not delivered") && bad.err().contains("310000"), bad::toString);
            assertFalse(bad.toString().contains("wrong-secret") || bad.toString().contains("t0ken"), bad::toString);

            Files.writeString(cfg, "dingtalk:\n- token: t0ken\n  secret: right-secret\n  url: " + hub.robotUrl() + "\n");
            Files.writeString(dir.resolve("d.lst"), src.host() + "/d/app:1\n");
            int before = hub.received("/robot/send").size();
            FerryCli.Result sync = new FerryCli().run("sync", dir.resolve("d.lst").toString(), "--from", src.host(), "--to", dst.host(),
                    "--config", cfg.toString(), "-q", "--log", dir.resolve("sync.log").toString());
            assertEquals(0, sync.exit(), sync::toString);
            List<NotifyReceiver.Received> after = hub.received("/robot/send");
            assertEquals(before + 1, after.size(), "one notice at the end of the sync");
            String text = new ObjectMapper().readTree(after.get(after.size() - 1).body()).path("markdown").path("text").asText();
            assertTrue(text.contains("ferry sync: 1 of 1 images done") && text.contains("d/app:1"), text);
        }
    }
}
