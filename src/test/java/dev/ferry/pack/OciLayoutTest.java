package dev.ferry.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.BlobVerificationException;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.VerifyingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    /** An image: its blobs' bytes and its manifest. */
    record Image(byte[] config, byte[] layer, Manifest manifest) {
        Descriptor configDescriptor() { return ((ImageManifest) manifest).config(); }
        Descriptor layerDescriptor() { return ((ImageManifest) manifest).layers().get(0); }
    }

    static Image image(String name) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/" + name + "\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = new byte[10_000 + name.length()];
        for (int i = 0; i < layer.length; i++) layer[i] = (byte) (i * 31 + name.hashCode());
        String json = """
                {
                  "schemaVersion": 2,
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "%s", "size": %d},
                  "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "%s", "size": %d}]
                }
                """.formatted(Digest.sha256(config), config.length, Digest.sha256(layer), layer.length);
        return new Image(config, layer, Manifest.parse(json.getBytes(StandardCharsets.UTF_8), null));
    }

    static InputStream verifying(Descriptor d, byte[] content) {
        return new VerifyingInputStream(new ByteArrayInputStream(content), d, "blob " + d.digest().shortForm(), null);
    }

    static void store(OciLayout layout, Image img, String tag) throws IOException {
        layout.putBlob(img.configDescriptor(), verifying(img.configDescriptor(), img.config()));
        layout.putBlob(img.layerDescriptor(), verifying(img.layerDescriptor(), img.layer()));
        layout.putManifest(img.manifest(), tag);
    }

    static List<Path> tmpFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    // ---------------------------------------------------------------- write, reopen, read

    @Test
    void createWriteReopenRead() throws IOException {
        Path dir = tmp.resolve("nested/layout");
        OciLayout layout = OciLayout.create(dir);
        assertTrue(Files.isRegularFile(dir.resolve("oci-layout")));
        assertEquals("1.0.0", JSON.readTree(dir.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText());
        assertTrue(Files.isDirectory(dir.resolve("blobs/sha256")));
        assertEquals(List.of(), layout.tags());

        Image img = image("app");
        assertFalse(layout.hasBlob(img.layerDescriptor()));
        store(layout, img, "1.0");
        assertTrue(layout.hasBlob(img.configDescriptor()));
        assertTrue(layout.hasBlob(img.layerDescriptor()));
        assertTrue(layout.hasManifest(img.manifest().digest()));
        assertArrayEquals(img.layer(), Files.readAllBytes(dir.resolve("blobs/sha256/" + img.layerDescriptor().digest().hex())));
        assertArrayEquals(img.manifest().bytes(), Files.readAllBytes(dir.resolve("blobs/sha256/" + img.manifest().digest().hex())));

        OciLayout again = OciLayout.open(dir);
        assertEquals(List.of("1.0"), again.tags());
        assertEquals(Optional.of(img.manifest().digest()), again.manifestDigest("1.0"));
        assertEquals(Optional.empty(), again.manifestDigest("2.0"));

        Manifest byTag = again.manifest("1.0");
        assertEquals(img.manifest().digest(), byTag.digest());
        assertArrayEquals(img.manifest().bytes(), byTag.bytes());
        assertEquals(MediaTypes.OCI_MANIFEST, byTag.mediaType());

        Manifest only = again.manifest((String) null);
        assertEquals(img.manifest().digest(), only.digest());
        assertEquals(img.manifest().digest(), again.manifest("").digest());
        assertEquals(img.manifest().digest(), again.manifest(img.manifest().digest().toString()).digest());

        try (InputStream in = again.openBlob(img.layerDescriptor())) {
            assertArrayEquals(img.layer(), in.readAllBytes());
        }

        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        assertEquals(2, index.path("schemaVersion").asInt());
        assertEquals(MediaTypes.OCI_INDEX, index.path("mediaType").asText());
        JsonNode entry = index.path("manifests").get(0);
        assertEquals(img.manifest().digest().toString(), entry.path("digest").asText());
        assertEquals(img.manifest().size(), entry.path("size").asLong());
        assertEquals("1.0", entry.path("annotations").path(OciLayout.REF_NAME).asText());
        assertEquals(List.of(), tmpFiles(dir));
    }

    @Test
    void noImageNamedWithTwoImagesListsTheTags() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("two"));
        store(layout, image("one"), "1.0");
        store(layout, image("two"), "2.0");
        IOException e = assertThrows(IOException.class, () -> OciLayout.open(tmp.resolve("two")).manifest((String) null));
        assertTrue(e.getMessage().contains("holds 2 images"), e.getMessage());
        assertTrue(e.getMessage().contains("tags: 1.0, 2.0"), e.getMessage());
        assertEquals(List.of("1.0", "2.0"), layout.tags());
        assertEquals(image("two").manifest().digest(), layout.manifest("2.0").digest());
    }

    @Test
    void noImageNamedInAnEmptyLayout() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> layout.manifest((String) null));
        assertTrue(e.getMessage().contains("holds 0 images"), e.getMessage());
    }

    @Test
    void unknownTagListsTheTags() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        store(layout, image("a"), "stable");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> layout.manifest("nightly"));
        assertTrue(e.getMessage().contains("\"nightly\""), e.getMessage());
        assertTrue(e.getMessage().contains("tags: stable"), e.getMessage());
    }

    @Test
    void untaggedManifestIsStoredByDigestOnly() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image img = image("child");
        store(layout, img, null);
        assertEquals(List.of(), layout.entries());
        assertTrue(layout.hasManifest(img.manifest().digest()));
        // found by digest although index.json does not list it (an index's child)
        assertEquals(img.manifest().digest(), layout.manifest(img.manifest().digest().toString()).digest());
    }

    @Test
    void indexAndChildren() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("multi"));
        Image amd = image("amd64");
        Image arm = image("arm64");
        store(layout, amd, null);
        store(layout, arm, null);
        String indexJson = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"amd64"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%d,"platform":{"os":"linux","architecture":"arm64","variant":"v8"}}]}
                """.formatted(amd.manifest().digest(), amd.manifest().size(), arm.manifest().digest(), arm.manifest().size());
        Manifest index = Manifest.parse(indexJson.getBytes(StandardCharsets.UTF_8), null);
        layout.putManifest(index, "multi");

        ImageIndex read = assertInstanceOf(ImageIndex.class, OciLayout.open(tmp.resolve("multi")).manifest("multi"));
        assertEquals(index.digest(), read.digest());
        Manifest child = layout.manifest(read.manifests().get(1));
        assertEquals(arm.manifest().digest(), child.digest());
    }

    // ---------------------------------------------------------------- blobs are verified before they get their name

    @Test
    void blobWithWrongContentIsNeverStoredUnderItsDigest() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image img = image("x");
        Descriptor d = img.layerDescriptor();
        byte[] tampered = img.layer().clone();
        tampered[tampered.length / 2] ^= 0x40;

        BlobVerificationException e = assertThrows(BlobVerificationException.class,
                () -> layout.putBlob(d, verifying(d, tampered)));
        assertTrue(e.getMessage().contains(d.digest().toString()), e.getMessage());
        assertFalse(Files.exists(layout.blobPath(d.digest())));
        assertFalse(layout.hasBlob(d));
        assertEquals(List.of(), tmpFiles(layout.directory()));

        // a good copy afterwards is fine
        layout.putBlob(d, verifying(d, img.layer()));
        assertTrue(layout.hasBlob(d));
        assertEquals(List.of(), tmpFiles(layout.directory()));
    }

    @Test
    void truncatedOrOverlongBlobIsNeverStored() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image img = image("y");
        Descriptor d = img.layerDescriptor();
        byte[] shorter = Arrays.copyOf(img.layer(), img.layer().length - 1);
        byte[] longer = Arrays.copyOf(img.layer(), img.layer().length + 100);

        assertThrows(BlobVerificationException.class, () -> layout.putBlob(d, verifying(d, shorter)));
        assertThrows(BlobVerificationException.class, () -> layout.putBlob(d, verifying(d, longer)));
        assertFalse(Files.exists(layout.blobPath(d.digest())));
        assertEquals(List.of(), tmpFiles(layout.directory()));
    }

    @Test
    void blobOfAnotherSizeIsNotThere() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image img = image("z");
        Descriptor d = img.configDescriptor();
        Files.write(layout.blobPath(d.digest()), new byte[] {1, 2, 3});
        assertFalse(layout.hasBlob(d));
    }

    // ---------------------------------------------------------------- reading checks what is on disk

    @Test
    void corruptedManifestOnDiskIsDetected() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image img = image("c");
        store(layout, img, "1.0");
        Path blob = layout.blobPath(img.manifest().digest());
        // the same JSON, one space more: another digest
        String json = new String(img.manifest().bytes(), StandardCharsets.UTF_8).replaceFirst("\\{", "{ ");
        Files.writeString(blob, json);

        IOException e = assertThrows(IOException.class, () -> OciLayout.open(layout.directory()).manifest("1.0"));
        assertTrue(e.getMessage().contains("corrupted"), e.getMessage());
        assertTrue(e.getMessage().contains(img.manifest().digest().shortForm()), e.getMessage());
    }

    @Test
    void missingManifestBlobIsNamed() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image img = image("m");
        store(layout, img, "1.0");
        Files.delete(layout.blobPath(img.manifest().digest()));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> layout.manifest("1.0"));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void missingBlobIsNamed() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Descriptor d = image("b").layerDescriptor();
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> layout.openBlob(d));
        assertTrue(e.getMessage().contains(d.digest().shortForm()), e.getMessage());
    }

    // ---------------------------------------------------------------- create and open

    @Test
    void createRefusesANonEmptyDirectoryThatIsNoLayout() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(dir.resolve("notes.txt"), "my files");
        IOException e = assertThrows(IOException.class, () -> OciLayout.create(dir));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("notes.txt")), s.toList(), "nothing was written into it");
        }
    }

    @Test
    void createOnAnExistingLayoutKeepsIt() throws IOException {
        Path dir = tmp.resolve("l");
        store(OciLayout.create(dir), image("k"), "keep");
        OciLayout again = OciLayout.create(dir);
        assertEquals(List.of("keep"), again.tags());
    }

    @Test
    void createInAnEmptyDirectory() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        OciLayout.create(dir);
        assertTrue(Files.isRegularFile(dir.resolve("index.json")));
    }

    @Test
    void openRefusesWhatIsNoLayout() throws IOException {
        assertThrows(NoSuchFileException.class, () -> OciLayout.open(tmp.resolve("missing")));
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        IOException e = assertThrows(IOException.class, () -> OciLayout.open(plain));
        assertTrue(e.getMessage().contains("not an OCI image layout"), e.getMessage());

        Path future = Files.createDirectories(tmp.resolve("future"));
        Files.writeString(future.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        Files.writeString(future.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        IOException v = assertThrows(IOException.class, () -> OciLayout.open(future));
        assertTrue(v.getMessage().contains("2.0.0"), v.getMessage());
    }

    @Test
    void brokenIndexJsonIsNamed() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Files.writeString(layout.directory().resolve("index.json"), "{\"manifests\": [");
        IOException e = assertThrows(IOException.class, layout::tags);
        assertTrue(e.getMessage().contains("index.json"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    // ---------------------------------------------------------------- index.json

    @Test
    void replacingATagKeepsOneEntry() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Image first = image("first");
        Image second = image("second");
        store(layout, first, "latest");
        store(layout, image("other"), "other");
        store(layout, second, "latest");

        List<Descriptor> entries = layout.entries();
        assertEquals(2, entries.size());
        assertEquals(List.of("other", "latest"), layout.tags());
        assertEquals(Optional.of(second.manifest().digest()), layout.manifestDigest("latest"));
        assertEquals(second.manifest().digest(), layout.manifest("latest").digest());
        // the old image's manifest stays as a blob, just untagged
        assertTrue(layout.hasManifest(first.manifest().digest()));
        // storing the same again changes nothing
        store(layout, second, "latest");
        assertEquals(2, layout.entries().size());
    }

    @Test
    void otherFieldsOfIndexJsonAreKept() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        Path index = layout.directory().resolve("index.json");
        Files.writeString(index, """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
                 "annotations":{"com.example.origin":"mirror"},
                 "manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                   "digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000","size":1,
                   "annotations":{"com.example.note":"untagged entry"}}]}""");
        store(layout, image("n"), "new");
        JsonNode root = JSON.readTree(index.toFile());
        assertEquals("mirror", root.path("annotations").path("com.example.origin").asText());
        assertEquals(2, root.path("manifests").size());
        assertEquals("untagged entry", root.path("manifests").get(0).path("annotations").path("com.example.note").asText());
        assertEquals(List.of("new"), layout.tags());
    }

    @Test
    void concurrentTagsAreAllKept() throws Exception {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        OciLayout second = OciLayout.open(tmp.resolve("l"));
        int n = 16;
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < n; i++) images.add(image("img" + i));
        for (Image img : images) store(layout, img, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                OciLayout target = k % 2 == 0 ? layout : second;
                fs.add(pool.submit(() -> {
                    start.await();
                    target.putManifest(images.get(k).manifest(), "t" + k);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        List<String> tags = layout.tags();
        assertEquals(n, tags.size(), tags.toString());
        for (int i = 0; i < n; i++) assertEquals(Optional.of(images.get(i).manifest().digest()), layout.manifestDigest("t" + i));
        assertEquals(List.of(), tmpFiles(layout.directory()));
    }
}
