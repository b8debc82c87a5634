package dev.ferry.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.Engine;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.ImageTask;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Platform;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming OCI + docker archive, checked entry by entry and with skopeo's three readers. */
@Timeout(120)
class ArchiveWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path work;
    static Path layout;
    static Image single, multiDocker, multiOci;

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("ferry-archive-test-");
        layout = work.resolve("images");
        single = TestImages.single(layout, "single", "linux", "arm64", 3, 150_000, false);
        multiDocker = TestImages.multiArch(layout, "multi", 2, 100_000, true);
        multiOci = TestImages.multiArch(layout, "multi-oci", 1, 50_000, false);
    }

    @AfterAll
    static void tearDown() {
        TempDirs.deleteRecursively(work);
    }

    /** Copies {@code tag} of the test layout into a new archive through the engine (4 blobs at a time). */
    static Path archive(Path dir, String tag, String repository, List<Platform> platforms) throws IOException {
        Path file = dir.resolve(tag + ".tar");
        try (OciLayout source = OciLayout.open(layout);
             ArchiveWriter writer = new ArchiveWriter(Files.newOutputStream(file), "archive:" + file, repository)) {
            JobResult r = new Engine(new Engine.Settings(4, 1, Duration.ofMillis(50), false), null)
                    .run(List.of(new ImageTask(tag, source, tag, writer, "1.0", tag, file.toString(), platforms)));
            ImageResult ir = r.images().get(0);
            assertEquals(ImageResult.Status.COPIED, ir.status(), String.valueOf(ir.error()));
        }
        return file;
    }

    /** Every entry's name and bytes, in order (duplicates kept, with a suffix). */
    static LinkedHashMap<String, byte[]> entries(Path tar) throws IOException {
        LinkedHashMap<String, byte[]> out = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                while (out.containsKey(name)) name += "#";
                out.put(name, e.isDirectory() ? new byte[0] : in.readAllBytes());
            }
        }
        return out;
    }

    static ProcessResult skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require("skopeo").toString(), "--insecure-policy"));
        cmd.addAll(List.of(args));
        return Skopeo.run(cmd);
    }

    /** Copies the docker-archive into a skopeo {@code dir:} (no conversion, every blob checked) and returns the manifest. */
    static JsonNode copyDockerArchive(Path file, Path dir) throws IOException {
        ProcessResult r = skopeo("copy", "docker-archive:" + file, "dir:" + dir);
        assertTrue(r.ok(), r::describe);
        return JSON.readTree(dir.resolve("manifest.json").toFile());
    }

    /** skopeo's docker-archive reader serves layers uncompressed, named by their diff_ids, and checks them. */
    static void assertLayers(Image image, JsonNode manifest) {
        List<String> got = new ArrayList<>();
        manifest.path("layers").forEach(l -> got.add(l.path("digest").asText()));
        assertEquals(image.layers().stream().map(TestImages.Blob::diffId).toList(), got);
    }

    @Test
    void singleImageIsAnOciArchiveAndADockerArchive(@TempDir Path dir) throws IOException {
        Path file = archive(dir, "single", "10.45.46.109/customer/web", List.of());
        Map<String, byte[]> entries = entries(file);
        List<String> names = new ArrayList<>(entries.keySet());
        assertEquals(List.of("blobs/", "blobs/sha256/"), names.subList(0, 2));
        assertEquals(List.of("oci-layout", "index.json", "manifest.json", "repositories"), names.subList(names.size() - 4, names.size()));
        for (String d : single.blobDigests()) {
            assertArrayEquals(Files.readAllBytes(TestImages.blobPath(layout, d)), entries.get("blobs/sha256/" + d.substring(7)), d);
        }
        assertArrayEquals(single.raw(), entries.get("blobs/sha256/" + single.digest().substring(7)));
        assertEquals(single.layers().size() + 2 + 2 + 4, entries.size(), "each blob once: " + names);

        JsonNode index = JSON.readTree(entries.get("index.json"));
        JsonNode top = index.path("manifests").get(0);
        assertEquals(single.digest(), top.path("digest").asText());
        assertEquals("1.0", top.path("annotations").path("org.opencontainers.image.ref.name").asText());
        assertEquals("10.45.46.109/customer/web:1.0", top.path("annotations").path("io.containerd.image.name").asText());
        JsonNode docker = JSON.readTree(entries.get("manifest.json"));
        assertEquals(1, docker.size());
        assertEquals("blobs/sha256/" + single.config().digest().substring(7), docker.get(0).path("Config").asText());
        assertEquals("10.45.46.109/customer/web:1.0", docker.get(0).path("RepoTags").get(0).asText());
        List<String> layers = new ArrayList<>();
        docker.get(0).path("Layers").forEach(l -> layers.add(l.asText()));
        assertEquals(single.layers().stream().map(b -> "blobs/sha256/" + b.digest().substring(7)).toList(), layers);
        assertEquals(single.layers().get(2).digest().substring(7),
                JSON.readTree(entries.get("repositories")).path("10.45.46.109/customer/web").path("1.0").asText());

        // skopeo reads all three ways, verifying every blob
        ProcessResult raw = skopeo("inspect", "--raw", "oci-archive:" + file + ":1.0");
        assertTrue(raw.ok(), raw::describe);
        assertArrayEquals(single.raw(), raw.stdoutBytes());
        Path fromDocker = dir.resolve("from-docker");
        JsonNode viaDocker = copyDockerArchive(file, fromDocker);
        assertEquals(single.config().digest(), viaDocker.path("config").path("digest").asText());
        assertLayers(single, viaDocker);
        Path fromOci = dir.resolve("from-oci");
        ProcessResult viaOci = skopeo("copy", "--all", "--preserve-digests", "oci-archive:" + file + ":1.0", "oci:" + fromOci + ":1.0");
        assertTrue(viaOci.ok(), viaOci::describe);
        assertEquals(single.digest(), JSON.readTree(fromOci.resolve("index.json").toFile()).path("manifests").get(0).path("digest").asText());
    }

    @Test
    void multiArchKeepsTheIndexForOciAndOnePlatformForDocker(@TempDir Path dir) throws IOException {
        Path file = archive(dir, "multi", "docker.io/library/web", List.of());
        Map<String, byte[]> entries = entries(file);
        for (String d : multiDocker.blobDigests()) assertTrue(entries.containsKey("blobs/sha256/" + d.substring(7)), d);
        for (String d : multiDocker.childDigests()) assertTrue(entries.containsKey("blobs/sha256/" + d.substring(7)), d);
        JsonNode top = JSON.readTree(entries.get("index.json")).path("manifests").get(0);
        assertEquals(multiDocker.digest(), top.path("digest").asText());
        assertEquals(TestImages.DOCKER_MANIFEST_LIST, top.path("mediaType").asText());
        assertEquals("docker.io/library/web:1.0", top.path("annotations").path("io.containerd.image.name").asText());
        JsonNode docker = JSON.readTree(entries.get("manifest.json")).get(0);
        Image amd64 = multiDocker.children().get(0);
        assertEquals("linux/amd64", amd64.platform());
        assertEquals("blobs/sha256/" + amd64.config().digest().substring(7), docker.path("Config").asText());
        assertEquals("web:1.0", docker.path("RepoTags").get(0).asText(), "docker's familiar name");

        // skopeo 1.9's oci transports ignore index.json entries with docker media types: check an OCI index there
        Path ociFile = archive(dir, "multi-oci", "docker.io/library/web", List.of());
        Path all = dir.resolve("all");
        ProcessResult viaOci = skopeo("copy", "--all", "--preserve-digests", "oci-archive:" + ociFile + ":1.0", "oci:" + all + ":1.0");
        assertTrue(viaOci.ok(), viaOci::describe);
        assertEquals(multiOci.digest(), JSON.readTree(all.resolve("index.json").toFile()).path("manifests").get(0).path("digest").asText());
        for (String d : multiOci.blobDigests()) assertTrue(Files.exists(all.resolve("blobs/sha256/" + d.substring(7))), d);
        Path fromDocker = dir.resolve("from-docker");
        JsonNode viaDocker = copyDockerArchive(file, fromDocker);
        assertEquals(amd64.config().digest(), viaDocker.path("config").path("digest").asText());
        assertLayers(amd64, viaDocker);
    }

    @Test
    void dockerPlatformChoosesTheChildAndOnePlatformCanBeKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("arm.tar");
        Image arm64 = multiDocker.children().get(1);
        try (OciLayout source = OciLayout.open(layout);
             ArchiveWriter writer = new ArchiveWriter(Files.newOutputStream(file), "archive", "localhost:5000/x")
                     .dockerPlatform(Platform.parse("linux/arm64"))) {
            for (var d : source.manifest("multi") instanceof dev.ferry.oci.ImageIndex i ? i.manifests() : List.<Descriptor>of()) {
                var child = (dev.ferry.oci.ImageManifest) source.manifest(d);
                for (Descriptor b : child.blobs()) if (!writer.hasBlob(b)) writer.putBlob(b, source.openBlob(b));
                writer.putManifest(child, null);
            }
            writer.putManifest(source.manifest("multi"), "2");
        }
        JsonNode docker = JSON.readTree(entries(file).get("manifest.json")).get(0);
        assertEquals("blobs/sha256/" + arm64.config().digest().substring(7), docker.path("Config").asText());
        assertEquals("localhost:5000/x:2", docker.path("RepoTags").get(0).asText());

        Path only = archive(dir, "multi", "localhost:5000/y", List.of(Platform.parse("linux/arm64")));
        Map<String, byte[]> entries = entries(only);
        JsonNode top = JSON.readTree(entries.get("index.json")).path("manifests").get(0);
        assertEquals(arm64.digest(), top.path("digest").asText(), "one platform: the child is the image");
        assertFalse(entries.containsKey("blobs/sha256/" + multiDocker.children().get(0).config().digest().substring(7)));
    }

    @Test
    void aFailedBlobKeepsTheTarWellFormedAndIsWrittenAgain(@TempDir Path dir) throws IOException {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(data), data.length);
        byte[] config = "{}".getBytes();
        Descriptor c = new Descriptor(TestImages.OCI_CONFIG, Digest.sha256(config), config.length);
        Path file = dir.resolve("retry.tar");
        byte[] bad = data.clone();
        bad[5] ^= 1;
        try (ArchiveWriter w = new ArchiveWriter(Files.newOutputStream(file), "archive", null)) {
            InputStream resetting = new FilterInputStream(new ByteArrayInputStream(data)) {
                int reads;
                @Override public int read(byte[] b, int off, int len) throws IOException {
                    if (++reads == 2) throw new IOException("connection reset");
                    return super.read(b, off, Math.min(len, 1000));
                }
            };
            IOException e = assertThrows(IOException.class, () -> w.putBlob(d, new VerifyingInputStream(resetting, d, "blob", null)));
            assertEquals("connection reset", e.getMessage());
            assertFalse(w.hasBlob(d));
            assertThrows(IOException.class, () -> w.putBlob(d, new VerifyingInputStream(new ByteArrayInputStream(bad), d, "blob", null)));
            assertFalse(w.hasBlob(d));
            w.putBlob(d, new VerifyingInputStream(new ByteArrayInputStream(data), d, "blob", null));
            assertTrue(w.hasBlob(d));
            w.putBlob(c, new ByteArrayInputStream(config));
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + TestImages.OCI_MANIFEST + "\",\"config\":{\"mediaType\":\""
                    + TestImages.OCI_CONFIG + "\",\"digest\":\"" + c.digest() + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
                    + TestImages.OCI_LAYER_GZIP + "\",\"digest\":\"" + d.digest() + "\",\"size\":" + data.length + "}]}").getBytes();
            w.putManifest(dev.ferry.oci.Manifest.parse(manifest, null), "t");
        }
        Map<String, byte[]> entries = entries(file);
        String name = "blobs/sha256/" + d.digest().hex();
        byte[] padded = entries.get(name);
        assertEquals(data.length, padded.length, "padded to its size");
        assertEquals(0, padded[data.length - 1]);
        assertArrayEquals(bad, entries.get(name + "#"));
        assertArrayEquals(data, entries.get(name + "##"), "the last entry of the name is the good one");
        // an extracting reader takes the last entry of a name
        ProcessResult viaOci = skopeo("copy", "oci-archive:" + file + ":t", "dir:" + dir.resolve("out"));
        assertTrue(viaOci.ok(), viaOci::describe);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("out/" + d.digest().hex())));
    }

    @Test
    void aBrokenOutputFailsEveryLaterCallAndAbortLeavesNoArchive(@TempDir Path dir) throws IOException {
        byte[] data = new byte[300_000];
        Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(data), data.length);
        OutputStream failing = new OutputStream() {
            long n;
            @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }
            @Override public void write(byte[] b, int off, int len) throws IOException {
                n += len;
                if (n > 100_000) throw new IOException("broken pipe");
            }
        };
        ArchiveWriter w = new ArchiveWriter(failing, "archive", null);
        assertThrows(IOException.class, () -> w.putBlob(d, new ByteArrayInputStream(data)));
        assertEquals("broken pipe", w.outputFailure().orElseThrow().getMessage());
        IOException again = assertThrows(IOException.class, () -> w.putBlob(d, new ByteArrayInputStream(data)));
        assertTrue(again.getMessage().contains("broken pipe"), again.getMessage());
        assertThrows(IOException.class, w::close);

        Path file = dir.resolve("aborted.tar");
        ArchiveWriter a = new ArchiveWriter(Files.newOutputStream(file), "archive", null);
        a.putBlob(d, new ByteArrayInputStream(data));
        a.abort();
        a.close(); // a no-op after abort
        assertThrows(IOException.class, () -> a.putBlob(d, new ByteArrayInputStream(data)));
        ProcessResult r = skopeo("inspect", "--raw", "oci-archive:" + file);
        assertFalse(r.ok(), "an aborted archive is no archive");
        assertThrows(IllegalArgumentException.class, () -> new ArchiveWriter(OutputStream.nullOutputStream(), "x", "a/b:1"));
    }
}
