package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile pack suite: real packs saved by ferry from a real registry, then tampered with as an
 * attacker or a broken copy would, and loaded. Each lie is caught before anything is pushed: the
 * target registry's catalog stays empty and its access log shows no request to a repository (no
 * PUT, POST or PATCH at all), ferry exits 2 and says which file and what is wrong. Only
 * {@code --trust-pack} lets a tampered blob reach the streaming check, and then only its image
 * fails. About 10 s in all (two saves, then every load is refused within a second).
 */
@Timeout(180)
class HostilePacksTest {
    static Path work;
    static TestImages.Image first, second;
    static RegistryServer src;
    /** One target for every refused load: nothing may ever arrive there. */
    static RegistryServer dst;
    /** Saved once: uncompressed, one data file (the first image's blobs first); lz4, two data files. */
    static Path tarPack, lz4Pack;

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-hostile-packs-");
        Path layout = work.resolve("images");
        first = TestImages.single(layout, "first", "linux", "amd64", 2, 40_000, false);
        second = TestImages.multiArch(layout, "second", 1, 60_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "first", src.host() + "/public/first:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, "second", src.host() + "/public/second:1", Options.plain(), true);
        Path lst = work.resolve("release.lst");
        Files.writeString(lst, "r.example/public/first:1\nr.example/public/second:1\n");
        tarPack = save(lst, "tar", "--single-file", "--compress", "none", "-j", "1");
        lz4Pack = save(lst, "lz4", "--compress", "lz4", "-j", "2");
    }

