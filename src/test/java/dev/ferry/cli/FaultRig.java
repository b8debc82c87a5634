package dev.ferry.cli;

import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.FaultRule;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.TokenIssuer;
import dev.ferry.testing.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fault suite and the fault soak run against: two token-authenticated
 * {@code docker-registry}s (source and target), one token issuer, and a {@link FaultProxy} in
 * front of each registry and of the issuer for each side; the request kinds ferry sends there, the
 * faults the proxies can throw at each, and how to run ferry and check the target with skopeo.
 */
final class FaultRig implements AutoCloseable {
    static final String USER = "fault";
    static final String PASS = "rig-pass";
    /** The stall detector's time in the rig's runs, in seconds: stalls cost little. */
    static final String STALL = "1.5";

    final Path work;
    final Image image;
    final TokenIssuer issuer;
    final FaultProxy srcToken, dstToken;
    final RegistryServer src, dst;
    final FaultProxy srcProxy, dstProxy;
    private final AtomicInteger repos = new AtomicInteger();

    enum Side { SOURCE, TARGET }

    /** What a run is: a copy (plain, made to upload in chunks, or a mount within the target), or a look. */
    /** COPY_AGAIN: a copy to a target that has the image already (copied there first, without faults). */
    enum Run { COPY, COPY_CHUNKED, MOUNT, COPY_AGAIN, TAGS, CATALOG }

    /** A kind of request: its side, method, path (REPO: the run's target repository), whether its answer has a body, what run sends it. */
    record Kind(String name, Side side, String method, String path, boolean hasBody, Run run, FaultProxy proxy) {
        String path(String repo) {
            return path.replace("REPO", repo);
        }

        @Override public String toString() {
            return side.name().toLowerCase() + " " + name;
        }
    }

    /** Adds one fault to a proxy for the requests matching {@code method} and {@code path}, {@code times} times. */
    interface Inject {
        FaultRule add(FaultProxy p, String method, String path, int times);
    }

    /** A fault: whether it needs an answer with a body, and whether it only makes sense on content-addressed answers. */
    record Fault(String name, Inject inject, boolean needsBody, boolean content) {
        @Override public String toString() {
            return name;
        }
    }

    FaultRig() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-fault-rig-");
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

    static Options creds() {
        return Options.plain().creds(USER, PASS);
    }

    /** A target repository no run used before. */
    String newRepo(String prefix) {
        return prefix + repos.incrementAndGet() + "/img";
    }

    List<Kind> kinds() {
        String layer = "/v2/app/img/blobs/" + image.layers().get(1).digest();
        String config = "/v2/app/img/blobs/" + image.config().digest();
        return List.of(
                new Kind("ping", Side.SOURCE, "GET", "/v2/", true, Run.COPY, srcProxy),
                new Kind("token", Side.SOURCE, "GET", "/token", true, Run.COPY, srcToken),
                // asked only when the target has the tag: to a new one, the manifest GET goes first
                new Kind("manifest HEAD", Side.SOURCE, "HEAD", "/v2/app/img/manifests/1", false, Run.COPY_AGAIN, srcProxy),
                new Kind("manifest GET", Side.SOURCE, "GET", "/v2/app/img/manifests/.*", true, Run.COPY, srcProxy),
                new Kind("config GET", Side.SOURCE, "GET", config, true, Run.COPY, srcProxy),
                new Kind("layer GET", Side.SOURCE, "GET", layer, true, Run.COPY, srcProxy),
                new Kind("tags", Side.SOURCE, "GET", "/v2/app/img/tags/list", true, Run.TAGS, srcProxy),
                new Kind("catalog", Side.SOURCE, "GET", "/v2/_catalog", true, Run.CATALOG, srcProxy),
                new Kind("ping", Side.TARGET, "GET", "/v2/", true, Run.COPY, dstProxy),
                new Kind("token", Side.TARGET, "GET", "/token", true, Run.COPY, dstToken),
                new Kind("manifest HEAD", Side.TARGET, "HEAD", "/v2/REPO/manifests/1", false, Run.COPY, dstProxy),
                new Kind("manifest PUT", Side.TARGET, "PUT", "/v2/REPO/manifests/.*", false, Run.COPY, dstProxy),
                // asked where the blob may be mounted; a blob that would be uploaded is asked about by the upload's POST
                new Kind("blob HEAD", Side.TARGET, "HEAD", "/v2/REPO/blobs/sha256:.*", false, Run.MOUNT, dstProxy),
                new Kind("blob POST", Side.TARGET, "POST", "/v2/REPO/blobs/uploads/", false, Run.COPY, dstProxy),
                new Kind("blob PUT", Side.TARGET, "PUT", "/v2/REPO/blobs/uploads/.*", false, Run.COPY, dstProxy),
                new Kind("blob PATCH", Side.TARGET, "PATCH", "/v2/REPO/blobs/uploads/.*", false, Run.COPY_CHUNKED, dstProxy),
                new Kind("mount", Side.TARGET, "POST", "/v2/REPO/blobs/uploads/", false, Run.MOUNT, dstProxy));
    }

