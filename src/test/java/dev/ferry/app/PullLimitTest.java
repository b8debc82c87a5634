package dev.ferry.app;

import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.spi.ErrorKind;
import dev.ferry.testing.PullLimitFront;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A source that counts pulls as Docker Hub does (a front over a real registry): the limit it states is read, shown,
 * and respected — once none is left, the images after it fail at once saying when it frees, without spending a
 * request; told to wait, the session waits for the window and then copies; a 429 with the limit spent is waited
 * out the same way.
 */
@Timeout(120)
class PullLimitTest {
    static Path work;
    static RegistryServer src, dst;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-pull-limit-");
        Path layout = work.resolve("images");
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        for (String t : List.of("a", "b", "c")) {
            TestImages.single(layout, t, "linux", "amd64", 1, 20_000 + t.charAt(0), false);
            Skopeo.pushOciDir(layout, t, src.host() + "/lib/app:" + t, Options.plain(), false);
        }
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    private static JobResult copy(Session s, String from, String to) throws Exception {
        return s.copy(new CopyRequest(from, to, List.of(), 2, 0, false)).await();
    }

    @Test
    void aSpentLimitStopsPullingAtOnceAndSaysWhenItFrees() throws Exception {
        try (PullLimitFront hub = PullLimitFront.start(src.url(), 100, 2, 21600);
             Session s = Session.builder(Map.of()).workDir(work).build()) {
            assertEquals(0, copy(s, hub.host() + "/lib/app:a", dst.host() + "/spent/app:a").failed());
            assertEquals(List.of(new PullLimitSeen(hub.host(), 100, 1)), seen(s));
            assertEquals(0, copy(s, hub.host() + "/lib/app:b", dst.host() + "/spent/app:b").failed());
            assertEquals(2, hub.pulls());

            JobResult r = copy(s, hub.host() + "/lib/app:c", dst.host() + "/spent/app:c");
            assertEquals(1, r.failed());
            ImageResult c = r.images().get(0);
            assertEquals(ErrorKind.RATE_LIMITED, c.kind(), c.error());
            assertTrue(c.error().contains("pull limit of " + hub.host() + " is spent (0 of 100 pulls left per 6 h)"), c.error());
            assertTrue(c.error().contains("frees in 6 h") && c.error().contains("--wait-for-rate-limit"), c.error());
            assertEquals(2, hub.pulls(), "no pull was spent");
            assertEquals(0, hub.refused(), "nor a request refused: ferry did not ask");
            assertEquals(List.of(new PullLimitSeen(hub.host(), 100, 0)), seen(s));
        }
    }

    @Test
    void toldToWaitItWaitsForTheWindowThenCopies() throws Exception {
        try (PullLimitFront hub = PullLimitFront.start(src.url(), 10, 1, 60).resetIn(2);
             Session s = Session.builder(Map.of()).workDir(work).waitForRateLimit(true).build()) {
            assertEquals(0, copy(s, hub.host() + "/lib/app:a", dst.host() + "/wait/app:a").failed());
            Thread refill = refillLater(hub, 500, 5); // the registry's window passes while ferry waits
            long t0 = System.nanoTime();
            JobResult r = copy(s, hub.host() + "/lib/app:b", dst.host() + "/wait/app:b");
            double waited = (System.nanoTime() - t0) / 1e9;
            refill.join();
            assertEquals(0, r.failed(), () -> String.valueOf(r.images()));
            assertTrue(waited >= 1.5, "waited " + waited + " s for the reset the registry named");
            assertEquals(0, hub.refused());
        }
    }

    @Test
    void aRefusalWithTheLimitSpentIsWaitedOutWhenToldTo() throws Exception {
        try (PullLimitFront hub = PullLimitFront.start(src.url(), 10, 0, 60).resetIn(1).quietHeads().refillOnRefusal(3);
             Session s = Session.builder(Map.of()).workDir(work).waitForRateLimit(true).build()) {
            long t0 = System.nanoTime();
            JobResult r = copy(s, hub.host() + "/lib/app:c", dst.host() + "/refused/app:c");
            assertTrue((System.nanoTime() - t0) / 1e9 >= 0.9, "waited for the reset the refusal named");
            assertEquals(0, r.failed(), () -> String.valueOf(r.images()));
            assertEquals(1, hub.refused(), "one 429, then a wait for the window, then the pull");
            Skopeo.copyAllToOciDir(dst.host() + "/refused/app:c", work.resolve("check-refused"), Options.plain());
        }
    }

    private static Thread refillLater(PullLimitFront hub, long millis, int pulls) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
                hub.refill(pulls);
            } catch (InterruptedException ignored) {
                // the test ended
            }
        });
        t.start();
        return t;
    }

    record PullLimitSeen(String registry, int limit, int remaining) {}

    private static List<PullLimitSeen> seen(Session s) {
        return s.pullLimits().stream().map(l -> new PullLimitSeen(l.registry(), l.limit(), l.remaining())).toList();
    }
}
