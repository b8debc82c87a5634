package dev.ferry.cli;

import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.TokenIssuer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault suite: every kind of request ferry sends, on both sides, meets every fault a network
 * or a registry can throw at it once — resets before, inside and after the response head and
 * body, a body cut short, stalls, 429 with {@code Retry-After}, 503, a corrupted byte — and the
 * copy (or look) still succeeds, the fault really happened, and skopeo finds the target whole.
 * Faults that persist fail with a named error, in a bounded time, and tag nothing.
 *
 * <p>Real parts only: two token-authenticated {@code docker-registry}s, a token issuer, and a
 * {@link FaultProxy} in front of each registry and of the issuer for each side. Each case copies
 * to a repository of its own. Bounded: about 150 cases of about a second each (stalls are
 * detected after 1.5 s, {@code Retry-After} is 1 s, retry pauses a fraction of a second); every
 * case is stopped after 60 s and the whole suite takes about two to three minutes.
 */
class FaultSuiteTest {
    private static final String USER = "fault";
    private static final String PASS = "suite-pass";
    private static final String STALL = "1.5";
    private static final Duration CASE_LIMIT = Duration.ofSeconds(60);

    static Path work;
    static Image image;
    static TokenIssuer issuer;
    static FaultProxy srcToken, dstToken;
    static RegistryServer src, dst;
    static FaultProxy srcProxy, dstProxy;
    static final AtomicInteger cases = new AtomicInteger();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-fault-suite-");
        image = TestImages.single(work.resolve("images"), "img", "linux", "amd64", 2, 150_000, false);
        issuer = new TokenIssuer(Map.of(USER, PASS));
        String issuerUrl = issuer.realm().substring(0, issuer.realm().length() - "/token".length());
        srcToken = FaultProxy.start(issuerUrl);
        dstToken = FaultProxy.start(issuerUrl);
        src = RegistryServer.builder().token(issuer).env("REGISTRY_AUTH_TOKEN_REALM", srcToken.url() + "/token").start();
        dst = RegistryServer.builder().token(issuer).env("REGISTRY_AUTH_TOKEN_REALM", dstToken.url() + "/token").start();
        srcProxy = FaultProxy.start(src.url());
        dstProxy = FaultProxy.start(dst.url());
        Skopeo.pushOciDir(image.layoutDir(), image.tag(), src.host() + "/app/img:1", creds(), false);
        Skopeo.pushOciDir(image.layoutDir(), image.tag(), dst.host() + "/base/img:1", creds(), false);
    }

    @AfterAll
    static void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {srcProxy, dstProxy, src, dst, srcToken, dstToken, issuer}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        TempDirs.deleteRecursively(work);
    }

    private static Options creds() {
        return Options.plain().creds(USER, PASS);
    }

    // ---------------------------------------------------------------- what is faulted

    enum Side { SOURCE, TARGET }

    /** What a request is: its side, method and path (REPO stands for the case's target repository). */
    record Kind(String name, Side side, String method, String path, boolean hasBody, Run run) {
        FaultProxy proxy() {
            boolean token = name.equals("token");
            return side == Side.SOURCE ? (token ? srcToken : srcProxy) : (token ? dstToken : dstProxy);
        }

        String path(String repo) {
            return path.replace("REPO", repo);
        }

        @Override public String toString() {
            return side.name().toLowerCase() + " " + name;
        }
    }

    /** What a case runs: a copy into {@code repo}, or a look. */
    enum Run { COPY, COPY_CHUNKED, MOUNT, TAGS, CATALOG }

    /** One fault, added to the proxy for a request kind; null when it does not apply to that kind. */
    interface Fault {
        FaultProxy.Rule add(FaultProxy p, String method, String path, int times);
    }

    record NamedFault(String name, Fault fault, boolean needsBody, boolean content) {
        @Override public String toString() {
            return name;
        }
    }

    static List<Kind> kinds() {
        String layer = "/v2/app/img/blobs/" + image.layers().get(1).digest();
        String config = "/v2/app/img/blobs/" + image.config().digest();
        return List.of(
                new Kind("ping", Side.SOURCE, "GET", "/v2/", true, Run.COPY),
                new Kind("token", Side.SOURCE, "GET", "/token", true, Run.COPY),
                new Kind("manifest HEAD", Side.SOURCE, "HEAD", "/v2/app/img/manifests/1", false, Run.COPY),
                new Kind("manifest GET", Side.SOURCE, "GET", "/v2/app/img/manifests/.*", true, Run.COPY),
                new Kind("config GET", Side.SOURCE, "GET", config, true, Run.COPY),
                new Kind("layer GET", Side.SOURCE, "GET", layer, true, Run.COPY),
                new Kind("tags", Side.SOURCE, "GET", "/v2/app/img/tags/list", true, Run.TAGS),
                new Kind("catalog", Side.SOURCE, "GET", "/v2/_catalog", true, Run.CATALOG),
                new Kind("ping", Side.TARGET, "GET", "/v2/", true, Run.COPY),
                new Kind("token", Side.TARGET, "GET", "/token", true, Run.COPY),
                new Kind("manifest HEAD", Side.TARGET, "HEAD", "/v2/REPO/manifests/1", false, Run.COPY),
                new Kind("manifest PUT", Side.TARGET, "PUT", "/v2/REPO/manifests/.*", false, Run.COPY),
                new Kind("blob HEAD", Side.TARGET, "HEAD", "/v2/REPO/blobs/sha256:.*", false, Run.COPY),
                new Kind("blob POST", Side.TARGET, "POST", "/v2/REPO/blobs/uploads/", false, Run.COPY),
                new Kind("blob PUT", Side.TARGET, "PUT", "/v2/REPO/blobs/uploads/.*", false, Run.COPY),
                new Kind("blob PATCH", Side.TARGET, "PATCH", "/v2/REPO/blobs/uploads/.*", false, Run.COPY_CHUNKED),
                new Kind("mount", Side.TARGET, "POST", "/v2/REPO/blobs/uploads/", false, Run.MOUNT));
    }

    static List<NamedFault> faults() {
        return List.of(
                new NamedFault("reset before the head", (p, m, path, n) -> p.resetInHead(m, path, 0, n), false, false),
                new NamedFault("reset inside the head", (p, m, path, n) -> p.resetInHead(m, path, 20, n), false, false),
                new NamedFault("body cut short", (p, m, path, n) -> p.cutResponseAfter(m, path, 1, n, false), true, false),
                new NamedFault("reset inside the body", (p, m, path, n) -> p.cutResponseAfter(m, path, 1, n, true), true, false),
                new NamedFault("reset after the body", (p, m, path, n) -> p.cutResponseAfter(m, path, Long.MAX_VALUE, n, true), false, false),
                new NamedFault("stall before the head", (p, m, path, n) -> p.stallBeforeHead(m, path, n), false, false),
                new NamedFault("stall inside the body", (p, m, path, n) -> p.stallResponseAfter(m, path, 1, n), true, false),
                new NamedFault("429 with Retry-After", (p, m, path, n) -> p.throttle(m, path, n, 1), false, false),
                new NamedFault("503", (p, m, path, n) -> p.respond(m, path, 503, n), false, false),
                new NamedFault("a corrupted byte", (p, m, path, n) -> p.corruptResponse(m, path, 10, n), true, true));
    }

    /** Whether a fault applies to a kind: body faults to answers with a body, corruption to content-addressed ones. */
    static boolean applies(Kind k, NamedFault f) {
        if (f.needsBody() && !k.hasBody()) return false;
        if (f.content() && !Set.of("manifest GET", "config GET", "layer GET").contains(k.name())) return false;
        // the answer to the PUT that completes an upload is waited for longer than a stall (the registry may be checking gigabytes)
        return !(f.name().startsWith("stall") && k.name().equals("blob PUT"));
    }

    // ---------------------------------------------------------------- the cases

    @TestFactory
    Stream<DynamicTest> everyRequestKindSurvivesEveryFaultOnce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind k : kinds()) {
            for (NamedFault f : faults()) {
                if (applies(k, f)) tests.add(DynamicTest.dynamicTest(k + ": " + f, () -> assertTimeoutPreemptively(CASE_LIMIT, () -> survives(k, f))));
            }
        }
        return tests.stream();
    }

    private static void clearRules() {
        for (FaultProxy p : List.of(srcProxy, dstProxy, srcToken, dstToken)) p.clearRules();
    }

    private static void survives(Kind k, NamedFault f) {
        clearRules();
        String repo = "f" + cases.incrementAndGet() + "/img";
        if (k.run() == Run.COPY_CHUNKED) dstProxy.respond("PUT", "/v2/" + repo + "/blobs/uploads/.*", 413, 1); // ferry switches to chunks
        FaultProxy.Rule rule = f.fault().add(k.proxy(), k.method(), k.path(repo), 1);
        FerryCli.Result r = run(k.run(), repo);
        assertEquals(0, r.exit(), () -> r + "\nrequests: " + k.proxy().requests());
        assertEquals(1, rule.applied(), () -> "the fault was injected: " + rule + "\n" + r);
        switch (k.run()) {
            case TAGS -> assertEquals(List.of("1"), r.out().lines().toList(), r::toString);
            case CATALOG -> assertTrue(r.out().lines().anyMatch("app/img"::equals), r::toString);
            default -> assertTargetWhole(repo);
        }
    }

    private static FerryCli.Result run(Run run, String repo) {
        FerryCli ferry = new FerryCli();
        String creds = USER + ":" + PASS;
        return switch (run) {
            case COPY, COPY_CHUNKED -> ferry.run("copy", "-q", "--stall-timeout", STALL, "--src-creds", creds, "--dest-creds", creds,
                    srcProxy.host() + "/app/img:1", dstProxy.host() + "/" + repo + ":1");
            case MOUNT -> ferry.run("copy", "-q", "--stall-timeout", STALL, "--src-creds", creds, "--dest-creds", creds,
                    dstProxy.host() + "/base/img:1", dstProxy.host() + "/" + repo + ":1");
            case TAGS -> ferry.run("tags", "--stall-timeout", STALL, "--creds", creds, srcProxy.host() + "/app/img");
            case CATALOG -> ferry.run("catalog", "--stall-timeout", STALL, "--creds", creds, srcProxy.host());
        };
    }

    /** skopeo, straight at the target registry: the tag is there and is the source's manifest, byte for byte. */
    private static void assertTargetWhole(String repo) {
        assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/" + repo + ":1", creds())), "the target manifest is the source's");
    }

    private static boolean tagged(String repo) {
        return Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", USER + ":" + PASS,
                "docker://" + dst.host() + "/" + repo + ":1")).ok();
    }

    // ---------------------------------------------------------------- faults that persist

    record Persistent(String name, Kind kind, NamedFault fault, String expected) {
        @Override public String toString() {
            return name;
        }
    }

    @TestFactory
    Stream<DynamicTest> aFaultThatPersistsFailsNamedInBoundedTimeAndTagsNothing() {
        Map<String, Kind> k = new java.util.HashMap<>();
        for (Kind x : kinds()) k.put(x.side().name().toLowerCase() + " " + x.name(), x);
        Map<String, NamedFault> f = new java.util.HashMap<>();
        for (NamedFault x : faults()) f.put(x.name(), x);
        List<Persistent> cases = List.of(
                new Persistent("a layer that always answers 503", k.get("source layer GET"), f.get("503"), "pull blob " + image.layers().get(1).digest().substring(0, 19)),
                new Persistent("a layer that always stalls", k.get("source layer GET"), f.get("stall inside the body"), "no byte came for 1.5 s: the connection stalled"),
                new Persistent("a manifest that is always corrupted", k.get("source manifest GET"), f.get("a corrupted byte"), "refusing it"),
                new Persistent("a config that is always corrupted", k.get("source config GET"), f.get("a corrupted byte"), "pull blob " + image.config().digest().substring(0, 19)),
                new Persistent("a target that always resets the manifest PUT", k.get("target manifest PUT"), f.get("reset before the head"), "push manifest"),
                new Persistent("a source registry that always resets /v2/", k.get("source ping"), f.get("reset before the head"), "reach registry " + srcProxy.host()),
                new Persistent("a token service that always answers 503", k.get("target token"), f.get("503"), "get a token from 127.0.0.1"));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertTimeoutPreemptively(CASE_LIMIT, () -> {
            clearRules();
            String repo = "p" + FaultSuiteTest.cases.incrementAndGet() + "/img";
            FaultProxy.Rule rule = c.fault().fault().add(c.kind().proxy(), c.kind().method(), c.kind().path(repo), 1000);
            FerryCli.Result r = new FerryCli().run("copy", "--retries", "1", "--stall-timeout", STALL, "--src-creds", USER + ":" + PASS,
                    "--dest-creds", USER + ":" + PASS, srcProxy.host() + "/app/img:1", dstProxy.host() + "/" + repo + ":1");
            clearRules();
            assertEquals(1, r.exit(), r::toString);
            assertTrue(rule.applied() >= 2, "the fault was met on a retry too: " + rule);
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
        if (!tagged(repo)) return;
        assertTargetWhole(repo);
        Skopeo.copyAllToOciDir(dst.host() + "/" + repo + ":1", work.resolve("check-" + cases.incrementAndGet()), creds());
    }

    @TestFactory
    Stream<DynamicTest> aRetryAfterBeyondFiveMinutesFailsAtOnceWithTheRegistrysWait() {
        return Stream.of("source manifest GET", "target blob POST").map(name -> DynamicTest.dynamicTest(name, () -> assertTimeoutPreemptively(CASE_LIMIT, () -> {
            clearRules();
            Kind kind = kinds().stream().filter(x -> x.toString().equals(name)).findFirst().orElseThrow();
            String repo = "w" + cases.incrementAndGet() + "/img";
            FaultProxy.Rule rule = kind.proxy().throttle(kind.method(), kind.path(repo), 1000, 3600);
            long t0 = System.nanoTime();
            FerryCli.Result r = new FerryCli().run("copy", "--src-creds", USER + ":" + PASS, "--dest-creds", USER + ":" + PASS,
                    srcProxy.host() + "/app/img:1", dstProxy.host() + "/" + repo + ":1");
            double secs = (System.nanoTime() - t0) / 1e9;
            clearRules();
            assertEquals(1, r.exit(), r::toString);
            assertTrue(rule.applied() >= 1 && rule.applied() <= 3, "each request that met it asked once, not again: " + rule);
            assertTrue(secs < 20, "failed at once, not after sleeping: " + secs + " s");
            assertTrue(r.err().contains("asks to wait 3600 s (60 min)") && r.err().contains("HTTP 429"), r::toString);
            assertFalse(tagged(repo), "nothing was tagged");
        })));
    }

    /**
     * The other side of the first GET /v2/ on a loopback registry: a server that answers plain HTTP
     * with TLS bytes (the JDK's TLS server, in front of the source) is reached over HTTPS, while a
     * reset there (above) stays a network fault.
     */
    @org.junit.jupiter.api.Test
    void aLoopbackTlsServerThatAnswersPlainHttpWithTlsBytesIsReachedOverHttps() throws Exception {
        try (dev.ferry.testing.TestCa ca = new dev.ferry.testing.TestCa();
             FaultProxy tls = FaultProxy.builder(src.url()).tls(ca).start()) {
            String repo = "t" + cases.incrementAndGet() + "/img";
            FerryCli.Result r = new FerryCli().run("copy", "-q", "--ca", tls.host() + "=" + ca.caPem(), "--src-creds", USER + ":" + PASS,
                    "--dest-creds", USER + ":" + PASS, tls.host() + "/app/img:1", dstProxy.host() + "/" + repo + ":1");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(tls.countRequests("GET", "/v2/") >= 1, "reached over HTTPS: " + tls.requests());
            assertTargetWhole(repo);
        }
    }
}
