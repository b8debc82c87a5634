package dev.ferry.cli;

import dev.ferry.testing.PullLimitFront;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line says what a registry stated of its pull limit, and why the images past a spent one failed. */
@Timeout(60)
class PullLimitReportTest {
    @Test
    void theReportNamesTheLimitAndASpentOneFailsTheRestWithExitOne(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer dst = RegistryServer.builder().start()) {
            for (String t : new String[]{"a", "b"}) {
                TestImages.single(tmp.resolve("l"), t, "linux", "amd64", 1, 10_000 + t.charAt(0), false);
                Skopeo.pushOciDir(tmp.resolve("l"), t, src.host() + "/lib/app:" + t, Options.plain(), false);
            }
            try (PullLimitFront hub = PullLimitFront.start(src.url(), 100, 1, 21600)) {
                FerryCli.Result one = new FerryCli().run("copy", hub.host() + "/lib/app:a", dst.host() + "/lib/app:a");
                assertEquals(0, one.exit(), one::toString);
                assertTrue(one.err().contains("Pull limit of " + hub.host() + ": 0 of 100 left per 6 h"), one::toString);

                java.nio.file.Path list = java.nio.file.Files.writeString(tmp.resolve("l.txt"), "lib/app:a\nlib/app:b\n");
                hub.refill(1);
                try (RegistryServer fresh = RegistryServer.builder().start()) {
                    FerryCli.Result sync = new FerryCli().run("sync", list.toString(), "--from", hub.host(), "--to", fresh.host(), "-j", "1");
                    assertEquals(1, sync.exit(), sync::toString);
                    assertTrue(sync.out().contains("pull limit of " + hub.host() + " is spent") || sync.err().contains("pull limit of " + hub.host() + " is spent"), sync::toString);
                    assertTrue(sync.err().contains("Pull limit of " + hub.host() + ": 0 of 100 left per 6 h"), sync::toString);
                    assertEquals(1, hub.pulls() - 1, "one pull for the one image copied, none for the other");
                    assertTrue(hub.refused() <= 1, "an image resolved beside the last pull may be refused once, never retried: " + hub.refused());
                }
            }
        }
    }
}
