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
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry save --compress squash} and {@code ferry load} of squash packs through real
 * registries, checked with skopeo (every blob verifies) and by gunzipping every layer the target
 * registry serves against its config's diff_id.
 */
@Timeout(240)
class SquashPackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Path work;
    static Image app1, app2, multi;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-squash-test-");
        Path layout = work.resolve("images");
        byte[] lib = FileLayers.text(300_000, 1), conf = FileLayers.text(20_000, 2), app = FileLayers.text(200_000, 3);
        Layer base = Layer.of(6, "usr/", new byte[0], "usr/lib/libx.so", lib, "etc/app.conf", conf, "etc/small", "tiny".getBytes());
        Layer code = Layer.of(9, "opt/app/main.bin", app, "opt/app/copy-of-lib.so", lib);
        // a layer no gzip level reproduces: it gets a new digest on load, unless --keep-digests
        Layer odd = Layer.of(1, "opt/app/data.txt", FileLayers.text(150_000, 4)).strategy(Deflater.HUFFMAN_ONLY);
        app1 = FileLayers.image(layout, "app1", List.of(base, code, odd));
        // release 2: one file of the code layer changed
        byte[] app2bin = app.clone();
        app2bin[1000] ^= 1;
        Layer code2 = Layer.of(9, "opt/app/main.bin", app2bin, "opt/app/copy-of-lib.so", lib);
        app2 = FileLayers.image(layout, "app2", List.of(base, odd, code2));
        multi = TestImages.multiArch(layout, "multi", 1, 100_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "app1", src.host() + "/public/app:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, "app2", src.host() + "/public/app:2", Options.plain(), false);
        Skopeo.pushOciDir(layout, "multi", src.host() + "/public/multi:1.0", Options.plain(), true);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static FerryCli.Result save(Path dir, String... args) throws IOException {
        Files.createDirectories(dir);
        Path lst = dir.resolve("img-" + System.nanoTime() + ".lst");
        List<String> images = new java.util.ArrayList<>();
        List<String> flags = new java.util.ArrayList<>();
        for (String a : args) (a.startsWith("-") || a.contains("meta.yaml") || (!flags.isEmpty() && flags.get(flags.size() - 1).equals("--inc")) ? flags : images).add(a);
        Files.writeString(lst, String.join("\n", images) + "\n");
        List<String> cmd = new java.util.ArrayList<>(List.of("save", lst.toString(), "--from", src.host(), "--compress", "squash", "--dir", dir.toString(), "-q"));
        cmd.addAll(flags);
        FerryCli.Result r = new FerryCli().run(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    static Path meta(FerryCli.Result r) {
        return PackCommandsTest.metaOf(r);
    }

    /** Every layer of the image at {@code ref} as the registry serves it: skopeo pulls it (digests verified), then each layer is gunzipped and hashed against the config's diff_id. */
    static void verifyAt(String ref, Path tmp) throws IOException {
        Path dir = tmp.resolve("check-" + System.nanoTime());
        Skopeo.copyAllToOciDir(ref, dir, Options.plain());
        JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
        int layers = 0;
        for (JsonNode top : index.path("manifests")) {
            JsonNode m = JSON.readTree(TestImages.blobPath(dir, top.path("digest").asText()).toFile());
            List<JsonNode> manifests = new java.util.ArrayList<>();
            if (m.has("manifests")) for (JsonNode c : m.path("manifests")) manifests.add(JSON.readTree(TestImages.blobPath(dir, c.path("digest").asText()).toFile()));
            else manifests.add(m);
            for (JsonNode im : manifests) {
                JsonNode config = JSON.readTree(TestImages.blobPath(dir, im.path("config").path("digest").asText()).toFile());
                for (int i = 0; i < im.path("layers").size(); i++) {
                    Path blob = TestImages.blobPath(dir, im.path("layers").get(i).path("digest").asText());
                    assertEquals(config.path("rootfs").path("diff_ids").get(i).asText(), "sha256:" + gunzipSha(blob), ref + " layer " + i);
                    layers++;
                }
            }
        }
        assertTrue(layers > 0, ref);
    }

    static String gunzipSha(Path gz) throws IOException {
        try (DigestInputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(gz)), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String digestAt(String ref) {
        return PackCommandsTest.digestAt(ref);
    }

    static long count(String text, String what) {
        return text.lines().filter(l -> l.trim().equals(what)).count();
    }

    @Test
    void layersComeBackByteForByteWithTheirDigestsWhereTheGzipIsReproduced(@TempDir Path tmp) throws IOException {
        FerryCli.Result save = save(tmp, "r.example/public/app:1", "r.example/public/multi:1.0");
        assertTrue(save.out().contains("Layers: 5 keep their digests, 1 get new digests on load, 0 stored as blobs"), save::toString);
        Path meta = meta(save);
        String text = Files.readString(meta);
        assertTrue(text.contains("compression: squash"), text);
        assertEquals(5, count(text, "stored: kept"), text);
        assertEquals(1, count(text, "stored: rebuilt"), text);
        assertTrue(text.contains("gzipLevel: 9") && text.contains("gzipLevel: 6") && text.contains("gzipLevel: 1"), text);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(multi.digest(), digestAt(dst.host() + "/public/multi:1.0"));
            String now = digestAt(dst.host() + "/public/app:1");
            assertNotEquals(app1.digest(), now);
            assertTrue(load.err().contains("public/app:1 gets a new digest: " + app1.digest() + " -> " + now) || load.out().contains(app1.digest() + " -> " + now), load::toString);
            verifyAt(dst.host() + "/public/app:1", tmp);
            verifyAt(dst.host() + "/public/multi:1.0", tmp);
            // the layers that were reproduced are the very blobs of the source
            JsonNode m = JSON.readTree(Skopeo.inspectRaw(dst.host() + "/public/app:1", Options.plain()));
            JsonNode orig = JSON.readTree(app1.raw());
            assertEquals(orig.path("layers").get(0).path("digest"), m.path("layers").get(0).path("digest"));
            assertEquals(orig.path("layers").get(1).path("digest"), m.path("layers").get(1).path("digest"));
            assertNotEquals(orig.path("layers").get(2).path("digest"), m.path("layers").get(2).path("digest"));
        }
    }

    /**
     * A large file twice in one layer: its content is stored once and the recipe names it twice, the second time behind
     * other contents. Load keeps it from the first read (no second pass over its frame) and the layer comes back byte for
     * byte, with its digest; the copy it kept is gone afterwards.
     */
    @Test
    void aLargeFileTwiceInOneLayerComesBackAndLeavesNoTemporaryCopy(@TempDir Path tmp) throws IOException {
        Path layout = tmp.resolve("dup-layout");
        byte[] big = FileLayers.text(400_000, 31);
        TestImages.Image dup = FileLayers.image(layout, "dup", List.of(
                Layer.of(6, "a/big.bin", big, "b/other.bin", FileLayers.text(300_000, 32), "c/big-again.bin", big)));
        Skopeo.pushOciDir(layout, "dup", src.host() + "/public/dup:1", Options.plain(), false);
        // the files this load leaves behind: those there after it and not before (other runs' files may come and go)
        java.util.function.Supplier<java.util.Set<Path>> copies = () -> squashTempFiles(p -> !p.equals(work));
        java.util.Set<Path> before = copies.get();
        FerryCli.Result save = save(tmp, "r.example/public/dup:1");
        assertTrue(save.out().contains("Layers: 1 keep their digests"), save::toString);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta(save).toString(), "--to", dst.host());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(dup.digest(), digestAt(dst.host() + "/public/dup:1"), "the image unchanged");
            verifyAt(dst.host() + "/public/dup:1", tmp);
        }
        java.util.Set<Path> left = new java.util.HashSet<>(copies.get());
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "the content kept for its second reference is removed with the load");
    }

    /**
     * Contents read out of the order their frames hold them: a layer that names 1,200 small files and then all of them
     * again in reverse (more than load keeps in memory: the rest goes to its temporary file), and a layer of another image
     * with the same files shuffled among its own, so one of the two reads the other's frame in its own order. Both come back
     * byte for byte with their digests, and nothing is left in the temporary directory.
     */
    @Test
    void contentsReadOutOfTheirFramesOrderComeBackByteForByte(@TempDir Path tmp) throws IOException {
        Path layout = tmp.resolve("order-layout");
        int files = 1200;
        List<Object> forth = new java.util.ArrayList<>(), shuffled = new java.util.ArrayList<>();
        byte[][] contents = new byte[files][];
        for (int i = 0; i < files; i++) contents[i] = FileLayers.text(8192, 1000 + i);
        for (int i = 0; i < files; i++) forth.addAll(List.of("a/f" + i, contents[i]));
        for (int i = files - 1; i >= 0; i--) forth.addAll(List.of("b/again" + i, contents[i]));
        List<Integer> order = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, files).boxed().toList());
        java.util.Collections.shuffle(order, new java.util.Random(5));
        for (int i : order) {
            shuffled.addAll(List.of("c/f" + i, contents[i]));
            if (i % 7 == 0) shuffled.addAll(List.of("c/own" + i, FileLayers.text(5000, 9000 + i)));
        }
        TestImages.Image one = FileLayers.image(layout, "one", List.of(Layer.of(6, forth.toArray())));
        TestImages.Image two = FileLayers.image(layout, "two", List.of(Layer.of(6, shuffled.toArray())));
        Skopeo.pushOciDir(layout, "one", src.host() + "/public/order:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, "two", src.host() + "/public/order:2", Options.plain(), false);
        java.util.function.Supplier<java.util.Set<Path>> copies = () -> squashTempFiles(p -> p.getFileName().toString().endsWith(".contents"));
        java.util.Set<Path> before = copies.get(); // the load's copies file (ContentCopies); other runs' temporary files may come and go meanwhile
        FerryCli.Result save = save(tmp, "r.example/public/order:1", "r.example/public/order:2");
        assertTrue(save.out().contains("Layers: 2 keep their digests"), save::toString);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta(save).toString(), "--to", dst.host());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(one.digest(), digestAt(dst.host() + "/public/order:1"), "the image unchanged");
            assertEquals(two.digest(), digestAt(dst.host() + "/public/order:2"), "the image unchanged");
            verifyAt(dst.host() + "/public/order:2", tmp);
        }
        java.util.Set<Path> left = new java.util.HashSet<>(copies.get());
        left.removeAll(before);
        assertEquals(java.util.Set.of(), left, "the contents copied out of their frames are removed with the load");
    }

    @Test
    void keepDigestsStoresWhatCannotBeReproducedAsBlobs(@TempDir Path tmp) throws IOException {
        Path meta = meta(save(tmp, "r.example/public/app:1", "--keep-digests"));
        String text = Files.readString(meta);
        assertEquals(2, count(text, "stored: kept"), text);
        assertEquals(0, count(text, "stored: rebuilt"), text);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertEquals(0, load.exit(), load::toString);
            assertEquals(app1.digest(), digestAt(dst.host() + "/public/app:1"));
            verifyAt(dst.host() + "/public/app:1", tmp);
        }
    }

    @Test
    void anIncrementalSquashPackShipsOnlyTheFilesThatChanged(@TempDir Path tmp) throws IOException {
        Path full = meta(save(tmp.resolve("a"), "r.example/public/app:1"));
        Path inc = meta(save(tmp.resolve("b"), "r.example/public/app:2", "--inc", full.toString()));
        long incData = Files.list(inc.getParent()).filter(p -> p.toString().endsWith(".squash")).mapToLong(p -> p.toFile().length()).sum();
        long fullData = Files.list(full.getParent()).filter(p -> p.toString().endsWith(".squash")).mapToLong(p -> p.toFile().length()).sum();
        // the changed 200 kB file compresses to some tens of kB; the unchanged library, data and config are not shipped again
        assertTrue(incData < fullData / 3, incData + " vs " + fullData);
        // load needs the parent pack beside it: put both in one folder
        Path both = tmp.resolve("both");
        Files.createDirectories(both);
        for (Path d : List.of(full.getParent(), inc.getParent())) {
            try (var s = Files.list(d)) {
                for (Path f : s.filter(p -> p.getFileName().toString().contains("img_")).toList()) Files.copy(f, both.resolve(f.getFileName()));
            }
        }
        try (RegistryServer dst = RegistryServer.builder().start()) {
            assertEquals(0, new FerryCli().run("load", both.resolve(full.getFileName()).toString(), "--to", dst.host(), "-q").exit());
            FerryCli.Result load = new FerryCli().run("load", both.resolve(inc.getFileName()).toString(), "--to", dst.host());
            assertEquals(0, load.exit(), load::toString);
            // the layer no gzip level reproduces got its new digest when the parent was loaded; the incremental pack
            // holds its recipe again (a few bytes over the parent's contents) and gives it the same new digest
            assertTrue(load.err().contains("public/app:2 gets a new digest: " + app2.digest()), load::toString);
            verifyAt(dst.host() + "/public/app:2", tmp);
        }
    }

    @Test
    void anIncrementalSquashPackAgainstATarPackShipsOnlyTheFilesThatChanged(@TempDir Path tmp) throws IOException {
        // the parent: a plain tar pack of release 1; release 2 changes one file of the code layer
        Path full = meta(saveAs(tmp.resolve("a"), "none", "r.example/public/app:1"));
        FerryCli.Result incSave = saveAs(tmp.resolve("b"), "squash", "r.example/public/app:2", "--inc", full.toString());
        Path inc = meta(incSave);
        long incData = Files.list(inc.getParent()).filter(p -> p.toString().endsWith(".squash")).mapToLong(p -> p.toFile().length()).sum();
        JsonNode code2 = JSON.readTree(app2.raw()).path("layers").get(2);
        // shipped: the changed 200 kB file and the recipe, not the 300 kB library the changed layer shares with release 1
        Path alone = meta(saveAs(tmp.resolve("c"), "squash", "r.example/public/app:2"));
        long aloneData = Files.list(alone.getParent()).filter(p -> p.toString().endsWith(".squash")).mapToLong(p -> p.toFile().length()).sum();
        assertTrue(incData < aloneData * 6 / 10, incData + " bytes, alone " + aloneData + "; " + incSave.out());
        assertTrue(incSave.out().contains("found stored already"), incSave::toString);
        assertTrue(incData < code2.path("size").asLong() / 2, incData + " bytes for a changed layer of " + code2.path("size").asLong());
        Path both = tmp.resolve("both");
        Files.createDirectories(both);
        for (Path d : List.of(full.getParent(), inc.getParent())) {
            try (var s = Files.list(d)) {
                for (Path f : s.filter(p -> p.getFileName().toString().contains("img_")).toList()) Files.copy(f, both.resolve(f.getFileName()));
            }
        }
        try (RegistryServer dst = RegistryServer.builder().start()) {
            assertEquals(0, new FerryCli().run("load", both.resolve(full.getFileName()).toString(), "--to", dst.host(), "-q").exit());
            FerryCli.Result load = new FerryCli().run("load", both.resolve(inc.getFileName()).toString(), "--to", dst.host(), "-q");
            assertEquals(0, load.exit(), load::toString);
            assertEquals(app2.digest(), digestAt(dst.host() + "/public/app:2"));
            verifyAt(dst.host() + "/public/app:2", tmp);
            verifyAt(dst.host() + "/public/app:1", tmp);
        }
    }

    static FerryCli.Result saveAs(Path dir, String compress, String... args) throws IOException {
        Files.createDirectories(dir);
        Path lst = dir.resolve("img-" + System.nanoTime() + ".lst");
        List<String> images = new java.util.ArrayList<>(), flags = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("-")) {
                flags.add(args[i]);
                flags.add(args[++i]);
            } else {
                images.add(args[i]);
            }
        }
        Files.writeString(lst, String.join("\n", images) + "\n");
        List<String> cmd = new java.util.ArrayList<>(List.of("save", lst.toString(), "--from", src.host(), "--compress", compress, "--dir", dir.toString(), "-q"));
        cmd.addAll(flags);
        FerryCli.Result r = new FerryCli().run(cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    @Test
    void aTamperedPackIsRefusedBeforeAnythingIsPushed(@TempDir Path tmp) throws Exception {
        Path meta = meta(save(tmp, "r.example/public/app:1"));
        Path data = Files.list(meta.getParent()).filter(p -> p.toString().endsWith(".squash"))
                .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        byte[] bytes = Files.readAllBytes(data);
        // change a byte in the middle (a content frame) and fix the data file's sha256 up in the meta file, as a careful forger would
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(data, bytes);
        String oldSha = null;
        List<String> lines = Files.readAllLines(meta);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).endsWith("name: " + data.getFileName())) oldSha = lines.get(i + 2).trim().substring(8);
        String newSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Files.writeString(meta, Files.readString(meta).replace(oldSha, newSha));
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertEquals(2, load.exit(), load::toString);
            assertTrue(load.err().contains("damaged or tampered") || load.err().contains("not valid"), load::toString);
            assertTrue(Skopeo.run(List.of("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + dst.host() + "/public/app:1")).exitCode() != 0,
                    "nothing may be pushed");
        }
    }

    /** What the registry answers to a GET of {@code path} (only loopback). */
    static int status(RegistryServer r, String path) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create("http://" + r.host() + path).toURL().openConnection();
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aTamperFoundWhileALayerStreamsAbandonsItsUploadAndNoTagAppears(@TempDir Path tmp) throws Exception {
        // --trust-pack: the data files are not hashed first, so the damage is met only while the layers stream to the target
        Path meta = meta(save(tmp, "r.example/public/app:1", "r.example/public/multi:1.0"));
        Path data = Files.list(meta.getParent()).filter(p -> p.toString().endsWith(".squash"))
                .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(data, bytes);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q", "--trust-pack");
            assertEquals(2, load.exit(), load::toString);
            assertTrue(load.err().contains("damaged or tampered") || load.err().contains("does not hash"), load::toString);
            for (String repo : List.of("public/app", "public/multi")) {
                assertEquals(404, status(dst, "/v2/" + repo + "/manifests/" + (repo.endsWith("app") ? "1" : "1.0")), repo + ": no tag may appear");
            }
        }
    }

    @Test
    void aLayerWhoseGzipDoesNotComeOutAsItsDigestIsNeverCommitted(@TempDir Path tmp) throws Exception {
        // the recipe rebuilds the right diff_id, but the meta file now names another gzip level: the compressed bytes are not the digest
        Path meta = meta(save(tmp, "r.example/public/app:1"));
        String text = Files.readString(meta);
        assertTrue(text.contains("gzipLevel: 9"), text);
        Files.writeString(meta, text.replace("gzipLevel: 9", "gzipLevel: 1"));
        String layer = JSON.readTree(app1.raw()).path("layers").get(1).path("digest").asText();
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
            assertEquals(2, load.exit(), load::toString);
            assertEquals(404, status(dst, "/v2/public/app/blobs/" + layer), "the upload of the layer is abandoned");
            assertEquals(404, status(dst, "/v2/public/app/manifests/1"), "no tag may appear");
        }
    }

    /** The squash load's temporary files ({@code ferry-squash-*}) in java.io.tmpdir that {@code which} accepts. */
    static java.util.Set<Path> squashTempFiles(java.util.function.Predicate<Path> which) {
        try (var all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith("ferry-squash-") && which.test(p)).collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
