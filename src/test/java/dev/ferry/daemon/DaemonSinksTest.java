package dev.ferry.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.Engine;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.ImageTask;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.Platform;
import dev.ferry.pack.OciLayout;
import dev.ferry.registry.RegistryImageSource;
import dev.ferry.registry.RegistryOptions;
import dev.ferry.registry.RegistryPool;
import dev.ferry.registry.RetryListener;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.ImageSink;
import dev.ferry.spi.ImageSource;
import dev.ferry.testing.ContainerdServer;
import dev.ferry.testing.DockerdServer;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The docker and containerd sinks against a real dockerd and containerd started here (as root, on
 * private sockets), fed by the engine from an OCI layout and from a real registry. What landed is
 * checked with the daemons' own views: the Engine API's image ID and {@code ctr images ls}.
 */
@Timeout(180)
class DaemonSinksTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Platform AMD64 = Platform.parse("linux/amd64");
    static Path work;
    static Path layout;
    static ContainerdServer containerd;
    static DockerdServer dockerd;
    static RegistryServer registry;
    static RegistryPool pool;
    static Image single, multiDocker, multiOci;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("containerd");
        Tools.require("ctr");
        Tools.require("dockerd");
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-daemon-test-");
        layout = work.resolve("images");
        single = TestImages.single(layout, "single", "linux", "amd64", 2, 60_000, false);
        multiDocker = TestImages.multiArch(layout, "multi-docker", 1, 60_000, true);
        multiOci = TestImages.multiArch(layout, "multi-oci", 1, 60_000, false);
        containerd = ContainerdServer.start();
        dockerd = DockerdServer.start(containerd, true);
        registry = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi-docker", registry.host() + "/base/multi:1", Skopeo.Options.plain(), true);
        Skopeo.pushOciDir(layout, "multi-oci", registry.host() + "/base/multi-oci:1", Skopeo.Options.plain(), true);
        pool = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test", Map.of());
    }

    @AfterAll
    static void tearDown() {
        if (pool != null) pool.close();
        if (registry != null) registry.close();
        if (dockerd != null) dockerd.close();
        if (containerd != null) containerd.close();
        TempDirs.deleteRecursively(work);
    }

    /** Runs one image through the engine (4 blobs at a time, as the CLI does) and closes the sink, as the app does. */
    static ImageResult copy(ImageSource source, String reference, ImageSink sink, String tag, List<Platform> platforms) throws IOException {
        try (sink) {
            return new Engine(new Engine.Settings(4, 1, Duration.ofMillis(50), false), null)
                    .run(List.of(new ImageTask(reference, source, reference, sink, tag, reference, sink.describe(), platforms)))
                    .images().get(0);
        }
    }

    static JsonNode dockerImage(String name) throws IOException {
        DockerdServer.Answer a = dockerd.get("/images/" + name + "/json");
        assertEquals(200, a.status(), () -> name + ": " + a);
        return JSON.readTree(a.body());
    }

    static RegistryImageSource registrySource(String repository) throws IOException {
        return new RegistryImageSource(pool.client(registry.host()), repository);
    }

    // ------------------------------------------------------------------ docker

    @Test
    void singleImageFromALayoutLoadsIntoDockerUnderItsNewName() throws IOException {
        DockerSink sink = new DockerSink(dockerd.env(), "10.45.46.109/customer/web");
        ImageResult r = copy(OciLayout.open(layout), "single", sink, "3.2", List.of());
        assertEquals(ImageResult.Status.COPIED, r.status(), r::error);
        JsonNode img = dockerImage("10.45.46.109/customer/web:3.2");
        assertEquals(single.config().digest(), img.path("Id").asText(), "docker's image ID is the config's digest");
        assertEquals("10.45.46.109/customer/web:3.2", img.path("RepoTags").get(0).asText());
        assertEquals(List.of("Loaded image: 10.45.46.109/customer/web:3.2"), sink.loadedMessages());
        assertEquals(Optional.of(Digest.parse(single.config().digest())), sink.daemon().imageId("10.45.46.109/customer/web:3.2"));
    }

    @Test
    void oneDockerPlatformOfAMultiArchImageFromARegistry() throws IOException {
        DockerDaemon daemon = DockerDaemon.fromEnv(dockerd.env());
        assertEquals(Platform.current(), daemon.platform(), "the daemon runs this machine's platform");
        DockerSink sink = new DockerSink(daemon, "hello", AMD64);
        ImageResult r = copy(registrySource("base/multi"), "1", sink, "1.0", List.of(AMD64));
        assertEquals(ImageResult.Status.COPIED, r.status(), r::error);
        assertEquals(List.of("linux/amd64"), r.platforms());
        Image amd64 = multiDocker.children().get(0);
        assertEquals(amd64.digest(), r.targetDigest().toString(), "the engine narrowed the index to the amd64 manifest");
        JsonNode img = dockerImage("hello:1.0");
        assertEquals(amd64.config().digest(), img.path("Id").asText());
        assertEquals("hello:1.0", img.path("RepoTags").get(0).asText(), "docker.io/library/hello is docker's hello");
        assertEquals("amd64", img.path("Architecture").asText());
    }

    @Test
    void aDaemonOnTcp() throws IOException {
        DockerSink sink = new DockerSink(Map.of("DOCKER_HOST", dockerd.tcpHost()), "tcp/web");
        ImageResult r = copy(OciLayout.open(layout), "single", sink, "1", List.of());
        assertEquals(ImageResult.Status.COPIED, r.status(), r::error);
        assertEquals(single.config().digest(), dockerImage("tcp/web:1").path("Id").asText());
        assertTrue(sink.describe().startsWith("docker daemon at " + dockerd.tcpHost() + " as tcp/web (load "), sink.describe());
    }

    @Test
    void aWholeIndexLoadsTheDaemonsPlatform() throws IOException {
        DockerSink sink = new DockerSink(dockerd.env(), "localhost:5000/whole");
        ImageResult r = copy(OciLayout.open(layout), "multi-oci", sink, "2", List.of());
        assertEquals(ImageResult.Status.COPIED, r.status(), r::error);
        Image mine = multiOci.children().stream().filter(c -> Platform.parse(c.platform()).matches(Platform.current())).findFirst().orElseThrow();
        assertEquals(mine.config().digest(), dockerImage("localhost:5000/whole:2").path("Id").asText());

        DockerSink s390 = new DockerSink(DockerDaemon.fromEnv(dockerd.env()), "localhost:5000/whole", Platform.parse("linux/s390x"));
        ImageResult none = copy(OciLayout.open(layout), "multi-oci", s390, "3", List.of());
        assertEquals(ImageResult.Status.FAILED, none.status());
        assertTrue(none.error().contains("has no linux/s390x variant (it has: linux/amd64, linux/arm64)"), none.error());
        assertEquals(ErrorKind.NOT_FOUND, none.kind(), "the platform asked for is not in the image");
        assertEquals(404, dockerd.get("/images/localhost:5000/whole:3/json").status());
    }

    @Test
    void aCorruptBlobFailsTheLoadAndTagsNothing() throws IOException {
        Path bad = work.resolve("corrupt");
        Image img = TestImages.single(bad, "bad", "linux", "amd64", 2, 50_000, false);
        Path layer = TestImages.blobPath(bad, img.layers().get(1).digest());
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(layer, bytes);

        ImageResult r = copy(OciLayout.open(bad), "bad", new DockerSink(dockerd.env(), "corrupt/web"), "1", List.of());
        assertEquals(ImageResult.Status.FAILED, r.status());
        assertTrue(r.error().contains("does not match digest"), r.error());
        assertEquals(ErrorKind.DIGEST_MISMATCH, r.kind());
        assertEquals(404, dockerd.get("/images/corrupt/web:1/json").status(), "nothing tagged");
        assertEquals(404, dockerd.get("/images/" + img.config().digest() + "/json").status(), "nothing loaded");

        ContainerdSink cs = new ContainerdSink(containerd.env(), "corrupt/web", ContainerdSink.Settings.defaults().withSnapshotter(containerd.snapshotter()));
        ImageResult c = copy(OciLayout.open(bad), "bad", cs, "1", List.of());
        assertEquals(ImageResult.Status.FAILED, c.status());
        assertFalse(containerd.images("k8s.io").containsKey("docker.io/corrupt/web:1"), "nothing named in containerd");
    }

    @Test
    void theDaemonsOwnRefusalReachesTheUser() throws IOException {
        // a well-formed image whose config lies about its layer's uncompressed digest: docker refuses it
        ImageManifest m = (ImageManifest) OciLayout.open(layout).manifest("single");
        JsonNode cfg = JSON.readTree(Files.readAllBytes(TestImages.blobPath(layout, single.config().digest())));
        ((com.fasterxml.jackson.databind.node.ArrayNode) cfg.path("rootfs").path("diff_ids")).set(0, Digest.sha256("lie").toString());
        byte[] config = JSON.writeValueAsBytes(cfg);
        Descriptor cd = new Descriptor(MediaTypes.OCI_CONFIG, Digest.sha256(config), config.length);
        String manifest = new String(m.bytes(), StandardCharsets.UTF_8).replace(single.config().digest(), cd.digest().toString())
                .replace("\"size\":" + single.config().size() + ",", "\"size\":" + config.length + ",");
        Manifest lying = Manifest.parse(manifest.getBytes(StandardCharsets.UTF_8), null);
        assertEquals(cd, ((ImageManifest) lying).config());

        try (DockerSink sink = new DockerSink(dockerd.env(), "liar")) {
            sink.putBlob(cd, new ByteArrayInputStream(config));
            for (Descriptor l : m.layers()) {
                try (InputStream in = Files.newInputStream(TestImages.blobPath(layout, l.digest().toString()))) {
                    sink.putBlob(l, in);
                }
            }
            DaemonException e = assertThrows(DaemonException.class, () -> sink.putManifest(lying, "1"));
            assertTrue(e.getMessage().startsWith("the docker daemon at " + dockerd.dockerHost() + " could not load liar:1: "), e.getMessage());
            assertTrue(e.getMessage().contains("diff"), e.getMessage());
            assertFalse(e.isRetryable());
        }
        assertEquals(404, dockerd.get("/images/liar:1/json").status());

        // ctr names the image, then fails to unpack it: the sink takes the name away again
        try (ContainerdSink sink = new ContainerdSink(containerd.env(), "liar", ContainerdSink.Settings.defaults().withSnapshotter(containerd.snapshotter()))) {
            sink.putBlob(cd, new ByteArrayInputStream(config));
            for (Descriptor l : m.layers()) {
                try (InputStream in = Files.newInputStream(TestImages.blobPath(layout, l.digest().toString()))) {
                    sink.putBlob(l, in);
                }
            }
            DaemonException e = assertThrows(DaemonException.class, () -> sink.putManifest(lying, "1"));
            assertTrue(e.getMessage().startsWith("ctr images import into containerd at " + containerd.socket() + " (namespace k8s.io) failed (exit 1): "), e.getMessage());
            assertTrue(e.getMessage().contains("ctr: wrong diff id calculated on extraction"), e.getMessage());
            assertTrue(e.getMessage().endsWith("; the name docker.io/library/liar:1 was removed again"), e.getMessage());
        }
        assertFalse(containerd.images("k8s.io").containsKey("docker.io/library/liar:1"));
    }

    @Test
    void aDaemonThatIsNotRunningSaysSo() throws IOException {
        String nowhere = "unix://" + work.resolve("no-docker.sock");
        DaemonException e = assertThrows(DaemonException.class, () -> DockerDaemon.fromEnv(Map.of("DOCKER_HOST", nowhere)).platform());
        assertTrue(e.getMessage().startsWith("cannot reach the docker daemon at " + nowhere + ": is it running? (DOCKER_HOST)"), e.getMessage());
        ImageResult r = copy(OciLayout.open(layout), "single", new DockerSink(Map.of("DOCKER_HOST", nowhere), "x"), "1", List.of());
        assertEquals(ImageResult.Status.FAILED, r.status());
        assertTrue(r.error().startsWith("cannot reach the docker daemon at " + nowhere + ": is it running? (DOCKER_HOST)"), r.error());
        assertEquals(ErrorKind.DAEMON, r.kind());

        String noContainerd = work.resolve("no-containerd.sock").toString();
        ContainerdSink cs = new ContainerdSink(containerd.env(), "x", ContainerdSink.Settings.defaults().withAddress(noContainerd));
        ImageResult c = copy(OciLayout.open(layout), "single", cs, "1", List.of());
        assertEquals(ImageResult.Status.FAILED, c.status());
        assertTrue(c.error().startsWith("cannot reach containerd at " + noContainerd + " (namespace k8s.io): no socket there; is containerd running?"), c.error());
        assertEquals(ErrorKind.DAEMON, c.kind());

        Map<String, String> noCtr = new HashMap<>(containerd.env());
        noCtr.put("PATH", work.toString());
        ImageResult n = copy(OciLayout.open(layout), "single", new ContainerdSink(noCtr, "x", null), "1", List.of());
        assertEquals(ImageResult.Status.FAILED, n.status());
        assertTrue(n.error().startsWith("ctr not found: install containerd"), n.error());
    }

    @Test
    void twoTagsOfOneRepositoryInOneJobEachGetEveryBlob() throws IOException {
        DockerSink a = new DockerSink(dockerd.env(), "twice/web");
        DockerSink b = new DockerSink(dockerd.env(), "twice/web");
        ContainerdSink.Settings settings = ContainerdSink.Settings.defaults().withSnapshotter(containerd.snapshotter());
        ContainerdSink c = new ContainerdSink(containerd.env(), "twice/web", settings);
        ContainerdSink d = new ContainerdSink(containerd.env(), "twice/web", settings);
        List<ImageSink> sinks = List.of(a, b, c, d);
        List<String> tags = List.of("1", "2", "1", "2");
        try (OciLayout source = OciLayout.open(layout)) {
            List<ImageTask> tasks = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) tasks.add(new ImageTask("single", source, "single", sinks.get(i), tags.get(i), "single", sinks.get(i).describe(), List.of()));
            List<ImageResult> results = new Engine(new Engine.Settings(4, 1, Duration.ofMillis(50), false), null).run(tasks).images();
            for (ImageResult r : results) assertEquals(ImageResult.Status.COPIED, r.status(), r::error);
        } finally {
            for (ImageSink s : sinks) s.close();
        }
        assertEquals(single.config().digest(), dockerImage("twice/web:1").path("Id").asText());
        assertEquals(single.config().digest(), dockerImage("twice/web:2").path("Id").asText());
        assertEquals(single.digest(), containerd.images("k8s.io").get("docker.io/twice/web:1"));
        assertEquals(single.digest(), containerd.images("k8s.io").get("docker.io/twice/web:2"));
    }

    /** A 128 MiB layer loads into docker and containerd from a JVM with a 32 MiB heap: nothing is held whole in memory. */
    @Test
    void aLargeLayerStreamsThroughASmallHeap() throws IOException {
        Path big = work.resolve("big");
        Image bigImage = TestImages.single(big, "big", "linux", "amd64", 1, 128L << 20, false, 42);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"),
                LoadInSmallHeap.class.getName(), big.toString(), "big");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(dockerd.env());
        env.putAll(containerd.env());
        env.put("SNAPSHOTTER", containerd.snapshotter());
        ProcessResult p = Tools.run(Duration.ofMinutes(3), cmd, env);
        assertEquals(0, p.exitCode(), p::describe);
        long total = bigImage.blobSizes().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(List.of("COPIED " + total + " ", "COPIED " + total + " "), List.of(p.stdout().split("\n")), p::describe);
        assertEquals(bigImage.config().digest(), dockerImage("big/docker:1").path("Id").asText());
        assertEquals(bigImage.digest(), containerd.images("k8s.io").get("docker.io/big/containerd:1"));
        TempDirs.deleteRecursively(big);
    }

    // ------------------------------------------------------------------ containerd

    @Test
    void containerdKeepsTheIndexAndEveryPlatform() throws IOException {
        ContainerdSink.Settings settings = ContainerdSink.Settings.defaults().withSnapshotter(containerd.snapshotter());
        ContainerdSink sink = new ContainerdSink(containerd.env(), "10.45.46.109/customer/multi", settings);
        assertEquals(containerd.socket().toString(), sink.settings().address(), "CONTAINERD_ADDRESS");
        assertEquals("k8s.io", sink.settings().namespace(), "kubernetes' namespace by default");
        ImageResult r = copy(registrySource("base/multi-oci"), "1", sink, "3.2", List.of());
        assertEquals(ImageResult.Status.COPIED, r.status(), r::error);
        List<String> row = containerd.image("k8s.io", "10.45.46.109/customer/multi:3.2").orElseThrow(() -> new AssertionError(containerd.images("k8s.io")));
        assertEquals(multiOci.digest(), row.get(2), "the name points at the index that was sent");
        assertTrue(row.contains("linux/amd64,linux/arm64"), row::toString);
        ProcessResult content = containerd.ctr("k8s.io", "content", "ls", "-q");
        for (String d : multiOci.blobDigests()) assertTrue(content.stdout().contains(d), "all platforms' blobs kept: " + d);
        for (String d : multiOci.childDigests()) assertTrue(content.stdout().contains(d), d);
        ProcessResult check = containerd.ctr("k8s.io", "images", "check", "name==\"10.45.46.109/customer/multi:3.2\"");
        assertTrue(check.stdout().contains("complete"), check::describe);

        // already there: the engine asks containerd and moves nothing
        ImageResult again = copy(registrySource("base/multi-oci"), "1", new ContainerdSink(containerd.env(), "10.45.46.109/customer/multi", settings),
                "3.2", List.of());
        assertEquals(ImageResult.Status.UP_TO_DATE, again.status(), again::error);
    }

    @Test
    void containerdFromALayoutIntoANamedNamespace() throws IOException {
        ContainerdSink.Settings settings = ContainerdSink.Settings.defaults().withNamespace("ferry-test").withSnapshotter(containerd.snapshotter());
        Map<String, String> env = new HashMap<>(containerd.env());
        env.put("CONTAINERD_NAMESPACE", "ignored-because-the-setting-wins");
        ImageResult single1 = copy(OciLayout.open(layout), "single", new ContainerdSink(env, "web", settings), "1", List.of());
        assertEquals(ImageResult.Status.COPIED, single1.status(), single1::error);
        ImageResult arm = copy(OciLayout.open(layout), "multi-docker", new ContainerdSink(env, "web", settings), "arm", List.of(Platform.parse("linux/arm64")));
        assertEquals(ImageResult.Status.COPIED, arm.status(), arm::error);
        Map<String, String> images = containerd.images("ferry-test");
        assertEquals(single.digest(), images.get("docker.io/library/web:1"), images::toString);
        assertEquals(multiDocker.children().get(1).digest(), images.get("docker.io/library/web:arm"), "one platform: its manifest");
        assertFalse(containerd.images("k8s.io").containsKey("docker.io/library/web:1"));
        ProcessResult snapshots = containerd.ctr("ferry-test", "snapshots", "--snapshotter", containerd.snapshotter(), "ls");
        assertTrue(snapshots.stdout().contains(single.layers().get(0).diffId()), "unpacked: " + snapshots.describe());
    }

    /** A sink used again after its image went in says so, naming where it imported, in the reader's language. */
    @Test
    void aSinkUsedAgainSaysWhereItWroteInBothLanguages() throws IOException {
        dev.ferry.app.Messages zh = dev.ferry.app.Messages.forLocale(java.util.Locale.SIMPLIFIED_CHINESE);
        ContainerdSink cs = new ContainerdSink(containerd.env(), "again/web", ContainerdSink.Settings.defaults().withSnapshotter(containerd.snapshotter()));
        assertEquals(ImageResult.Status.COPIED, copy(OciLayout.open(layout), "single", cs, "1", List.of()).status());
        TestImages.Blob b = single.layers().get(0);
        Descriptor layer = new Descriptor(b.mediaType(), Digest.parse(b.digest()), b.size());
        DaemonException c = assertThrows(DaemonException.class, () -> cs.putBlob(layer, new ByteArrayInputStream(new byte[0])));
        String n = cs.describe().substring(cs.describe().lastIndexOf(' ') + 1, cs.describe().length() - 1);
        assertEquals("containerd at " + containerd.socket() + " [k8s.io] as docker.io/again/web (import " + n + "): this import is already done; use a new sink per image",
                c.getMessage());
        assertEquals(containerd.socket() + " 上的 containerd [k8s.io]，名为 docker.io/again/web（第 " + n + " 次导入）：这次导入已经完成；每个镜像请使用新的目标", zh.failure(c));

        DockerSink ds = new DockerSink(dockerd.env(), "again/web");
        assertEquals(ImageResult.Status.COPIED, copy(OciLayout.open(layout), "single", ds, "1", List.of()).status());
        DaemonException d = assertThrows(DaemonException.class, () -> ds.putBlob(layer, new ByteArrayInputStream(new byte[0])));
        String l = ds.describe().substring(ds.describe().lastIndexOf(' ') + 1, ds.describe().length() - 1);
        assertEquals("docker daemon at " + dockerd.dockerHost() + " as again/web (load " + l + "): this load is already done; use a new sink per image", d.getMessage());
        assertEquals(dockerd.dockerHost() + " 上的 docker 守护进程，名为 again/web（第 " + l + " 次加载）：这次加载已经完成；每个镜像请使用新的目标", zh.failure(d));
    }

    @Test
    void dockerHostsAreParsedAsDockerDoes() throws DaemonException {
        assertEquals(Path.of("/var/run/docker.sock"), DockerHost.fromEnv(Map.of()).socket());
        DockerHost tcp = DockerHost.parse("tcp://127.0.0.1:2376");
        assertEquals("127.0.0.1", tcp.host());
        assertEquals(2376, tcp.port());
        assertEquals(2375, DockerHost.parse("tcp://localhost").port());
        assertEquals(Path.of("/tmp/d.sock"), DockerHost.parse("/tmp/d.sock").socket());
        DaemonException ssh = assertThrows(DaemonException.class, () -> DockerHost.parse("ssh://me@host"));
        assertTrue(ssh.getMessage().contains("ssh is not supported"), ssh.getMessage());
        DaemonException tls = assertThrows(DaemonException.class,
                () -> DockerHost.fromEnv(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2376", "DOCKER_TLS_VERIFY", "1")));
        assertTrue(tls.getMessage().contains("DOCKER_TLS_VERIFY"), tls.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DockerSink(Map.of(), "web:1"));
        assertThrows(IllegalArgumentException.class, () -> new ContainerdSink(Map.of(), "web@sha256:" + "a".repeat(64), null));
        ContainerdSink.Settings s = ContainerdSink.Settings.defaults().resolve(Map.of("CONTAINERD_ADDRESS", "unix:///x/c.sock"));
        assertEquals("/x/c.sock", s.address());
        assertEquals("k8s.io", s.namespace());
        assertEquals(ContainerdSink.DEFAULT_ADDRESS, ContainerdSink.Settings.defaults().resolve(Map.of()).address());
    }
}
