package dev.ferry.app;

import dev.ferry.config.ConfigLoader;
import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.spi.ErrorKind;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.FaultRule;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a long-lived session does between and around jobs: retries reported to the job that
 * retries, logins, reloading cfg.yaml, closing with jobs still running. Real registries.
 */
@Timeout(180)
class SessionLifeTest {
    static Path work;
    static Image small;
    static Image big;
    static RegistryServer src;
    static RegistryServer dst;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-session-life-");
        Path layout = work.resolve("images");
        small = TestImages.single(layout, "small", "linux", "amd64", 3, 200_000, false);
        big = TestImages.single(layout, "big", "linux", "amd64", 1, 3_000_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, small.tag(), src.host() + "/app/small:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, big.tag(), src.host() + "/app/big:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    private static CopyRequest copy(String from, String to) {
        return new CopyRequest(from, to, List.of(), 2, 2, false);
    }

    @Test
    void retriesAreReportedToTheJobThatRetriesAndNoOther() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(src.url()); Session s = Session.builder(Map.of()).workDir(work).build()) {
            String layer = "/v2/app/small/blobs/" + small.layers().get(0).digest();
            proxy.respond("GET", layer, 503, 2);
            SessionJobsTest.Recorder failing = new SessionJobsTest.Recorder();
            SessionJobsTest.Recorder calm = new SessionJobsTest.Recorder();
            Job a = s.copy(copy(proxy.host() + "/app/small:1", dst.host() + "/retries/a:1"), failing);
            Job b = s.copy(copy(src.host() + "/app/small:1", dst.host() + "/retries/b:1"), calm);
            assertTrue(a.await().ok());
            assertTrue(b.await().ok());
            assertTrue(a.drain(Duration.ofSeconds(5)) && b.drain(Duration.ofSeconds(5)));
            List<Event.Retrying> retries = failing.events.stream().filter(e -> e.event() instanceof Event.Retrying)
                    .map(e -> (Event.Retrying) e.event()).toList();
            assertEquals(2, retries.size(), failing.events.toString());
            assertTrue(retries.stream().allMatch(r -> r.image().equals(proxy.host() + "/app/small:1") && r.operation().contains("pull blob")), retries.toString());
            assertTrue(calm.events.stream().noneMatch(e -> e.event() instanceof Event.Retrying), "the other job heard of no retry");
            assertEquals(List.of(a.id(), b.id()), s.jobs().stream().map(Job::id).toList());
            assertEquals(Optional.of(b), s.job(b.id()));
        }
    }

    @Test
    void closingTheSessionCancelsItsRunningJobsAndWaitsForThem() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule stall = proxy.stallResponseAfter("GET", "/v2/app/big/blobs/" + big.layers().get(0).digest(), 100_000, 10);
            Session s = Session.builder(Map.of()).workDir(work).build();
            Job job = s.copy(copy(proxy.host() + "/app/big:1", dst.host() + "/closing/big:1"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (stall.applied() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            long t0 = System.nanoTime();
            s.close();
            assertTrue((System.nanoTime() - t0) / 1e9 < 5, "close() returned in time");
            assertTrue(job.isDone());
            JobResult r = job.await();
            assertTrue(r.cancelled());
            assertEquals(ImageResult.Status.CANCELLED, r.images().get(0).status());
        }
    }

    @Test
    void aLoginGivesCredentialsToTheJobsAfterIt() throws Exception {
        Tools.require("htpasswd");
        try (RegistryServer locked = RegistryServer.builder().htpasswd("deliver", "s3cret-pw").start()) {
            AtomicInteger asked = new AtomicInteger();
            PasswordPrompt prompt = (registry, user) -> {
                asked.incrementAndGet();
                return registry.equals(locked.host()) && user.equals("deliver") ? Optional.of("s3cret-pw") : Optional.empty();
            };
            try (Session s = Session.builder(Map.of()).workDir(work).prompt(prompt).build()) {
                JobResult before = s.copy(copy(src.host() + "/app/small:1", locked.host() + "/auth/small:1")).await();
                assertEquals(ErrorKind.UNAUTHORIZED, before.images().get(0).kind(), before.toString());
                s.login(locked.host(), "deliver"); // the password from the face's prompt
                assertEquals(1, asked.get());
                JobResult after = s.copy(copy(src.host() + "/app/small:1", locked.host() + "/auth/small:1")).await();
                assertTrue(after.ok(), after.toString());
                assertEquals(List.of("1"), s.tags(locked.host() + "/auth/small"));
                assertThrows(BadInputException.class, () -> s.login(locked.host(), "nobody"));
                s.reload(); // logins stay
                JobResult reloaded = s.copy(copy(src.host() + "/app/small:1", locked.host() + "/auth/small:2")).await();
                assertTrue(reloaded.ok(), reloaded.toString());
                assertTrue(s.logout(locked.host()));
                assertFalse(s.logout(locked.host()), "it had no login any more");
                JobResult out = s.copy(copy(src.host() + "/app/small:1", locked.host() + "/auth/small:3")).await();
                assertEquals(ErrorKind.UNAUTHORIZED, out.images().get(0).kind(), "after the logout the jobs go without it: " + out);
            }
        }
    }

    @Test
    void reloadReadsCfgYamlAgainForTheJobsAfterIt() throws Exception {
        Path dir = Files.createTempDirectory(work, "cfg-");
        Path cfg = dir.resolve("cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: \"" + src.host() + "\"\n  name: nj\ntarget:\n- registry: \"" + dst.host() + "\"\n  name: gz\n");
        try (Session s = Session.builder(Map.of()).workDir(dir).config(ConfigLoader.load(cfg)).build()) {
            assertEquals(src.host(), s.endpoint("nj", false).host());
            assertEquals(5, s.maxConnections(), "cfg.yaml's maxconn, 5 by default");
            Files.writeString(cfg, "source:\n- registry: \"" + src.host() + "\"\n  name: beijing\ntarget:\n- registry: \"" + dst.host() + "\"\n  name: gz\n");
            s.reload();
            assertEquals(src.host(), s.endpoint("beijing", false).host());
            assertThrows(BadInputException.class, () -> s.endpoint("nj", false));
            // a broken file is refused and the configuration in use stays
            Files.writeString(cfg, "source: [ this is not\n");
            assertThrows(RuntimeException.class, s::reload);
            assertEquals(src.host(), s.endpoint("beijing", false).host());
            assertFalse(s.config().sources().isEmpty());
        }
    }
}
