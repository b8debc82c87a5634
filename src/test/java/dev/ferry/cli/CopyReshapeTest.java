package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.FileLayers;
import dev.ferry.testing.FileLayers.Layer;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry copy --squash} and {@code --recompress}: the new image verifies with skopeo and holds the original's final file tree. */
@Timeout(120)
class CopyReshapeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path work;
    static RegistryServer src;
    static byte[] a2, tool, tool2;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-reshape-test-");
        Path layout = work.resolve("images");
        byte[] a = FileLayers.text(10_000, 21), big = FileLayers.text(400_000, 22);
        a2 = FileLayers.text(12_000, 23);
        tool = FileLayers.text(80_000, 24);
        tool2 = FileLayers.text(60_000, 25);
        FileLayers.image(layout, "app", List.of(
                Layer.of(6, "etc/", new byte[0], "etc/a.conf", a, "usr/bin/tool", tool, "var/cache/big", big),
                Layer.of(6, "var/cache/big", null, "etc/a.conf", a2),
                Layer.of(6, "usr/bin/tool2", tool2)));
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "app", src.host() + "/public/app:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    /** Regular files of the image's layers applied in order (whiteouts remove), path to content. */
    static Map<String, String> finalTree(Path dir) throws IOException {
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        JsonNode m = JSON.readTree(TestImages.blobPath(dir, index.path("manifests").get(0).path("digest").asText()).toFile());
        Map<String, String> tree = new TreeMap<>();
        for (JsonNode l : m.path("layers")) {
            Path blob = TestImages.blobPath(dir, l.path("digest").asText());
            InputStream raw = Files.newInputStream(blob);
            InputStream plain = l.path("mediaType").asText().endsWith("zstd") ? new com.github.luben.zstd.ZstdInputStream(raw) : new java.util.zip.GZIPInputStream(raw);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String name = e.getName().replaceFirst("^\\./", "");
                    String base = name.substring(name.lastIndexOf('/') + 1);
                    if (base.startsWith(".wh.")) tree.remove(name.substring(0, name.lastIndexOf('/') + 1) + base.substring(4));
                    else if (e.isFile()) tree.put(name, TestImages.sha256(tar.readAllBytes()));
                }
            }
        }
        return tree;
    }

    @Test
    void squashMakesOneLayerWithTheSameFilesAndOneHistoryEntry(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result r = new FerryCli().run("copy", src.host() + "/public/app:1", dst.host() + "/public/app:squashed", "--squash");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("original size") && r.out().contains("%"), r::toString);
            List<String> lines = r.out().lines().toList();
            int head = lines.indexOf("  original size   new size   saved");
            assertTrue(head >= 0 && lines.get(head + 1).matches("  \\S.*   \\S.*   -?[0-9.]+%"), "the saving table, indented as the catalogue writes it: " + r);
            SquashPackTest.verifyAt(dst.host() + "/public/app:squashed", tmp);
            Path got = tmp.resolve("got");
            Skopeo.copyAllToOciDir(dst.host() + "/public/app:squashed", got, Options.plain());
            Path orig = tmp.resolve("orig");
            Skopeo.copyAllToOciDir(src.host() + "/public/app:1", orig, Options.plain());
            Map<String, String> expected = Map.of("etc/a.conf", TestImages.sha256(a2), "usr/bin/tool", TestImages.sha256(tool), "usr/bin/tool2", TestImages.sha256(tool2));
            assertEquals(expected, finalTree(orig));
            assertEquals(expected, finalTree(got));
            JsonNode m = JSON.readTree(Skopeo.inspectRaw(dst.host() + "/public/app:squashed", Options.plain()));
            assertEquals(1, m.path("layers").size());
            JsonNode config = JSON.readTree(Files.readAllBytes(TestImages.blobPath(got, m.path("config").path("digest").asText())));
            assertEquals(1, config.path("history").size());
            assertEquals(1, config.path("rootfs").path("diff_ids").size());
            assertTrue(config.path("history").get(0).path("created_by").asText().contains("ferry TestImages layer 2"), config::toString);
        }
    }

    @Test
    void recompressWritesZstdLayersWithOciMediaTypes(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result r = new FerryCli().run("copy", src.host() + "/public/app:1", dst.host() + "/public/app:zstd", "--recompress", "zstd:9");
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.err().contains("docker 23"), r::toString);
            JsonNode m = JSON.readTree(Skopeo.inspectRaw(dst.host() + "/public/app:zstd", Options.plain()));
            assertEquals(3, m.path("layers").size());
            for (JsonNode l : m.path("layers")) assertEquals("application/vnd.oci.image.layer.v1.tar+zstd", l.path("mediaType").asText());
            Path got = tmp.resolve("got");
            Skopeo.copyAllToOciDir(dst.host() + "/public/app:zstd", got, Options.plain());
            assertEquals(Map.of("etc/a.conf", TestImages.sha256(a2), "usr/bin/tool", TestImages.sha256(tool), "usr/bin/tool2", TestImages.sha256(tool2)), finalTree(got));
            FerryCli.Result bad = new FerryCli().run("copy", src.host() + "/public/app:1", dst.host() + "/public/app:x", "--recompress", "brotli");
            assertEquals(2, bad.exit(), bad::toString);
        }
    }
}
