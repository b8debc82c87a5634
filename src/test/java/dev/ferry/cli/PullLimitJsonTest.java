package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.PullLimitFront;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pull-limit figures the text report ends with are in the {@code -o json} reports of copy, sync and save too. */
@Timeout(90)
class PullLimitJsonTest {
    @Test
    void copySyncAndSaveReportTheStatedLimitInJson(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer dst = RegistryServer.builder().start()) {
            TestImages.single(tmp.resolve("l"), "a", "linux", "amd64", 1, 12_345, false);
            Skopeo.pushOciDir(tmp.resolve("l"), "a", src.host() + "/lib/app:a", Options.plain(), false);
            try (PullLimitFront hub = PullLimitFront.start(src.url(), 100, 40, 21600).resetIn(3600)) {
                Instant before = Instant.now();
                FerryCli.Result copy = new FerryCli().run("copy", hub.host() + "/lib/app:a", dst.host() + "/lib/app:a", "-o", "json");
                assertEquals(0, copy.exit(), copy::toString);
                JsonNode c = copy.json();
                assertEquals("copied", c.get("status").asText(), copy::toString); // the fields of before stay as they were
                JsonNode l = only(c, hub.host());
                assertEquals(100, l.get("limit").asInt());
                assertEquals(40 - hub.pulls(), l.get("remaining").asInt(), "what the last answer said: one less per pull spent");
                assertEquals(21600, l.get("windowSeconds").asLong());
                Instant resets = Instant.parse(l.get("resetsAt").asText());
                assertTrue(!resets.isBefore(before.plusSeconds(3599)) && resets.isBefore(Instant.now().plusSeconds(3601)), resets::toString);
                assertTrue(copy.err().contains("Pull limit of " + hub.host() + ": " + l.get("remaining").asInt() + " of 100 left per 6 h"), copy::toString);

                Path list = Files.writeString(tmp.resolve("l.txt"), "lib/app:a\n");
                try (RegistryServer fresh = RegistryServer.builder().start()) {
                    FerryCli.Result sync = new FerryCli().run("sync", list.toString(), "--from", hub.host(), "--to", fresh.host(), "-o", "json");
                    assertEquals(0, sync.exit(), sync::toString);
                    JsonNode s = sync.json();
                    assertEquals(1, s.get("succeeded").asInt(), sync::toString);
                    assertEquals(40 - hub.pulls(), only(s, hub.host()).get("remaining").asInt(), sync::toString);
                }

                FerryCli.Result save = new FerryCli().run("save", list.toString(), "--from", hub.host(), "--dir", tmp.resolve("packs").toString(), "-o", "json");
                assertEquals(0, save.exit(), save::toString);
                JsonNode v = save.json();
                assertEquals(1, v.get("succeeded").asInt(), save::toString);
                assertTrue(Files.isRegularFile(Path.of(v.get("metaFile").asText())), save::toString);
                assertFalse(v.get("dataFiles").isEmpty(), save::toString);
                assertEquals(40 - hub.pulls(), only(v, hub.host()).get("remaining").asInt(), save::toString);
            }
            // a registry that states no limit: an empty list, not a missing field
            FerryCli.Result quiet = new FerryCli().run("copy", src.host() + "/lib/app:a", dst.host() + "/lib/other:a", "-o", "json");
            assertEquals(0, quiet.exit(), quiet::toString);
            assertTrue(quiet.json().get("pullLimits").isArray() && quiet.json().get("pullLimits").isEmpty(), quiet::toString);
        }
    }

    private static JsonNode only(JsonNode report, String registry) {
        JsonNode arr = report.get("pullLimits");
        assertTrue(arr != null && arr.isArray() && arr.size() == 1, () -> String.valueOf(report));
        assertEquals(registry, arr.get(0).get("registry").asText());
        Duration.between(Instant.parse(arr.get(0).get("seen").asText()), Instant.now()); // an instant, parseable
        return arr.get(0);
    }
}