    private static Path save(Path lst, String dir, String... flags) {
        List<String> args = new java.util.ArrayList<>(List.of("save", lst.toString(), "--from", src.host(), "--dir", work.resolve(dir).toString(), "-q"));
        args.addAll(List.of(flags));
        FerryCli.Result r = new FerryCli().run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        return PackCommandsTest.metaOf(r);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    // ------------------------------------------------------------------ the pack, copied and tampered

    /** The pack's files copied into {@code dir}; returns the copy's meta file. */
    private static Path copy(Path meta, Path dir) throws IOException {
        String base = meta.getFileName().toString().replace("_meta.yaml", "");
        try (Stream<Path> files = Files.list(meta.getParent())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(base)).toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        return dir.resolve(meta.getFileName());
    }

    private static ObjectNode readMeta(Path meta) throws IOException {
        return (ObjectNode) YAML.readTree(meta.toFile());
    }

    private static void writeMeta(Path meta, JsonNode root) throws IOException {
        YAML.writeValue(meta.toFile(), root);
    }

    private static ObjectNode blob(ObjectNode meta, String digest) {
        for (JsonNode b : meta.get("blobs")) if (b.get("digest").asText().equals(digest)) return (ObjectNode) b;
        throw new AssertionError("no blob " + digest + " in the meta file");
    }

    /** The largest layer of the second image (the one a streaming load reaches after the first image is pushed). */
    private static String secondsLayer() {
        return second.children().get(0).layers().get(0).digest();
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x20);
        }
    }

    /** Writes the data files' true sizes and sha256 into the meta file, as an attacker covering their tracks would. */
    private static void fixUpDataFiles(Path meta) throws IOException {
        ObjectNode m = readMeta(meta);
        for (JsonNode d : m.get("datafiles")) {
            Path f = meta.resolveSibling(d.get("name").asText());
            ((ObjectNode) d).put("size", Files.size(f)).put("sha256", sha256(f));
        }
        writeMeta(meta, m);
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ what a refusal looks like

    private static FerryCli.Result load(Path meta, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("load", meta.toString(), "--to", dst.host()));
        args.addAll(List.of(more));
        return new FerryCli().run(args.toArray(String[]::new));
    }

    /** Exit 2, the words expected, and nothing at all at the target. */
    private static void assertRefused(FerryCli.Result r, String... says) throws IOException, InterruptedException {
        assertEquals(2, r.exit(), r::toString);
        for (String s : says) assertTrue(r.err().contains(s), "says \"" + s + "\": " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertNothingAt(dst);
    }

    static void assertNothingAt(RegistryServer target) throws IOException, InterruptedException {
        HttpResponse<String> catalog = target.httpClient().send(HttpRequest.newBuilder(URI.create(target.url() + "/v2/_catalog")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, catalog.statusCode(), catalog::body);
        assertEquals(List.of(), List.copyOf(new ObjectMapper().readTree(catalog.body()).path("repositories").findValuesAsText("")),
                "no repository at the target: " + catalog.body());
        assertTrue(new ObjectMapper().readTree(catalog.body()).path("repositories").isEmpty(), catalog.body());
        var entries = target.accessLog();
        assertEquals(List.of(), entries.stream().filter(e -> !e.method().equals("GET") && !e.method().equals("HEAD")).map(e -> e.line()).toList(),
                "no write request reached the target");
        assertEquals(List.of(), entries.stream().filter(e -> e.path().startsWith("/v2/") && !e.path().equals("/v2/") && !e.path().equals("/v2/_catalog"))
                .map(e -> e.line()).toList(), "no request about a repository reached the target");
    }

    // ------------------------------------------------------------------ the cases

    @Test
    void theUntouchedPacksLoadAndAreCheckedBySkopeo() throws IOException {
        try (RegistryServer fresh = RegistryServer.builder().start()) {
            for (Path meta : List.of(tarPack, lz4Pack)) {
                FerryCli.Result r = new FerryCli().run("load", meta.toString(), "--to", fresh.host(), "-q");
                assertEquals(0, r.exit(), r::toString);
            }
            assertEquals(first.digest(), Skopeo.digest(Skopeo.inspectRaw(fresh.host() + "/public/first:1", Options.plain())));
            assertEquals(second.digest(), Skopeo.digest(Skopeo.inspectRaw(fresh.host() + "/public/second:1", Options.plain())));
        }
    }

    @Test
    void tamperedBlobBytesWithTheDataFileSha256FixedUpAreCaughtBeforeAnythingIsPushed(@TempDir Path tmp) throws Exception {
        Path meta = copy(tarPack, tmp);
        ObjectNode b = blob(readMeta(meta), secondsLayer());
        Path data = meta.resolveSibling(b.get("file").asText());
        flipByte(data, b.get("offset").asLong() + 512 + 1000); // inside the layer's bytes, past its tar header
        fixUpDataFiles(meta);
        assertRefused(load(meta), "pack " + meta.getFileName() + " is incomplete or damaged, nothing was loaded",
                "blob " + secondsLayer().substring(0, 19) + " in " + data.getFileName() + " at offset " + b.get("offset").asLong() + " does not match its digest");
    }

    @Test
    void aTamperedLz4FrameWithItsSha256FixedUpIsCaughtToo(@TempDir Path tmp) throws Exception {
        Path meta = copy(lz4Pack, tmp);
        ObjectNode b = blob(readMeta(meta), secondsLayer());
        Path data = meta.resolveSibling(b.get("file").asText());
        flipByte(data, b.get("offset").asLong() + b.get("length").asLong() / 2);
        fixUpDataFiles(meta);
        assertRefused(load(meta), "nothing was loaded", "blob " + secondsLayer().substring(0, 19) + " in " + data.getFileName());
    }

    @Test
    void withTrustPackATamperedBlobFailsOnlyItsImageAndIsNeverPushed(@TempDir Path tmp) throws Exception {
        Path meta = copy(tarPack, tmp);
        ObjectNode b = blob(readMeta(meta), secondsLayer());
        flipByte(meta.resolveSibling(b.get("file").asText()), b.get("offset").asLong() + 512 + 1000);
        fixUpDataFiles(meta);
        try (RegistryServer trusting = RegistryServer.builder().start()) {
            FerryCli.Result r = new FerryCli().run("load", meta.toString(), "--to", trusting.host(), "--trust-pack", "-j", "1", "--retries", "0");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.out().contains("Loaded 1 of 2 images"), r::toString);
            assertEquals(first.digest(), Skopeo.digest(Skopeo.inspectRaw(trusting.host() + "/public/first:1", Options.plain())),
                    "the sound image was pushed: what --trust-pack trades for speed");
            assertFalse(Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + trusting.host() + "/public/second:1")).ok(),
                    "the image with the tampered blob was not tagged");
            HttpResponse<Void> head = trusting.httpClient().send(HttpRequest.newBuilder(URI.create(trusting.url() + "/v2/public/second/blobs/" + secondsLayer()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(404, head.statusCode(), "the tampered blob never reached the registry");
        }
    }

    @Test
    void aBlobSizeThatDisagreesWithItsManifestIsCaughtFromTheMetaFileAlone(@TempDir Path tmp) throws Exception {
        Path meta = copy(lz4Pack, tmp);
        ObjectNode m = readMeta(meta);
        ObjectNode b = blob(m, secondsLayer());
        long size = b.get("size").asLong();
        b.put("size", size + 1);
        writeMeta(meta, m);
        assertRefused(load(meta), meta + " contradicts itself", "is " + size + " bytes in manifest", "but " + (size + 1) + " bytes under blobs");
    }

    @Test
    void aManifestReferringToABlobThePackLacksIsCaught(@TempDir Path tmp) throws Exception {
        Path meta = copy(lz4Pack, tmp);
        ObjectNode m = readMeta(meta);
        ArrayNode blobs = (ArrayNode) m.get("blobs");
        for (int i = 0; i < blobs.size(); i++) if (blobs.get(i).get("digest").asText().equals(secondsLayer())) blobs.remove(i--);
        writeMeta(meta, m);
        assertRefused(load(meta), meta + " contradicts itself", "needs blob " + secondsLayer() + ", which the pack does not list");
    }

    @Test
    void anIndexReferringToAManifestThePackLacksIsCaught(@TempDir Path tmp) throws Exception {
        Path meta = copy(lz4Pack, tmp);
        ObjectNode m = readMeta(meta);
        String child = second.childDigests().get(1);
        for (JsonNode img : m.get("images")) {
            ArrayNode ms = (ArrayNode) img.get("manifests");
            for (int i = 0; i < ms.size(); i++) if (ms.get(i).get("digest").asText().equals(child)) ms.remove(i--);
        }
        writeMeta(meta, m);
        assertRefused(load(meta), "refers to manifest " + child + ", which the pack does not hold");
    }

    @Test
    void aBlobOffsetPointingIntoAnotherBlobIsCaught(@TempDir Path tmp) throws Exception {
        Path meta = copy(tarPack, tmp);
        ObjectNode m = readMeta(meta);
        List<ObjectNode> byOffset = new java.util.ArrayList<>();
        for (JsonNode b : m.get("blobs")) byOffset.add((ObjectNode) b);
        byOffset.sort(java.util.Comparator.comparingLong(b -> b.get("offset").asLong()));
        assertTrue(byOffset.size() >= 3, "blobs enough: " + byOffset);
        ObjectNode other = byOffset.get(byOffset.size() - 2), victim = byOffset.get(byOffset.size() - 1);
        victim.put("offset", other.get("offset").asLong() + 512); // into the other blob's bytes, past its header
        writeMeta(meta, m);
        assertRefused(load(meta), meta + " contradicts itself", "points into blob " + other.get("digest").asText().substring(0, 19));
    }

    @Test
    void aFrameLengthAnUncompressedEntryCannotHaveIsCaught(@TempDir Path tmp) throws Exception {
        Path meta = copy(tarPack, tmp);
        ObjectNode m = readMeta(meta);
        ObjectNode b = blob(m, secondsLayer());
        b.put("length", b.get("length").asLong() - 512);
        writeMeta(meta, m);
        assertRefused(load(meta), "but a tar entry of " + b.get("size").asLong() + " bytes takes " + (b.get("length").asLong() + 512));
    }

    @Test
    void symbolicAndHardLinkHeadersThatCarryBytesAreRefused(@TempDir Path tmp) throws Exception {
        for (char type : new char[] {'2', '1'}) {
            Path dir = Files.createDirectory(tmp.resolve("type-" + type));
            Path meta = copy(tarPack, dir);
            ObjectNode b = blob(readMeta(meta), secondsLayer());
            Path data = meta.resolveSibling(b.get("file").asText());
            byte[] header = new byte[512];
            try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
                f.seek(b.get("offset").asLong());
                f.readFully(header);
                header[156] = (byte) type;
                byte[] target = "../../../etc/passwd".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                System.arraycopy(target, 0, header, 157, target.length);
                java.util.Arrays.fill(header, 148, 156, (byte) ' ');
                TarUtils.formatCheckSumOctalBytes(TarUtils.computeCheckSum(header), header, 148, 8);
                f.seek(b.get("offset").asLong());
                f.write(header);
            }
            fixUpDataFiles(meta);
            assertRefused(load(meta), "the tar entry blobs/sha256/" + secondsLayer().substring(7) + " is "
                    + (type == '2' ? "a symbolic link" : "a hard link") + ", not a regular file");
            try (RegistryServer trusting = RegistryServer.builder().start()) { // streamed: the header is checked as the blob is read
                FerryCli.Result r = new FerryCli().run("load", meta.toString(), "--to", trusting.host(), "--trust-pack", "--retries", "0");
                assertEquals(1, r.exit(), r::toString);
                assertTrue(r.out().contains("is " + (type == '2' ? "a symbolic link" : "a hard link") + ", not a regular file"), r::toString);
                HttpResponse<Void> head = trusting.httpClient().send(HttpRequest.newBuilder(URI.create(trusting.url() + "/v2/public/second/blobs/" + secondsLayer()))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(404, head.statusCode(), "the blob behind the link header never reached the registry");
            }
        }
    }

    @Test
    void aDamagedMissingOrUnfinishedDataFileIsNamed(@TempDir Path tmp) throws Exception {
        Path meta = copy(lz4Pack, tmp);
        String name = readMeta(meta).get("datafiles").get(1).get("name").asText();
        Path data = meta.resolveSibling(name);
        flipByte(data, 100);
        assertRefused(load(meta), name + " is damaged: its sha256 is");
        Files.move(data, data.resolveSibling(name + ".partial"));
        assertRefused(load(meta), name + " was never finished: only " + name + ".partial is there");
        Files.delete(data.resolveSibling(name + ".partial"));
        assertRefused(load(meta), name + " is missing");
        assertRefused(load(meta, "--trust-pack"), name + " is missing");
    }

    @Test
    void metaFilesThatAreMalformedAreRefusedNamingTheField(@TempDir Path tmp) throws Exception {
        Path meta = copy(lz4Pack, tmp);
        ObjectNode m = readMeta(meta);
        ((ObjectNode) m.get("images").get(0).get("manifests").get(0)).put("raw", m.get("images").get(0).get("manifests").get(0).get("raw").asText() + " ");
        writeMeta(meta, m);
        assertRefused(load(meta), meta + ": images[0].manifests[0].raw: the manifest text does not hash to");

        m = readMeta(copy(lz4Pack, Files.createDirectory(tmp.resolve("b"))));
        ((ObjectNode) m.get("blobs").get(0)).put("file", "../../etc/passwd");
        Path traversal = tmp.resolve("b").resolve(meta.getFileName());
        writeMeta(traversal, m);
        assertRefused(load(traversal), "blobs[0].file: \"../../etc/passwd\" is not a plain file name");

        Path binary = tmp.resolve("garbage_meta.yaml");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc0});
        assertRefused(load(binary), binary.toString());
    }
}
