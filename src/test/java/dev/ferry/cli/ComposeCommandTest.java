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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 004's mirror scheme with {@code ferry compose}: its ignore list as it shows it, its name table
 * (PREFIX = a loopback registry's yarnb-docker-mirrors), single-arch linux/amd64 copies, and the
 * mirror compose file with only the image: values changed. The Docker Hub and ghcr.io names are
 * read from a loopback registry through --from.
 */
@Timeout(180)
class ComposeCommandTest {
    static Path work;
    static Image multi, single;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-compose-");
        Path layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 2_000, false);
        single = TestImages.single(layout, "single", "linux", "amd64", 1, 2_000, true);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi", src.host() + "/nginx:latest", Options.plain(), true);
        Skopeo.pushOciDir(layout, "multi", src.host() + "/langgenius/dify-api:2.0.0-beta.2", Options.plain(), true);
        Skopeo.pushOciDir(layout, "single", src.host() + "/langgenius/dify-sandbox:0.2.12", Options.plain(), false);
        Skopeo.pushOciDir(layout, "single", src.host() + "/chroma-core/chroma:0.5.20", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static Path project(Path dir) throws IOException {
        Files.writeString(dir.resolve("docker-compose.yaml"), SeedFiles.text("seed004-docker-compose.yaml"));
        Files.writeString(dir.resolve(".env"), SeedFiles.text("seed004.env"));
        Files.writeString(dir.resolve("ignore-images.txt"), SeedFiles.text("seed004-ignore-images.txt"));
        return dir.resolve("docker-compose.yaml");
    }

    static String digestAt(String ref) {
        return Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain()));
    }

    @Test
    void mirrorsEveryImageAsTheSeedsTableShowsAndWritesTheMirrorFile(@TempDir Path tmp) throws IOException {
        try (RegistryServer aliyun = RegistryServer.builder().start()) {
            Path compose = project(tmp);
            Path mirror = tmp.resolve("docker-compose-mirror.yaml");
            FerryCli.Result r = new FerryCli().run("compose", compose.toString(), "--from", src.host(), "--to", aliyun.host(),
                    "--prefix", "yarnb-docker-mirrors", "--flatten", "--ignore", tmp.resolve("ignore-images.txt").toString(),
                    "--platform", "linux/amd64", "--write", mirror.toString(), "-q", "--log", tmp.resolve("log").toString());
            assertEquals(0, r.exit(), r::toString);
            assertTrue(r.out().contains("skipped worker-tools: it is built here (build:)"), r::toString);
            assertTrue(r.out().contains("ignored vastbase: vastdata/vastbase-vector (in the ignore list)"), r::toString);
            assertTrue(r.out().contains("Done: 4 images, 4 ok, 0 failed"), r::toString);

            String prefix = aliyun.host() + "/yarnb-docker-mirrors/";
            String amd64 = multi.childDigests().get(0);
            // the seed's table
            assertEquals(amd64, digestAt(prefix + "nginx:latest"), "linux/amd64 alone");
            assertEquals(amd64, digestAt(prefix + "langgenius-dify-api:2.0.0-beta.2"));
            assertEquals(single.digest(), digestAt(prefix + "chroma-core-chroma:0.5.20"));
            // a variable from .env
            assertEquals(single.digest(), digestAt(prefix + "langgenius-dify-sandbox:0.2.12"));

            String expected = SeedFiles.text("seed004-docker-compose.yaml")
                    .replace("image: langgenius/dify-api:${DIFY_VERSION:-2.0.0-beta.2}", "image: " + prefix + "langgenius-dify-api:2.0.0-beta.2")
                    .replace("image: 'langgenius/dify-sandbox:${SANDBOX_VERSION}'", "image: '" + prefix + "langgenius-dify-sandbox:0.2.12'")
                    .replace("image: nginx:latest", "image: " + prefix + "nginx:latest")
                    .replace("image: \"ghcr.io/chroma-core/chroma:0.5.20\"", "image: \"" + prefix + "chroma-core-chroma:0.5.20\"");
            assertEquals(expected, Files.readString(mirror), "only the image: values changed; comments, quotes, order kept");
        }
    }

    @Test
    void withoutFlattenThePathIsKeptAndTheEnvironmentWinsOverDotEnv(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            Path compose = project(tmp);
            Skopeo.copy("docker://" + src.host() + "/langgenius/dify-sandbox:0.2.12", Options.plain(),
                    "docker://" + src.host() + "/langgenius/dify-sandbox:0.2.13", Options.plain(), false);
            FerryCli.Result r = new FerryCli().env("SANDBOX_VERSION", "0.2.13").run("compose", compose.toString(), "--from", src.host(),
                    "--to", dst.host(), "--prefix", "mirrors", "--ignore", tmp.resolve("ignore-images.txt").toString(), "-q",
                    "--log", tmp.resolve("log").toString(), "--write", tmp.resolve("m.yaml").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(multi.digest(), digestAt(dst.host() + "/mirrors/langgenius/dify-api:2.0.0-beta.2"), "every platform without --platform");
            assertEquals(single.digest(), digestAt(dst.host() + "/mirrors/chroma-core/chroma:0.5.20"));
            assertEquals(single.digest(), digestAt(dst.host() + "/mirrors/langgenius/dify-sandbox:0.2.13"));
            assertTrue(Files.readString(tmp.resolve("m.yaml")).contains("image: '" + dst.host() + "/mirrors/langgenius/dify-sandbox:0.2.13'"));
        }
    }

    @Test
    void savesAPackWhoseNamesAreTheMirrorsAndLoadsItOnTheOtherSide(@TempDir Path tmp) throws IOException {
        try (RegistryServer far = RegistryServer.builder().start()) {
            Path compose = project(tmp);
            FerryCli.Result r = new FerryCli().run("compose", compose.toString(), "--from", src.host(), "--save", "--dir", tmp.resolve("packs").toString(),
                    "--prefix", "yarnb-docker-mirrors", "--flatten", "--ignore", tmp.resolve("ignore-images.txt").toString(), "--platform", "linux/amd64",
                    "-q", "--log", tmp.resolve("log").toString());
            assertEquals(0, r.exit(), r::toString);
            Path meta;
            try (var files = Files.walk(tmp.resolve("packs"))) {
                meta = files.filter(f -> f.toString().endsWith("_meta.yaml")).findFirst().orElseThrow();
            }
            FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", far.host(), "-q", "--log", tmp.resolve("log2").toString());
            assertEquals(0, load.exit(), load::toString);
            assertEquals(multi.childDigests().get(0), digestAt(far.host() + "/yarnb-docker-mirrors/langgenius-dify-api:2.0.0-beta.2"));
            assertEquals(single.digest(), digestAt(far.host() + "/yarnb-docker-mirrors/chroma-core-chroma:0.5.20"));
        }
    }

    @Test
    void anUnsetRequiredVariableIsReportedAtItsLine(@TempDir Path tmp) throws IOException {
        Path compose = tmp.resolve("docker-compose.yaml");
        Files.writeString(compose, "services:\n  web:\n    image: app/web:${WEB_TAG:?set WEB_TAG to the release}\n");
        FerryCli.Result r = new FerryCli().run("compose", compose.toString(), "--to", "127.0.0.1:1");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(compose + ":3:12: the image of web: the variable WEB_TAG is not set: set WEB_TAG to the release"), r::toString);
        for (String bad : List.of("services: [web]\n", "version: '3'\n")) {
            Files.writeString(compose, bad);
            FerryCli.Result b = new FerryCli().run("compose", compose.toString(), "--to", "127.0.0.1:1");
            assertEquals(2, b.exit(), b::toString);
            assertTrue(b.err().contains(compose + ":1:"), b::toString);
        }
    }
}
