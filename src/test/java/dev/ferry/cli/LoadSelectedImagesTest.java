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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry load META --image NAME}: only the named images of a pack reach the target. */
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
        Path lst = dir.resolve("img-" + System.nanoTime() + ".lst");
        Files.writeString(lst, String.join("\n", images) + "\n");
        List<String> args = new java.util.ArrayList<>(List.of("save", lst.toString(), "--from", src.host(), "--dir", dir.toString(), "-q"));
        if (inc != null) args.addAll(List.of("--inc", inc));
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
}
