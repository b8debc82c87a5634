package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
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
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry save} and {@code ferry load} through real registries, checked with skopeo, tar, lz4 and xz. */
@Timeout(240)
class PackCommandsTest {
    static Path work;
    static Path layout;
    static Image multi, single, base1, base2;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-pack-test-");
        layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 150_000, false);
        single = TestImages.single(layout, "single", "linux", "amd64", 2, 150_000, true);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi", src.host() + "/public/multi:1.0", Options.plain(), true);
        Skopeo.pushOciDir(layout, "single", src.host() + "/public/single:2.0", Options.plain(), false);
        // release 2 of "single": the same image pushed under another tag plus the multi image's blobs shared
        Skopeo.copy(src.host() + "/public/single:2.0", Options.plain(), src.host() + "/public/single:2.1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static Path list(Path dir, String... lines) throws IOException {
        Path f = dir.resolve("img-" + System.nanoTime() + ".lst");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    static Path metaOf(FerryCli.Result r) {
        return r.out().lines().filter(l -> l.startsWith("Create meta file: ")).map(l -> Path.of(l.substring("Create meta file: ".length())))
                .findFirst().orElseThrow(() -> new AssertionError("no meta file in: " + r));
    }

    static String digestAt(String ref) {
        return Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain()));
    }

    @Test
    void savesAndLoadsEveryCompressionAndVerifiesOnTheWay(@TempDir Path tmp) throws IOException {
        for (String c : List.of("none", "lz4", "xz")) {
            Path lst = list(tmp, "10.45.80.1/public/multi:1.0", "10.45.80.1/public/single:2.0");
            FerryCli.Result save = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--compress", c, "--dir", tmp.resolve(c).toString(), "-j", "3");
            assertEquals(0, save.exit(), save::toString);
            Path meta = metaOf(save);
            String text = Files.readString(meta);
            assertTrue(text.contains("format: ferry-pack") && text.contains("target: public/multi:1.0"), text);
            long stored = text.lines().filter(l -> l.trim().startsWith("- digest: sha256:") || l.trim().startsWith("digest: sha256:")).count();
            assertTrue(stored > 0);
            // each distinct blob once, whatever number of images share it
            for (String blob : multi.blobDigests()) assertEquals(1, countBlobEntries(text, blob), blob);
            // the data files are ordinary tar streams for tar, lz4 and xz
            try (Stream<Path> files = Files.list(meta.getParent())) {
                for (Path f : files.filter(p -> p.toString().contains("_img_full_") || p.getFileName().toString().startsWith("img_full_"))
                        .filter(p -> !p.toString().endsWith(".yaml")).toList()) {
                    String cmd = switch (c) {
                        case "lz4" -> "lz4 -dc '" + f + "' | tar t";
                        case "xz" -> "xz -dc '" + f + "' | tar t";
                        default -> "tar tf '" + f + "'";
                    };
                    ProcessResult t = Tools.run(java.time.Duration.ofMinutes(1), List.of("bash", "-c", "set -o pipefail; " + cmd));
                    assertTrue(t.ok(), t::describe);
                }
            }
            try (RegistryServer dst = RegistryServer.builder().start()) {
                FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q");
                assertEquals(0, load.exit(), load::toString);
                assertEquals(multi.digest(), digestAt(dst.host() + "/public/multi:1.0"));
                assertEquals(single.digest(), digestAt(dst.host() + "/public/single:2.0"));
                Skopeo.copyAllToOciDir(dst.host() + "/public/multi:1.0", tmp.resolve("check-" + c), Options.plain());

                // started again: nothing moves
                FerryCli.Result again = new FerryCli().run("load", meta.toString(), "--to", dst.host());
                assertEquals(0, again.exit(), again::toString);
                assertTrue(again.out().contains("pushed 0 B"), again::toString);
            }
        }
    }

    private static long countBlobEntries(String meta, String digest) {
        String blobs = meta.substring(meta.indexOf("\nblobs:"));
        return blobs.lines().filter(l -> l.contains("digest: " + digest)).count();
    }

    @Test
    void aSingleUncompressedFileIsAlsoADockerAndOciArchive(@TempDir Path tmp) throws IOException {
        Path lst = list(tmp, "x.example/public/single:2.0", "x.example/public/multi:1.0");
        FerryCli.Result save = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--single-file", "--docker-format",
                "--dir", tmp.toString(), "--out", "release");
        assertEquals(0, save.exit(), save::toString);
        Path meta = metaOf(save);
        assertTrue(meta.getFileName().toString().startsWith("release_img_full_"), meta::toString);
        Path data = Path.of(meta.toString().replace("_meta.yaml", "_0.tar"));
        ProcessResult oci = Skopeo.run(List.of("skopeo", "inspect", "--raw", "oci-archive:" + data + ":public/multi:1.0"));
        assertTrue(oci.ok(), oci::describe);
        assertEquals(multi.digest(), Skopeo.digest(oci.stdoutBytes()));
        ProcessResult all = Skopeo.run(List.of("skopeo", "copy", "--all", "oci-archive:" + data + ":public/multi:1.0", "oci:" + tmp.resolve("o") + ":x"));
        assertTrue(all.ok(), all::describe);
        ProcessResult docker = Skopeo.run(List.of("skopeo", "copy", "docker-archive:" + data + ":public/single:2.0", "oci:" + tmp.resolve("d") + ":x"));
        assertTrue(docker.ok(), docker::describe);
        assertTrue(Files.readString(Path.of(tmp.resolve("d").toString(), "index.json")).contains("manifests"));
    }

    @Test
    void anIncrementalPackHoldsOnlyNewBlobsAndNeedsItsParentLoadedFirst(@TempDir Path tmp) throws IOException {
        FerryCli.Result full = new FerryCli().run("save", list(tmp, "r.example/public/single:2.0").toString(), "--from", src.host(),
                "--dir", tmp.toString(), "-q");
        assertEquals(0, full.exit(), full::toString);
        Path fullMeta = metaOf(full);
        FerryCli.Result inc = new FerryCli().run("save", list(tmp, "r.example/public/single:2.1", "r.example/public/multi:1.0").toString(),
                "--from", src.host(), "--dir", tmp.toString(), "--inc", fullMeta.toString(), "-q");
        assertEquals(0, inc.exit(), inc::toString);
        Path incMeta = metaOf(inc);
        assertTrue(incMeta.getFileName().toString().contains("img_inc_"), incMeta::toString);
        String text = Files.readString(incMeta);
        assertTrue(text.contains("parents:\n- meta: " + fullMeta.getFileName()), text);
        var index = dev.ferry.pack.PackMeta.read(incMeta).blobIndex();
        for (TestImages.Blob b : single.layers()) {
            var blob = index.get(dev.ferry.oci.Digest.parse(b.digest()));
            assertTrue(blob.inParent() && blob.parent().equals(fullMeta.getFileName().toString()), "layer " + b.digest() + " is left to the parent");
        }
        for (String d : multi.blobDigests()) assertFalse(index.get(dev.ferry.oci.Digest.parse(d)).inParent(), "new blobs are in the pack");
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result early = new FerryCli().run("load", incMeta.toString(), "--to", dst.host(), "-q");
            assertEquals(1, early.exit(), early::toString);
            assertTrue(early.out().contains("load " + fullMeta.getFileName() + " first"), early::toString);
            assertEquals(0, dst.countRequests("PUT", "/v2/public/single/.*"), "nothing of that image was pushed");
            assertEquals(multi.digest(), digestAt(dst.host() + "/public/multi:1.0"), "images that need no parent blob still load");

            assertEquals(0, new FerryCli().run("load", fullMeta.toString(), "--to", dst.host(), "-q").exit());
            FerryCli.Result then = new FerryCli().run("load", incMeta.toString(), "--to", dst.host(), "-q");
            assertEquals(0, then.exit(), then::toString);
            assertEquals(single.digest(), digestAt(dst.host() + "/public/single:2.1"));
        }
    }

    @Test
    void damagedPacksAndHostileMetaFilesAreRefusedBeforeAnythingIsPushed(@TempDir Path tmp) throws IOException {
        FerryCli.Result save = new FerryCli().run("save", list(tmp, "r.example/public/single:2.0").toString(), "--from", src.host(),
                "--dir", tmp.toString(), "--single-file", "-q");
        assertEquals(0, save.exit(), save::toString);
        Path meta = metaOf(save);
        Path data = Path.of(meta.toString().replace("_meta.yaml", "_0.tar"));
        try (RegistryServer dst = RegistryServer.builder().start()) {
            try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
                f.seek(5000);
                int b = f.read();
                f.seek(5000);
                f.write(b ^ 1);
            }
            FerryCli.Result damaged = new FerryCli().run("load", meta.toString(), "--to", dst.host());
            assertEquals(2, damaged.exit(), damaged::toString);
            assertTrue(damaged.err().contains(data.getFileName() + " is damaged"), damaged::toString);
            try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
                f.setLength(f.length() - 1000);
            }
            FerryCli.Result truncated = new FerryCli().run("load", meta.toString(), "--to", dst.host());
            assertEquals(2, truncated.exit(), truncated::toString);
            assertTrue(truncated.err().contains("truncated"), truncated::toString);
            Files.delete(data);
            FerryCli.Result missing = new FerryCli().run("load", meta.toString(), "--to", dst.host());
            assertTrue(missing.err().contains(data.getFileName() + " is missing"), missing::toString);
            assertEquals(2, missing.exit(), missing::toString);
            assertEquals(0, dst.countRequests("*", "/v2/public/.*"), "nothing was pushed");

            Path evil = tmp.resolve("evil_meta.yaml");
            Files.writeString(evil, Files.readString(meta).replaceFirst("- name: \\S+", "- name: ../../etc/passwd"));
            FerryCli.Result e = new FerryCli().run("load", evil.toString(), "--to", dst.host());
            assertEquals(2, e.exit(), e::toString);
            assertTrue(e.err().contains("not a plain file name"), e::toString);
            Path broken = tmp.resolve("broken_meta.yaml");
            Files.writeString(broken, "format: ferry-pack\nversion: 1\nimages: [unclosed\n");
            FerryCli.Result b = new FerryCli().run("load", broken.toString(), "--to", dst.host());
            assertTrue(b.err().contains("broken_meta.yaml:"), b::toString);
            assertEquals(2, b.exit(), b::toString);
        }
    }

    @Test
    void imageTransmitsSaveAndUploadFlagsWork(@TempDir Path tmp) throws IOException {
        Path cfg = tmp.resolve("cfg.yaml");
        try (RegistryServer gz = RegistryServer.builder().start()) {
            Files.writeString(cfg, "source:\n- registry: http://" + src.host() + "\n  name: nj\ntarget:\n- registry: http://" + gz.host() + "\n  name: gz\n");
            Path lst = list(tmp, "10.45.80.1/public/single:2.0");
            FerryCli.Result save = new FerryCli().run("-src=nj", "-lst=" + lst, "-config=" + cfg, "-out=daily");
            assertEquals(0, save.exit(), save::toString);
            Path meta = metaOf(save);
            FerryCli.Result load = new FerryCli().run("-dst=gz", "-img=" + meta, "-config=" + cfg);
            assertEquals(0, load.exit(), load::toString);
            assertEquals(single.digest(), digestAt(gz.host() + "/public/single:2.0"));
            assertFalse(Files.readString(meta).contains("password"));
        }
    }

    @Test
    void aSecondSaveThroughTheCacheMakesNoBlobGet(@TempDir Path tmp) throws IOException {
        Path lst = list(tmp, "r.example/public/multi:1.0", "r.example/public/single:2.0");
        Path cache = tmp.resolve("cache");
        FerryCli.Result first = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--dir", tmp.resolve("day1").toString(),
                "--cache", cache.toString(), "-q");
        assertEquals(0, first.exit(), first::toString);
        long gets = src.countRequests("GET", "/v2/public/.*/blobs/.*");
        FerryCli.Result second = new FerryCli().run("save", lst.toString(), "--from", src.host(), "--dir", tmp.resolve("day2").toString(),
                "--cache", cache.toString(), "-q");
        assertEquals(0, second.exit(), second::toString);
        assertEquals(gets, src.countRequests("GET", "/v2/public/.*/blobs/.*"), "the second save read every blob from the cache");
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", metaOf(second).toString(), "--to", dst.host(), "-q");
            assertEquals(0, load.exit(), load::toString);
            assertEquals(multi.digest(), digestAt(dst.host() + "/public/multi:1.0"));
        }
    }

    @Test
    void loadsLayoutsAndArchivesMadeByOtherTools(@TempDir Path tmp) throws IOException {
        Path ociArchive = tmp.resolve("multi.tar");
        ProcessResult oa = Skopeo.run(List.of("skopeo", "copy", "--all", "--src-tls-verify=false",
                "docker://" + src.host() + "/public/multi:1.0", "oci-archive:" + ociArchive + ":public/multi:1.0"));
        assertTrue(oa.ok(), oa::describe);
        Path dockerArchive = tmp.resolve("single.tar");
        ProcessResult da = Skopeo.run(List.of("skopeo", "copy", "--src-tls-verify=false",
                "docker://" + src.host() + "/public/single:2.0", "docker-archive:" + dockerArchive + ":public/single:2.0"));
        assertTrue(da.ok(), da::describe);
        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result o = new FerryCli().run("load", ociArchive.toString(), "--to", dst.host(), "-q");
            assertEquals(0, o.exit(), o::toString);
            assertEquals(multi.digest(), digestAt(dst.host() + "/public/multi:1.0"), "an OCI archive loads byte for byte");

            FerryCli.Result d = new FerryCli().run("load", dockerArchive.toString(), "--to", dst.host(), "-q");
            assertEquals(0, d.exit(), d::toString);
            FerryCli.Result inspect = new FerryCli().run("inspect", "-o", "json", dst.host() + "/public/single:2.0");
            assertEquals(single.config().digest(), inspect.json().get("images").get(0).get("config").asText(),
                    "a docker archive gets a new manifest over the same config");
            Skopeo.copyAllToOciDir(dst.host() + "/public/single:2.0", tmp.resolve("check"), Options.plain());

            FerryCli.Result l = new FerryCli().run("load", layout.toString(), "--to", dst.host(), "-q");
            assertEquals(0, l.exit(), l::toString);
            assertEquals(multi.digest(), digestAt(dst.host() + "/images:multi"), "a bare tag takes the folder's name");

            Path evil = tmp.resolve("evil.tar");
            ProcessResult t = Tools.run(java.time.Duration.ofSeconds(30), List.of("bash", "-c",
                    "cd '" + tmp + "' && mkdir -p x && echo hi > x/f && tar cf '" + evil + "' --transform='s,^x/f,../evil,' x/f"));
            assertTrue(t.ok(), t::describe);
            FerryCli.Result e = new FerryCli().run("load", evil.toString(), "--to", dst.host());
            assertEquals(2, e.exit(), e::toString);
            assertTrue(e.err().contains("is not one an image archive may hold"), e::toString);
        }
    }
}
