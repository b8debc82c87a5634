package dev.ferry.cli;

import dev.ferry.testing.ContainerdServer;
import dev.ferry.testing.DockerdServer;
import dev.ferry.testing.FileLayers;
import dev.ferry.testing.FileLayers.Layer;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images made by {@code copy --squash} and {@code --recompress} run where images run: the real
 * dockerd and containerd take them, and the file tree they unpack is the original's.
 */
@Timeout(240)
class ReshapedInDaemonsTest {
    static Path work;
    static ContainerdServer containerd;
    static DockerdServer dockerd;
    static RegistryServer src;
    static Map<String, String> expected;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("containerd");
        Tools.require("dockerd");
        Tools.require("docker");
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-reshape-daemons-");
        Path layout = work.resolve("images");
        byte[] a2 = FileLayers.text(12_000, 31), tool = FileLayers.text(80_000, 32), tool2 = FileLayers.text(60_000, 33);
        FileLayers.image(layout, "app", List.of(
                Layer.of(6, "etc/", new byte[0], "etc/a.conf", FileLayers.text(10_000, 34), "usr/bin/tool", tool, "var/cache/big", FileLayers.text(300_000, 35)),
                Layer.of(6, "var/cache/big", null, "etc/a.conf", a2),
                Layer.of(6, "usr/bin/tool2", tool2)));
        expected = Map.of("etc/a.conf", TestImages.sha256(a2), "usr/bin/tool", TestImages.sha256(tool), "usr/bin/tool2", TestImages.sha256(tool2));
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "app", src.host() + "/public/app:1", Skopeo.Options.plain(), false);
        containerd = ContainerdServer.start();
        dockerd = DockerdServer.start(containerd, true);
    }

    @AfterAll
    static void tearDown() {
        if (dockerd != null) dockerd.close();
        if (containerd != null) containerd.close();
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static FerryCli ferry() {
        return FerryCli.forDaemons(dockerd, containerd).env("CONTAINERD_NAMESPACE", "reshape");
    }

    /** The regular files of a docker image's unpacked file system: a container is created (not run) and exported. */
    static Map<String, String> dockerTree(String image) throws IOException {
        Map<String, String> env = Map.of("DOCKER_HOST", dockerd.dockerHost());
        ProcessResult c = Tools.run(Duration.ofSeconds(60), List.of("docker", "create", image, "/usr/bin/tool"), env);
        assertTrue(c.ok(), c::describe);
        Path out = work.resolve("export-" + System.nanoTime() + ".tar");
        ProcessResult x = Tools.run(Duration.ofSeconds(60), List.of("docker", "export", "-o", out.toString(), c.stdout().trim()), env);
        assertTrue(x.ok(), x::describe);
        Map<String, String> tree = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(out))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String n = e.getName().replaceFirst("^\\./", "");
                if (e.isFile() && e.getSize() > 0 && !n.startsWith("etc/hostname") && !n.startsWith("etc/hosts") && !n.startsWith("etc/resolv.conf")) {
                    tree.put(n, TestImages.sha256(tar.readAllBytes()));
                }
            }
        }
        return tree;
    }

    /** The regular files of a containerd image as its snapshotter unpacks it ({@code ctr images mount}). */
    static Map<String, String> containerdTree(String image) throws IOException {
        Path mnt = work.resolve("mnt-" + System.nanoTime());
        Files.createDirectories(mnt);
        String name = containerd.images("reshape").keySet().stream().filter(n -> n.endsWith("/" + image)).findFirst()
                .orElseThrow(() -> new AssertionError(image + " is not in containerd: " + containerd.images("reshape")));
        ProcessResult m = containerd.ctr("reshape", "images", "mount", "--snapshotter", containerd.snapshotter(), name, mnt.toString());
        assertTrue(m.ok(), m::describe);
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> s = Files.walk(mnt)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) tree.put(mnt.relativize(p).toString(), TestImages.sha256(Files.readAllBytes(p)));
        } finally {
            containerd.ctr("reshape", "images", "unmount", mnt.toString());
        }
        return tree;
    }

    @Test
    void squashedImagesUnpackToTheOriginalTreeInDockerAndContainerd() throws IOException {
        var d = ferry().run("copy", src.host() + "/public/app:1", "docker:demo/app:squashed", "--squash");
        assertEquals(0, d.exit(), d::toString);
        assertEquals(expected, dockerTree("demo/app:squashed"));
        var c = ferry().run("copy", src.host() + "/public/app:1", "containerd:demo/app:squashed", "--squash");
        assertEquals(0, c.exit(), c::toString);
        assertEquals(expected, containerdTree("demo/app:squashed"));
    }

    @Test
    void recompressedImagesUnpackToTheOriginalTree() throws IOException {
        // docker 20.10 cannot pull zstd layers (23 can): gzip for docker, zstd for containerd
        var d = ferry().run("copy", src.host() + "/public/app:1", "docker:demo/app:gzip9", "--recompress", "gzip:9");
        assertEquals(0, d.exit(), d::toString);
        assertEquals(expected, dockerTree("demo/app:gzip9"));
        var c = ferry().run("copy", src.host() + "/public/app:1", "containerd:demo/app:zstd", "--recompress", "zstd:19");
        assertEquals(0, c.exit(), c::toString);
        assertEquals(expected, containerdTree("demo/app:zstd"));
    }
}
