package dev.ferry.cli;

import dev.ferry.cli.FaultRig.Fault;
import dev.ferry.cli.FaultRig.Kind;
import dev.ferry.cli.FaultRig.Run;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.FaultRule;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.TestCa;
import dev.ferry.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.ferry.cli.FaultRig.PASS;
import static dev.ferry.cli.FaultRig.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault suite: every kind of request ferry sends, on both sides, meets every fault a network
 * or a registry can throw at it once — resets before, inside and after the response head and
 * body, a body cut short, stalls, 429 with {@code Retry-After}, 503, a corrupted byte — and the
 * copy (or look) still succeeds, the fault really happened, and skopeo finds the target whole.
 * Faults that persist fail with a named error, in a bounded time, and leave nothing half-tagged.
 *
 * <p>Real parts only (see {@link FaultRig}); each case copies to a repository of its own.
 * Bounded: 140 cases of about a second each (stalls are detected after 1.5 s, {@code Retry-After}
 * is 1 s, retry pauses a fraction of a second); each case is stopped after 60 s, and the whole
 * suite takes about two minutes.
 */
class FaultSuiteTest {
    private static final Duration CASE_LIMIT = Duration.ofSeconds(60);

    static FaultRig rig;

    @BeforeAll
    static void setUp() throws IOException {
        rig = new FaultRig();
    }

    @AfterAll
    static void tearDown() {
        if (rig != null) rig.close();
    }