    static List<Fault> faults() {
        return List.of(
                new Fault("reset before the head", (p, m, path, n) -> p.resetInHead(m, path, 0, n), false, false),
                new Fault("reset inside the head", (p, m, path, n) -> p.resetInHead(m, path, 20, n), false, false),
                new Fault("body cut short", (p, m, path, n) -> p.cutResponseAfter(m, path, 1, n, false), true, false),
                new Fault("reset inside the body", (p, m, path, n) -> p.cutResponseAfter(m, path, 1, n, true), true, false),
                new Fault("reset after the body", (p, m, path, n) -> p.cutResponseAfter(m, path, Long.MAX_VALUE, n, true), false, false),
                new Fault("stall before the head", (p, m, path, n) -> p.stallBeforeHead(m, path, n), false, false),
                new Fault("stall inside the body", (p, m, path, n) -> p.stallResponseAfter(m, path, 1, n), true, false),
                new Fault("429 with Retry-After", (p, m, path, n) -> p.throttle(m, path, n, 1), false, false),
                new Fault("503", (p, m, path, n) -> p.respond(m, path, 503, n), false, false),
                new Fault("a corrupted byte", (p, m, path, n) -> p.corruptResponse(m, path, 10, n), true, true));
    }

    /** Whether a fault applies to a kind: body faults to answers with a body, corruption to content-addressed ones. */
    static boolean applies(Kind k, Fault f) {
        if (f.needsBody() && !k.hasBody()) return false;
        if (f.content() && !Set.of("manifest GET", "config GET", "layer GET").contains(k.name())) return false;
        // the answer to the PUT that completes an upload is waited for longer than a stall (the registry may be checking gigabytes)
        return !(f.name().startsWith("stall") && k.name().equals("blob PUT"));
    }

    void clearRules() {
        for (FaultProxy p : List.of(srcProxy, dstProxy, srcToken, dstToken)) p.clearRules();
    }

    /** Runs ferry as a user would, through the proxies, with the stall detector at {@link #STALL} s and {@code extra} flags. */
    FerryCli.Result run(Run run, String repo, String... extra) {
        String creds = USER + ":" + PASS;
        List<String> args = new ArrayList<>();
        switch (run) {
            case COPY, COPY_CHUNKED, MOUNT, COPY_AGAIN -> {
                args.addAll(List.of("copy", "-q", "--stall-timeout", STALL, "--src-creds", creds, "--dest-creds", creds));
                args.addAll(List.of(extra));
                args.add((run == Run.MOUNT ? dstProxy.host() + "/base" : srcProxy.host() + "/app") + "/img:1");
                args.add(dstProxy.host() + "/" + repo + ":1");
            }
            case TAGS, CATALOG -> {
                args.addAll(List.of(run == Run.TAGS ? "tags" : "catalog", "--stall-timeout", STALL, "--creds", creds));
                args.addAll(List.of(extra));
                args.add(run == Run.TAGS ? srcProxy.host() + "/app/img" : srcProxy.host());
            }
        }
        return new FerryCli().run(args.toArray(String[]::new));
    }

    /** skopeo, straight at the target registry: the digest of the manifest tagged {@code repo:1}. */
    String targetDigest(String repo) {
        return Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/" + repo + ":1", creds()));
    }

    /** Whether the target has the tag {@code repo:1} at all (skopeo, straight at the registry). */
    boolean tagged(String repo) {
        return Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", USER + ":" + PASS,
                "docker://" + dst.host() + "/" + repo + ":1")).ok();
    }

    /** skopeo copies the tagged image out of the target, checking every blob against its digest; false when one is missing or wrong. */
    boolean wholeOnSkopeosCheck(String repo) {
        return Skopeo.run(List.of("skopeo", "copy", "-q", "--src-tls-verify=false", "--src-creds", USER + ":" + PASS,
                "docker://" + dst.host() + "/" + repo + ":1", "oci:" + work.resolve("check-" + repos.incrementAndGet()) + ":1")).ok();
    }

    @Override public void close() {
        for (AutoCloseable c : new AutoCloseable[] {srcProxy, dstProxy, src, dst, srcToken, dstToken, issuer}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        TempDirs.deleteRecursively(work);
    }
}
