package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.pack.squash.goflate.GoFixtures;
import dev.ferry.testing.ContainerdServer;
import dev.ferry.testing.DockerdServer;
import dev.ferry.testing.FileLayers;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layers gzipped by Go's compressors go through a squash pack into a fresh registry and keep their
 * digests: those the real dockerd gzips with compress/gzip when it pushes, and those skopeo
 * (containers/image) gzips with klauspost/pgzip when it copies the image out of docker to a
 * registry. The image there is the very image pushed (skopeo inspect --raw compared byte for
 * byte), every blob verifies, and the meta file names the compressor of each layer.
 */
@Timeout(300)
class GoGzippedLayersTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path work;
    static ContainerdServer containerd;
    static DockerdServer dockerd;
    static RegistryServer src;
    static String pushed;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("docker");
        work = Files.createTempDirectory("ferry-go-gzip-test-");
        containerd = ContainerdServer.start();
        dockerd = DockerdServer.start(containerd);
        src = RegistryServer.builder().start();
        // a root file system of about 7 MiB (text, generated binary-like data, a copy), so the matcher narrows after 4 MiB
        Path rootfs = work.resolve("rootfs.tar");
        tar(rootfs, Map.of(
                "etc/app.conf", FileLayers.text(40_000, 11),
                "usr/share/doc/words.txt", FileLayers.text(2_500_000, 12),
                "usr/lib/libdata.so", GoFixtures.generate(3_000_000, 13),
                "usr/lib/libdata-copy.so", GoFixtures.generate(1_200_000, 13)));
        pushed = src.host() + "/go/app:1";
        docker("import", rootfs.toString(), pushed);
        // a second layer, from docker's own builder
        Path ctx = work.resolve("ctx");
        Files.createDirectories(ctx);
        Files.write(ctx.resolve("extra.bin"), GoFixtures.generate(600_000, 14));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM " + pushed + "\nCOPY extra.bin /opt/extra.bin\n");
        Map<String, String> classic = new HashMap<>(dockerd.env());
        classic.put("DOCKER_BUILDKIT", "0");
        run(classic, "build", "-t", src.host() + "/go/app:2", ctx.toString());
        // docker pushes to a loopback registry over plain HTTP, gzipping each layer with Go's compress/gzip
        docker("push", pushed);
        docker("push", src.host() + "/go/app:2");
        // skopeo reads the layers uncompressed out of docker and gzips them with pgzip on the way to the registry
        List<String> copy = new java.util.ArrayList<>(List.of(Tools.require("skopeo").toString(), "copy", "--src-daemon-host", dockerd.dockerHost(),
                "--dest-tls-verify=false", "docker-daemon:" + src.host() + "/go/app:2", "docker://" + src.host() + "/pg/app:2"));
        ProcessResult r = Skopeo.run(copy);
        assertTrue(r.ok(), r::describe);
    }

    @AfterAll
    static void tearDown() {
        if (dockerd != null) dockerd.close();
        if (containerd != null) containerd.close();
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static void docker(String... args) {
        run(dockerd.env(), args);
    }

    static void run(Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Tools.require("docker").toString()));
        cmd.addAll(List.of(args));
        ProcessResult r = Tools.run(Duration.ofMinutes(3), cmd, env);
        assertTrue(r.ok(), () -> r.describe() + "\ndockerd log:\n" + dockerd.log());
    }

    static void tar(Path file, Map<String, byte[]> files) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512)) {
            for (var f : new java.util.TreeMap<>(files).entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setMode(0100644);
                e.setModTime(1_704_067_200_000L);
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
    }

    @Test
    void dockerPushedLayersKeepTheirDigestsThroughASquashPack(@TempDir Path tmp) throws IOException {
        String raw1 = Skopeo.inspectRaw(pushed, Options.plain());
        String raw2 = Skopeo.inspectRaw(src.host() + "/go/app:2", Options.plain());
        int layers = JSON.readTree(raw2).path("layers").size();
        assertEquals(2, layers, raw2);
        Path lst = tmp.resolve("images.lst");
        Files.writeString(lst, "r.example/go/app:1\nr.example/go/app:2\n");
        FerryCli.Result save = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--compress", "squash", "--dir", tmp.resolve("pack").toString(), "-q");
        assertEquals(0, save.exit(), save::toString);
        assertTrue(save.out().contains("Layers: 2 keep their digests, 0 get new digests on load, 0 stored as blobs"), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        String text = Files.readString(meta);
        assertEquals(2, SquashPackTest.count(text, "stored: kept"), text);
        assertEquals(2, SquashPackTest.count(text, "gzipCompressor: go"), text);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertEquals(0, load.exit(), load::toString);
            assertEquals(raw1, Skopeo.inspectRaw(dst.host() + "/go/app:1", Options.plain()));
            assertEquals(raw2, Skopeo.inspectRaw(dst.host() + "/go/app:2", Options.plain()));
            // every blob of the loaded image verifies, and every layer unpacks to its diff_id
            SquashPackTest.verifyAt(dst.host() + "/go/app:2", tmp);
        }
    }

    @Test
    void layersSkopeoGzippedWithPgzipKeepTheirDigestsThroughASquashPack(@TempDir Path tmp) throws IOException {
        String raw = Skopeo.inspectRaw(src.host() + "/pg/app:2", Options.plain());
        JsonNode m = JSON.readTree(raw);
        assertEquals(2, m.path("layers").size(), raw);
        // not the layers docker pushed: skopeo compressed them anew
        assertTrue(!raw.contains(JSON.readTree(Skopeo.inspectRaw(src.host() + "/go/app:2", Options.plain())).path("layers").get(1).path("digest").asText()), raw);
        Path lst = tmp.resolve("images.lst");
        Files.writeString(lst, "r.example/pg/app:2\n");
        FerryCli.Result save = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--compress", "squash", "--dir", tmp.resolve("pack").toString(), "-q");
        assertEquals(0, save.exit(), save::toString);
        assertTrue(save.out().contains("Layers: 2 keep their digests, 0 get new digests on load, 0 stored as blobs"), save::toString);
        String text = Files.readString(PackCommandsTest.metaOf(save));
        assertEquals(2, SquashPackTest.count(text, "gzipCompressor: pgzip:1048576"), text);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", PackCommandsTest.metaOf(save).toString(), "--to", dst.host(), "-q");
            assertEquals(0, load.exit(), load::toString);
            assertEquals(raw, Skopeo.inspectRaw(dst.host() + "/pg/app:2", Options.plain()));
            SquashPackTest.verifyAt(dst.host() + "/pg/app:2", tmp);
        }
    }

    @Test
    void aMetaFileThatNamesAnUnknownCompressorOrAWrongOneIsRefusedBeforeAnythingIsPushed(@TempDir Path tmp) throws IOException {
        Path lst = tmp.resolve("images.lst");
        Files.writeString(lst, "r.example/pg/app:2\n");
        FerryCli.Result save = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--compress", "squash", "--dir", tmp.resolve("pack").toString(), "-q");
        assertEquals(0, save.exit(), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        String text = Files.readString(meta);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            Files.writeString(meta, text.replace("gzipCompressor: pgzip:1048576", "gzipCompressor: pgzip:99"));
            FerryCli.Result bad = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertEquals(2, bad.exit(), bad::toString);
            assertTrue(bad.err().contains("gzipCompressor") && bad.err().contains("pgzip:99") && bad.err().contains("zlib, go or pgzip:BLOCKSIZE"), bad::toString);
            // without the field a layer is read as zlib's, as in packs written before it: the rebuilt bytes do not match, nothing is pushed
            Files.writeString(meta, text.replace("gzipCompressor: pgzip:1048576", ""));
            FerryCli.Result wrong = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertTrue(wrong.exit() != 0, wrong::toString);
            assertTrue(Skopeo.run(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + dst.host() + "/pg/app:2")).exitCode() != 0,
                    "nothing may be pushed: " + wrong);
        }
    }
}
