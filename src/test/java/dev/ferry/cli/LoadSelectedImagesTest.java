package dev.ferry.cli;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry load META --image NAME}: only the named images of a pack reach the target, and only the blobs they
 * need are verified first (a blob only a left-out image uses may be damaged; one a chosen image needs may not).
 */
@Timeout(240)
class LoadSelectedImagesTest {
    static Path work;
    static Image web, api, db;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-load-images-test-");
        Path layout = work.resolve("images");
        web = TestImages.single(layout, "web", "linux", "amd64", 2, 120_000, false);
        api = TestImages.multiArch(layout, "api", 1, 120_000, false);
        db = TestImages.single(layout, "db", "linux", "amd64", 2, 120_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "web", src.host() + "/public/web:3.2", Options.plain(), false);
        Skopeo.pushOciDir(layout, "api", src.host() + "/public/api:1.4", Options.plain(), true);
        Skopeo.pushOciDir(layout, "db", src.host() + "/public/db:9.1", Options.plain(), false);
        Skopeo.copy(src.host() + "/public/web:3.2", Options.plain(), src.host() + "/public/web:3.3", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    private static Path save(Path dir, String inc, String... images) throws IOException {
        return save(dir, inc, List.of(), images);
    }

    private static Path save(Path dir, String inc, List<String> flags, String... images) throws IOException {
        Path lst = dir.resolve("img-" + System.nanoTime() + ".lst");
        Files.writeString(lst, String.join("\n", images) + "\n");
        List<String> args = new java.util.ArrayList<>(List.of("save", lst.toString(), "--from", src.host(), "--dir", dir.toString(), "-q"));
        if (inc != null) args.addAll(List.of("--inc", inc));
        args.addAll(flags);
        FerryCli.Result save = new FerryCli().run(args.toArray(String[]::new));
        assertEquals(0, save.exit(), save::toString);
        return PackCommandsTest.metaOf(save);
    }

    private static List<String> repositories(RegistryServer dst) {
        var r = Tools.run(java.time.Duration.ofMinutes(1), List.of("curl", "-s", dst.url() + "/v2/_catalog"));
        assertTrue(r.ok(), r::describe);
        String json = r.stdout();
        return List.of(json.substring(json.indexOf('[') + 1, json.indexOf(']')).replace("\"", "").split(",")).stream()
                .filter(s -> !s.isBlank()).sorted().toList();
    }

    @Test
    void loadsOnlyTheNamedImagesAndNothingOfTheOthers(@TempDir Path tmp) throws IOException {
        Path meta = save(tmp, null, "x.example/public/web:3.2", "x.example/public/api:1.4", "x.example/public/db:9.1");
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q",
                    "--image", "public/web:3.2", "--image", "public/api:1.4");
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.out().contains("Loaded 2 of 2"), load::toString);
            assertEquals(web.digest(), PackCommandsTest.digestAt(dst.host() + "/public/web:3.2"));
            assertEquals(api.digest(), PackCommandsTest.digestAt(dst.host() + "/public/api:1.4"));
            Skopeo.copyAllToOciDir(dst.host() + "/public/api:1.4", tmp.resolve("check"), Options.plain());
            assertEquals(List.of("public/api", "public/web"), repositories(dst), "the registry holds only the two images");
            assertEquals(0, dst.countRequests("*", "/v2/public/db/.*"), "no request at all for the third image:\n" + dst.logText());
            assertTrue(dst.countRequests("PUT", "/v2/public/web/manifests/.*") > 0, "the access log sees the pushes it should");
            for (TestImages.Blob b : db.layers()) {
                assertEquals(0, dst.countRequests("*", ".*" + b.digest() + ".*"), "no blob of the third image: " + b.digest());
            }
        }
    }

    @Test
    void aNameThePackLacksIsBadInputListingWhatItHas(@TempDir Path tmp) throws IOException {
        Path meta = save(tmp, null, "x.example/public/web:3.2", "x.example/public/api:1.4", "x.example/public/db:9.1");
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result bad = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "--image", "public/web:3.2", "--image", "public/cache:1");
            assertEquals(2, bad.exit(), bad::toString);
            assertTrue(bad.err().contains(meta + " holds no image named public/cache:1; name one of: public/web:3.2, public/api:1.4, public/db:9.1"),
                    bad::toString);
            assertEquals(0, dst.countRequests("*", "/v2/public/.*"), "nothing was pushed");

            FerryCli.Result zh = new FerryCli().run("--lang", "zh_CN", "load", meta.toString(), "--to", dst.host(), "--image", "public/cache:1");
            assertEquals(2, zh.exit(), zh::toString);
            assertTrue(zh.err().contains("中没有名为 public/cache:1 的镜像；请指定其中之一：public/web:3.2, public/api:1.4, public/db:9.1"), zh::toString);
        }
    }

    @Test
    void anImageOfAnIncrementalPackWhoseBlobsAreInTheParentStillLoads(@TempDir Path tmp) throws IOException {
        Path full = save(tmp, null, "x.example/public/web:3.2");
        Path inc = save(tmp, full.toString(), "x.example/public/web:3.3", "x.example/public/db:9.1");
        assertFalse(Files.readString(inc).contains("public/web:3.2"), "the incremental pack holds only its own images");
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result early = new FerryCli().run("load", inc.toString(), "--to", dst.host(), "-q", "--image", "public/web:3.3");
            assertEquals(1, early.exit(), early::toString);
            assertTrue(early.out().contains("load " + full.getFileName() + " first"), early::toString);
            assertEquals(0, dst.countRequests("*", "/v2/public/db/.*"), "the image not named is not touched");

            assertEquals(0, new FerryCli().run("load", full.toString(), "--to", dst.host(), "-q").exit());
            FerryCli.Result then = new FerryCli().run("load", inc.toString(), "--to", dst.host(), "-q", "--image", "public/web:3.3");
            assertEquals(0, then.exit(), then::toString);
            assertEquals(web.digest(), PackCommandsTest.digestAt(dst.host() + "/public/web:3.3"));
            assertEquals(List.of("public/web"), repositories(dst));
        }
    }

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Flips a byte in the middle of blob {@code digest}'s frame in its data file, then writes the data files' true sizes
     * and sha256 into the meta file, as a careful forger would: only the blob's own digest can tell.
     */
    private static void tamper(Path meta, String digest) throws Exception {
        ObjectNode m = (ObjectNode) YAML.readTree(meta.toFile());
        JsonNode blob = null;
        for (JsonNode b : m.get("blobs")) if (b.get("digest").asText().equals(digest)) blob = b;
        assertTrue(blob != null && blob.hasNonNull("file"), "the pack holds " + digest + " in a data file: " + m.get("blobs"));
        Path data = meta.resolveSibling(blob.get("file").asText());
        try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
            long at = blob.get("offset").asLong() + Math.max(1, blob.get("length").asLong() / 2);
            f.seek(at);
            int x = f.read();
            f.seek(at);
            f.write(x ^ 0x20);
        }
        for (JsonNode d : m.get("datafiles")) {
            Path f = meta.resolveSibling(d.get("name").asText());
            ((ObjectNode) d).put("size", Files.size(f)).put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
        }
        YAML.writeValue(meta.toFile(), m);
    }

    private static boolean tagged(RegistryServer dst, String repoTag) {
        return Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + dst.host() + "/" + repoTag)).exitCode() == 0;
    }

    /** The blob of {@code image} that a tamper reaches: a layer in a plain pack, the config in a squash pack (stored as it is). */
    private static String blobOf(Image image, boolean squash) {
        return squash ? image.config().digest() : image.layers().get(0).digest();
    }

    @Test
    void aDamagedBlobOnlyALeftOutImageUsesDoesNotStopTheChosenOnesButOneTheyNeedDoes(@TempDir Path tmp) throws Exception {
        for (List<String> flags : List.of(List.<String>of(), List.of("--compress", "squash"))) {
            boolean squash = !flags.isEmpty();
            Path dir = Files.createDirectories(tmp.resolve(squash ? "squash" : "plain"));
            Path meta = save(dir, null, flags, "x.example/public/web:3.2", "x.example/public/api:1.4", "x.example/public/db:9.1");
            tamper(meta, blobOf(db, squash));
            try (RegistryServer dst = RegistryServer.builder().start()) {
                FerryCli.Result whole = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
                assertEquals(2, whole.exit(), "the whole pack, damaged blob and all, is refused: " + whole);
                assertFalse(tagged(dst, "public/web:3.2"), "nothing of a refused pack is tagged");

                FerryCli.Result chosen = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q", "--image", "public/web:3.2", "--image", "public/api:1.4");
                assertEquals(0, chosen.exit(), (squash ? "squash: " : "") + "the chosen images need no damaged blob: " + chosen);
                assertEquals(web.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/public/web:3.2", Options.plain())));
                assertEquals(api.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/public/api:1.4", Options.plain())));
                assertFalse(tagged(dst, "public/db:9.1"));
            }

            tamper(meta, blobOf(web, squash));
            try (RegistryServer dst = RegistryServer.builder().start()) {
                FerryCli.Result refused = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q", "--image", "public/web:3.2");
                assertEquals(2, refused.exit(), (squash ? "squash: " : "") + "a damaged blob the chosen image needs is refused: " + refused);
                assertTrue(refused.err().contains("pack " + meta.getFileName() + " is incomplete or damaged, nothing was loaded"), refused::toString);
                assertTrue(refused.err().contains(blobOf(web, squash).substring(0, 19)), "names the damaged blob: " + refused);
                assertFalse(tagged(dst, "public/web:3.2"), "no tag for the image with the damaged blob");
                assertEquals(0, dst.countRequests("PUT", ".*"), "nothing was pushed:\n" + dst.logText());
                assertEquals(0, dst.countRequests("POST", ".*"), "no upload was started:\n" + dst.logText());
            }
        }
    }
}
