package dev.ferry.app.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.Messages;
import dev.ferry.app.Notifications;
import dev.ferry.config.FerryConfig;
import dev.ferry.notify.Notice;
import dev.ferry.oci.Digest;
import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a round tells: what shipped (a changed digest with the old one), and a failure no round would cure once only. */
class WatchNoticesTest {
    static final Digest OLD = Digest.sha256("old");
    static final Digest NEW = Digest.sha256("new");

    private static RoundReport round(int n, List<RoundReport.Shipped> shipped, List<RoundReport.Failure> failed) {
        Instant t = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(60L * n);
        return new RoundReport(n, t, t.plusSeconds(2), 2, shipped, failed, false, null);
    }

    @Test
    void aRoundTellsWhatShippedAndAFailureThatLastsOnce() throws Exception {
        Notifications none = Notifications.of(FerryConfig.empty(), List.of(), Messages.english(), Map.of(), f -> { });
        WatchNotices notices = new WatchNotices(none, "release.lst");
        Outage outage = new Outage();

        RoundReport r1 = round(1, List.of(new RoundReport.Shipped("nj/app:v3.6", "gz/app:v3.6", "v3.6", NEW, 2048, 1.5, OLD)), List.of());
        Notice n = notices.notice(r1, outage.after(r1), outage);
        assertEquals("round", n.event());
        assertEquals("ferry watch release.lst: 1 shipped", n.title());
        assertTrue(n.markdown().contains("**nj/app:v3.6** -> gz/app:v3.6: " + Notifications.shortDigest(NEW) + " (digest changed, was "
                + Notifications.shortDigest(OLD) + "), 2.0 KB, 1.5 s"), n.markdown());
        JsonNode doc = new ObjectMapper().readTree(n.json());
        assertEquals(OLD.toString(), doc.path("round").path("shipped").get(0).path("previousDigest").asText(), n.json());

        RoundReport.Failure gone = new RoundReport.Failure("nj/app:v3.7 -> gz/app:v3.7", ErrorKind.UNSUPPORTED, "schema 1 manifest");
        RoundReport r2 = round(2, List.of(), List.of(gone));
        Notice told = notices.notice(r2, outage.after(r2), outage);
        assertEquals("ferry watch release.lst: 1 failed", told.title());
        assertTrue(told.markdown().contains("schema 1 manifest"), told.markdown());
        RoundReport r3 = round(3, List.of(), List.of(gone));
        assertNull(notices.notice(r3, outage.after(r3), outage), "told once");

        RoundReport idle = round(4, List.of(), List.of());
        assertNull(notices.notice(idle, outage.after(idle), outage), "an idle round tells nothing");
    }
}
