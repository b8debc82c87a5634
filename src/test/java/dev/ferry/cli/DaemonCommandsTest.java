package dev.ferry.cli;

import dev.ferry.testing.ContainerdServer;
import dev.ferry.testing.DockerdServer;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** copy, sync, load and image-transmit's -dst=docker / -dst=ctr into a real dockerd and containerd. */
@Timeout(240)
class DaemonCommandsTest {
    static Path work;
    static Image multi, single;
    static RegistryServer src;
    static ContainerdServer containerd;
    static DockerdServer dockerd;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-daemon-cli-test-");
        Path layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 100_000, false);
        single = TestImages.single(layout, "single", "linux", "amd64", 2, 100_000, true);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi", src.host() + "/public/multi:1.0", Options.plain(), true);
        Skopeo.pushOciDir(layout, "single", src.host() + "/public/single:2.0", Options.plain(), false);
        containerd = ContainerdServer.start();
        dockerd = DockerdServer.start(containerd);
    }

    @AfterAll
    static void tearDown() {
        if (dockerd != null) dockerd.close();
        if (containerd != null) containerd.close();
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static FerryCli ferry() {
        return FerryCli.forDaemons(dockerd, containerd);
    }

    static boolean inDocker(String name) throws IOException {
        return dockerd.get("/images/" + name + "/json").status() == 200;
    }

    @Test
    void copyIntoDockerAndContainerd() throws IOException {
        FerryCli.Result d = ferry().run("copy", src.host() + "/public/multi:1.0", "docker");
        assertEquals(0, d.exit(), d::toString);
        assertTrue(inDocker(src.host() + "/public/multi:1.0"), dockerd::log);

        FerryCli.Result renamed = ferry().run("copy", src.host() + "/public/single:2.0", "docker:demo/single");
        assertEquals(0, renamed.exit(), renamed::toString);
        assertTrue(inDocker("demo/single:2.0"));

        FerryCli.Result c = ferry().env("CONTAINERD_NAMESPACE", "ferry-test").run("copy", src.host() + "/public/multi:1.0", "containerd:demo/multi:1");
        assertEquals(0, c.exit(), c::toString);
        assertEquals(multi.digest(), containerd.images("ferry-test").get("docker.io/demo/multi:1"), () -> containerd.images("ferry-test").toString());

        FerryCli.Result twoPlatforms = ferry().run("copy", "--platform", "linux/amd64", "--platform", "linux/arm64", src.host() + "/public/multi:1.0", "docker");
        assertEquals(2, twoPlatforms.exit(), twoPlatforms::toString);
    }

    @Test
    void syncAndLoadIntoDaemonsKeepTheImagesNames(@TempDir Path tmp) throws IOException {
        Path lst = tmp.resolve("img.lst");
        Files.writeString(lst, "x.example/public/single:2.0\nx.example/public/multi:1.0 -> team/multi:latest\n");
        FerryCli.Result s = ferry().run("sync", lst.toString(), "--from", src.host(), "--to", "containerd:release", "-q");
        assertEquals(0, s.exit(), s::toString);
        var images = containerd.images("release");
        assertEquals(single.digest(), images.get(src.host() + "/public/single:2.0"), images::toString);
        assertEquals(multi.digest(), images.get("docker.io/team/multi:latest"), images::toString);

        FerryCli.Result save = ferry().run("save", lst.toString(), "--from", src.host(), "--dir", tmp.toString(), "-q");
        assertEquals(0, save.exit(), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        FerryCli.Result load = ferry().run("load", meta.toString(), "--to", "docker", "--rename", "public/single:2.0 -> loaded/single:2");
        assertEquals(0, load.exit(), load::toString);
        assertTrue(inDocker("loaded/single:2"), load::toString);
        assertTrue(inDocker(src.host() + "/public/multi:1.0"), load::toString);

        Path cfg = tmp.resolve("cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: http://" + src.host() + "\n  name: nj\n");
        FerryCli.Result ctr = ferry().run("-src=nj", "-dst=ctr", "-lst=" + lst, "-config=" + cfg);
        assertEquals(0, ctr.exit(), ctr::toString);
        assertEquals(single.digest(), containerd.images("k8s.io").get(src.host() + "/public/single:2.0"), () -> containerd.images("k8s.io").toString());
    }

    /** An images.json entry's tags reach docker and containerd, each of them, from one read; and so from a pack. */
    @Test
    void everyTagOfAnImagesJsonEntryReachesTheDaemons(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("images.json");
        Files.writeString(json, "[\n  {\"source\": \"public/single:2.0\", \"target\": \"tagged/single\", \"tags\": [\"2.0\", \"stable\", \"latest\"]},\n"
                + "  {\"source\": \"public/multi:1.0\", \"target\": \"tagged/multi\", \"tags\": [\"1.0\", \"lts\"], \"architectures\": [\"amd64\"]}\n]\n");
        long reads = src.countRequests("GET", "/v2/public/single/manifests/2.0");
        FerryCli.Result d = ferry().run("sync", json.toString(), "--from", src.host(), "--to", "docker", "-q", "--log", tmp.resolve("l1").toString());
        assertEquals(0, d.exit(), d::toString);
        for (String t : List.of("2.0", "stable", "latest")) assertTrue(inDocker("tagged/single:" + t), () -> t + "\n" + d);
        for (String t : List.of("1.0", "lts")) assertTrue(inDocker("tagged/multi:" + t), () -> t + "\n" + d);
        assertEquals(1, src.countRequests("GET", "/v2/public/single/manifests/2.0") - reads, "three tags, one read of the source");

        FerryCli.Result c = ferry().run("sync", json.toString(), "--from", src.host(), "--to", "containerd:tags", "-q", "--log", tmp.resolve("l2").toString());
        assertEquals(0, c.exit(), c::toString);
        var images = containerd.images("tags");
        for (String t : List.of("2.0", "stable", "latest")) assertEquals(single.digest(), images.get("docker.io/tagged/single:" + t), () -> images + "\n" + c);
        for (String t : List.of("1.0", "lts")) assertEquals(images.get("docker.io/tagged/multi:1.0"), images.get("docker.io/tagged/multi:" + t), images::toString);

        // the same entries through a pack: load gives every tag to each daemon, under the image's own name as loads do
        FerryCli.Result save = ferry().run("save", json.toString(), "--from", src.host(), "--dir", tmp.toString(), "-q", "--log", tmp.resolve("l3").toString());
        assertEquals(0, save.exit(), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        FerryCli.Result ld = ferry().run("load", meta.toString(), "--to", "docker", "-q", "--log", tmp.resolve("l4").toString());
        assertEquals(0, ld.exit(), ld::toString);
        for (String t : List.of("2.0", "stable", "latest")) assertTrue(inDocker(src.host() + "/public/single:" + t), () -> t + "\n" + ld);
        for (String t : List.of("1.0", "lts")) assertTrue(inDocker(src.host() + "/public/multi:" + t), () -> t + "\n" + ld);
        FerryCli.Result lc = ferry().run("load", meta.toString(), "--to", "containerd:packed", "-q", "--log", tmp.resolve("l5").toString());
        assertEquals(0, lc.exit(), lc::toString);
        var packed = containerd.images("packed");
        for (String t : List.of("2.0", "stable", "latest")) assertEquals(single.digest(), packed.get(src.host() + "/public/single:" + t), packed::toString);
        for (String t : List.of("1.0", "lts")) assertEquals(packed.get(src.host() + "/public/multi:1.0"), packed.get(src.host() + "/public/multi:" + t), packed::toString);
        assertEquals(5, packed.size(), packed::toString);
    }

    @Test
    void squashPacksLoadIntoDockerAndContainerdAndATamperedOneLoadsNothing(@TempDir Path tmp) throws IOException {
        // a second image whose layer no gzip level reproduces: it gets a new digest, learnt as it is written into the daemon's stream
        Path odd = tmp.resolve("odd");
        dev.ferry.testing.FileLayers.image(odd, "odd", List.of(dev.ferry.testing.FileLayers.Layer.of(1, "opt/data.txt",
                dev.ferry.testing.FileLayers.text(150_000, 7)).strategy(java.util.zip.Deflater.HUFFMAN_ONLY)));
        Skopeo.pushOciDir(odd, "odd", src.host() + "/public/odd:1", Options.plain(), false);
        Path lst = tmp.resolve("img.lst");
        Files.writeString(lst, "x.example/public/single:2.0\nx.example/public/odd:1\n");
        FerryCli.Result save = ferry().run("save", lst.toString(), "--from", src.host(), "--dir", tmp.toString(), "--compress", "squash", "-q");
        assertTrue(save.out().contains("1 get new digests on load"), save::toString);
        assertEquals(0, save.exit(), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        FerryCli.Result d = ferry().run("load", meta.toString(), "--to", "docker", "--rename", "public/single:2.0 -> squashed/single:2");
        assertEquals(0, d.exit(), d::toString);
        assertTrue(inDocker("squashed/single:2"), d::toString);
        FerryCli.Result c = ferry().run("load", meta.toString(), "--to", "containerd:squash");
        assertEquals(0, c.exit(), c::toString);
        assertEquals(single.digest(), containerd.images("squash").get(src.host() + "/public/single:2.0"), () -> containerd.images("squash").toString());
        assertTrue(inDocker(src.host() + "/public/odd:1"), d::toString);
        assertTrue(containerd.images("squash").containsKey(src.host() + "/public/odd:1"), () -> containerd.images("squash").toString());

        // a byte of the data file changed, met only while the layers stream (--trust-pack): docker gets no image of that name
        Path data = Files.list(meta.getParent()).filter(p -> p.toString().endsWith(".squash"))
                .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(data, bytes);
        FerryCli.Result t = ferry().run("load", meta.toString(), "--to", "docker", "--trust-pack", "-q", "--rename", "public/single:2.0 -> tampered/single:2");
        assertEquals(2, t.exit(), t::toString);
        assertTrue(!inDocker("tampered/single:2"), t::toString);
    }

    @Test
    void aDaemonThatIsNotRunningIsAClearError() {
        FerryCli.Result r = new FerryCli().env("DOCKER_HOST", "unix://" + work.resolve("no.sock"))
                .run("copy", src.host() + "/public/single:2.0", "docker");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("cannot reach the docker daemon"), r::toString);
        FerryCli.Result c = new FerryCli().env("CONTAINERD_ADDRESS", work.resolve("no-containerd.sock").toString())
                .env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                .run("sync", "--from", src.host(), "--to", "containerd", List.of(work.resolve("none.lst")).get(0).toString());
        assertTrue(c.exit() != 0, c::toString);
    }

    @Test
    void aDockerFormatPackIsWhatDockerLoadAndCtrImportAccept(@TempDir Path tmp) throws IOException {
        Path lst = tmp.resolve("img.lst");
        Files.writeString(lst, "x.example/public/single:2.0\nx.example/public/multi:1.0\n");
        FerryCli.Result save = ferry().run("save", lst.toString(), "--from", src.host(), "--dir", tmp.toString(), "--single-file", "--docker-format", "-q");
        assertEquals(0, save.exit(), save::toString);
        Path data = Path.of(PackCommandsTest.metaOf(save).toString().replace("_meta.yaml", "_0.tar"));
        var load = Tools.run(java.time.Duration.ofMinutes(2), List.of(Tools.require("docker").toString(), "-H", dockerd.dockerHost(), "load", "-i", data.toString()));
        assertTrue(load.ok(), load::describe);
        assertTrue(inDocker("public/single:2.0") && inDocker("public/multi:1.0"), load::describe);
        var imp = containerd.ctr("packs", "images", "import", "--all-platforms", "--no-unpack", data.toString());
        assertTrue(imp.ok(), imp::describe);
        assertEquals(multi.digest(), containerd.images("packs").get("public/multi:1.0"), () -> containerd.images("packs").toString());
    }
}