    @TestFactory
    Stream<DynamicTest> everyRequestKindSurvivesEveryFaultOnce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind k : rig.kinds()) {
            for (Fault f : FaultRig.faults()) {
                if (FaultRig.applies(k, f)) tests.add(DynamicTest.dynamicTest(k + ": " + f, () -> assertTimeoutPreemptively(CASE_LIMIT, () -> survives(k, f))));
            }
        }
        return tests.stream();
    }

    private static void survives(Kind k, Fault f) {
        rig.clearRules();
        String repo = rig.newRepo("f");
        if (k.run() == Run.COPY_CHUNKED) rig.dstProxy.respond("PUT", "/v2/" + repo + "/blobs/uploads/.*", 413, 1); // ferry switches to chunks
        if (k.run() == Run.COPY_AGAIN) {
            FerryCli.Result first = rig.run(Run.COPY, repo);
            assertEquals(0, first.exit(), first::toString);
        }
        FaultRule rule = f.inject().add(k.proxy(), k.method(), k.path(repo), 1);
        FerryCli.Result r = rig.run(k.run(), repo);
        assertEquals(0, r.exit(), () -> r + "\nrequests: " + k.proxy().requests());
        assertEquals(1, rule.applied(), () -> "the fault was injected: " + rule + "\n" + r);
        switch (k.run()) {
            case TAGS -> assertEquals(List.of("1"), r.out().lines().toList(), r::toString);
            case CATALOG -> assertTrue(r.out().lines().anyMatch("app/img"::equals), r::toString);
            default -> assertEquals(rig.image.digest(), rig.targetDigest(repo), "the target manifest is the source's");
        }
    }

    // ---------------------------------------------------------------- faults that persist

    /** A fault for good; {@code tries}: how often the faulted request is sent in all with --retries 1 (0: not one request's count). */
    record Persistent(String name, String kind, String fault, String expected, int tries) {
        @Override public String toString() {
            return name;
        }
    }

    @TestFactory
    Stream<DynamicTest> aFaultThatPersistsFailsNamedInBoundedTimeAndLeavesNothingHalfTagged() {
        Map<String, Kind> kinds = new HashMap<>();
        for (Kind x : rig.kinds()) kinds.put(x.toString(), x);
        Map<String, Fault> faults = new HashMap<>();
        for (Fault x : FaultRig.faults()) faults.put(x.name(), x);
        List<Persistent> cases = List.of(
                new Persistent("a layer that always answers 503", "source layer GET", "503", "pull blob " + rig.image.layers().get(1).digest().substring(0, 19), 2),
                new Persistent("a layer that always stalls", "source layer GET", "stall inside the body", "no byte came for 1.5 s: the connection stalled", 2),
                new Persistent("a manifest that is always corrupted", "source manifest GET", "a corrupted byte", "refusing it", 2),
                new Persistent("a manifest whose body is always cut short", "source manifest GET", "body cut short", "get manifest app/img", 2),
                new Persistent("a config that is always corrupted", "source config GET", "a corrupted byte", "pull blob " + rig.image.config().digest().substring(0, 19), 2),
                new Persistent("a target that always resets the manifest PUT", "target manifest PUT", "reset before the head", "push manifest", 2),
                new Persistent("a source registry that always resets /v2/", "source ping", "reset before the head", "reach registry " + rig.srcProxy.host(), 0),
                new Persistent("a token service that always answers 503", "target token", "503", "get a token from 127.0.0.1", 0));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertTimeoutPreemptively(CASE_LIMIT, () -> {
            rig.clearRules();
            Kind kind = kinds.get(c.kind());
            String repo = rig.newRepo("p");
            FaultRule rule = faults.get(c.fault()).inject().add(kind.proxy(), kind.method(), kind.path(repo), 1000);
            FerryCli.Result r = rig.run(Run.COPY, repo, "--retries", "1");
            rig.clearRules();
            assertEquals(1, r.exit(), r::toString);
            assertTrue(rule.applied() >= 2, "the fault was met on a retry too: " + rule);
            if (c.tries() > 0) assertEquals(c.tries(), rule.applied(), () -> "tried retries + 1 times in all, by one layer: " + rule + "\n" + r);
            assertTrue(r.err().contains(c.expected()), () -> "the error says what failed (" + c.expected() + "): " + r);
            assertFalse(r.err().contains("TLS") || r.err().contains("SSL"), () -> "a plain-HTTP fault is not reported as TLS: " + r);
            assertNothingHalfTagged(repo);
        })));
    }

    /**
     * The target holds no tag, or the whole image under it: a PUT whose answer was lost may have
     * been stored by the registry, but never a tag whose manifest or blobs are wrong or missing.
     */
    private static void assertNothingHalfTagged(String repo) {
        if (!rig.tagged(repo)) return;
        assertEquals(rig.image.digest(), rig.targetDigest(repo), "a tag in the target is the source's manifest");
        assertTrue(rig.wholeOnSkopeosCheck(repo), "every blob of the tagged image is in the target, whole");
    }

    @TestFactory
    Stream<DynamicTest> aRetryAfterBeyondFiveMinutesFailsAtOnceWithTheRegistrysWait() {
        return Stream.of("source manifest GET", "target blob POST").map(name -> DynamicTest.dynamicTest(name, () -> assertTimeoutPreemptively(CASE_LIMIT, () -> {
            rig.clearRules();
            Kind kind = rig.kinds().stream().filter(x -> x.toString().equals(name)).findFirst().orElseThrow();
            String repo = rig.newRepo("w");
            FaultRule rule = kind.proxy().throttle(kind.method(), kind.path(repo), 1000, 3600);
            long t0 = System.nanoTime();
            FerryCli.Result r = rig.run(Run.COPY, repo);
            double secs = (System.nanoTime() - t0) / 1e9;
            rig.clearRules();
            assertEquals(1, r.exit(), r::toString);
            assertTrue(rule.applied() >= 1 && rule.applied() <= 3, "each request that met it asked once, not again: " + rule);
            assertTrue(secs < 20, "failed at once, not after sleeping: " + secs + " s");
            assertTrue(r.err().contains("asks to wait 3600 s (60 min)") && r.err().contains("HTTP 429"), r::toString);
            assertFalse(rig.tagged(repo), "nothing was tagged");
        })));
    }

    /**
     * The other side of the first GET /v2/ on a loopback registry: a server that answers plain HTTP
     * with TLS bytes (the JDK's TLS server, in front of the source) is reached over HTTPS, while a
     * reset there (above) stays a network fault.
     */
    @Test
    void aLoopbackTlsServerThatAnswersPlainHttpWithTlsBytesIsReachedOverHttps() {
        try (TestCa ca = new TestCa(); FaultProxy tls = FaultProxy.builder(rig.src.url()).tls(ca).start()) {
            String repo = rig.newRepo("t");
            FerryCli.Result r = new FerryCli().run("copy", "-q", "--ca", tls.host() + "=" + ca.caPem(), "--src-creds", USER + ":" + PASS,
                    "--dest-creds", USER + ":" + PASS, tls.host() + "/app/img:1", rig.dstProxy.host() + "/" + repo + ":1");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(tls.countRequests("GET", "/v2/") >= 1, "reached over HTTPS: " + tls.requests());
            assertEquals(rig.image.digest(), rig.targetDigest(repo));
        }
    }

    /**
     * A large layer (32 MiB and more) whose connection stalls in the middle is not started again:
     * the stall detector gives the connection up and the read resumes from the byte where it
     * stopped (a range request, answered 206), well before the 2-minute read timeout.
     */
    @Test
    void aLargeLayerThatStallsMidwayResumesFromWhereItStopped() throws IOException {
        Path layout = rig.work.resolve("large");
        TestImages.Image large = TestImages.single(layout, "large", "linux", "amd64", 1, 40 * 1024 * 1024, false);
        Skopeo.pushOciDir(layout, large.tag(), rig.src.host() + "/large/img:1", FaultRig.creds(), false);
        String layer = "/v2/large/img/blobs/" + large.layers().get(0).digest();
        rig.clearRules();
        FaultRule stall = rig.srcProxy.stallResponseAfter("GET", layer, 12_000_000, 1);
        String repo = rig.newRepo("l");
        long t0 = System.nanoTime();
        FerryCli.Result r = new FerryCli().run("copy", "-q", "--stall-timeout", FaultRig.STALL, "--src-creds", USER + ":" + PASS,
                "--dest-creds", USER + ":" + PASS, rig.srcProxy.host() + "/large/img:1", rig.dstProxy.host() + "/" + repo + ":1");
        double secs = (System.nanoTime() - t0) / 1e9;
        rig.clearRules();
        assertEquals(0, r.exit(), r::toString);
        assertEquals(1, stall.applied(), stall::toString);
        assertTrue(secs < 30, "the stall was detected after 1.5 s, not the read timeout: " + secs + " s");
        assertTrue(rig.src.accessLog().stream().anyMatch(e -> e.path().equals(layer) && e.method().equals("GET") && e.status() == 206),
                "the layer was resumed with a range request: " + rig.src.accessLog());
        assertEquals(large.digest(), rig.targetDigest(repo));
        assertTrue(rig.wholeOnSkopeosCheck(repo), "the resumed layer is whole in the target");
    }
}
