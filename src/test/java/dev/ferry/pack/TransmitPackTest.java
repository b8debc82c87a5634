package dev.ferry.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.Engine;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.ImageTask;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.registry.RegistryImageSink;
import dev.ferry.registry.RegistryOptions;
import dev.ferry.registry.RegistryPool;
import dev.ferry.registry.RetryListener;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.TransferFailure;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import dev.ferry.testing.TransmitWriter;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads packs laid out exactly as image-transmit's download mode writes them (core/offline.go,
 * core/compression.go, cmd/main.go): per-worker tar data files with blobs named hex+suffix, and a
 * go-yaml meta file with datafiles / compressor / blobs / manifests / blobdoing.
 */
@Timeout(60)
class TransmitPackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALPINE = "10.45.80.1/public/alpine:3.11";
    static final String OCI = "http://10.45.80.1/public/oci-app:1.0";
    static final String MULTI = "10.45.80.1/public/multi:2.0";

    static Path work;
    static Path layout;
    static TestImages.Image dockerSingle;
    static TestImages.Image ociSingle;
    static TestImages.Image multi;
    static String prettyAlpine;

    @BeforeAll
    static void setUp() throws IOException {
        work = Files.createTempDirectory("ferry-transmit-test-");
        layout = work.resolve("images");
        dockerSingle = TestImages.single(layout, "alpine", "linux", "amd64", 2, 30_000, true);
        ociSingle = TestImages.single(layout, "oci", "linux", "arm64", 1, 20_000, false);
        multi = TestImages.multiArch(layout, "multi", 1, 10_000, true);
        // registries commonly serve schema 2 manifests pretty-printed; go-yaml then writes a literal block
        prettyAlpine = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(dockerSingle.raw()));
        assertTrue(prettyAlpine.contains("\n"));
    }

    @AfterAll
    static void tearDown() {
        TempDirs.deleteRecursively(work);
    }

    static Path fullPack(Path dir) throws IOException {
        return new TransmitWriter(layout, dir, "img_full_202401011200", 3)
                .image(ALPINE, prettyAlpine, dockerSingle)
                .image(OCI, ociSingle.rawString(), ociSingle)
                .image(MULTI, multi.rawString(), multi)
                .finish();
    }

    static List<Descriptor> blobsOf(Manifest m) {
        if (m instanceof ImageManifest im) return im.blobs();
        List<Descriptor> out = new ArrayList<>();
        for (TestImages.Image c : multi.children()) out.addAll(((ImageManifest) Manifest.parse(c.raw(), null)).blobs());
        return out;
    }

    static void readVerified(TransmitPack pack, Descriptor d) throws IOException {
        try (InputStream in = pack.openBlob(d);
             VerifyingInputStream v = new VerifyingInputStream(in, d, "blob " + d.digest(), null)) {
            v.drainAndVerify();
            assertTrue(v.isVerified());
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void readsAFullPack() throws Exception {
        Path meta = fullPack(work.resolve("full"));
        assertTrue(TransmitPack.looksLikeTransmitMeta(meta));
        try (TransmitPack pack = TransmitPack.open(meta)) {
            assertEquals(List.of(ALPINE, MULTI, OCI), pack.images().stream().map(TransmitPack.Image::name).toList());
            assertTrue(pack.parents().isEmpty());

            Manifest alpine = pack.manifest(pack.images().get(0).reference());
            assertArrayEquals(prettyAlpine.getBytes(StandardCharsets.UTF_8), alpine.bytes(), "the literal block reads back byte for byte");
            assertEquals(Optional.of(alpine.digest()), pack.digestOf(ALPINE));
            assertSame(alpine.digest(), pack.manifest(alpine.digest().toString()).digest());
            assertSame(alpine.digest(), pack.manifest(alpine.descriptor()).digest());
            Manifest oci = pack.manifest(OCI);
            assertArrayEquals(ociSingle.raw(), oci.bytes());
            Manifest list = pack.manifest(MULTI);
            assertInstanceOf(ImageIndex.class, list);
            assertArrayEquals(multi.raw(), list.bytes());

            // every blob of every image, several at once, verified against its descriptor
            Set<Descriptor> all = new LinkedHashSet<>();
            for (Manifest m : List.of(alpine, oci, list)) all.addAll(blobsOf(m));
            assertEquals(dockerSingle.blobDigests().size() + ociSingle.blobDigests().size() + multi.blobDigests().size(),
                    all.stream().map(Descriptor::digest).distinct().count());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int round = 0; round < 3; round++) for (Descriptor d : all) fs.add(pool.submit(() -> { readVerified(pack, d); return null; }));
                for (Future<?> f : fs) f.get();
            } finally {
                pool.shutdown();
            }
            assertTrue(pack.parentBlobs(ALPINE).isEmpty());

            // the list's platform manifests are not saved by image-transmit: a clear not-found
            Descriptor child = ((ImageIndex) list).manifests().get(0);
            IOException e = assertThrows(IOException.class, () -> pack.manifest(child));
            assertTrue(((TransferFailure) e).isNotFound());
            assertTrue(e.getMessage().contains("platform manifest") && e.getMessage().contains(MULTI), e.getMessage());

            IOException none = assertThrows(IOException.class, () -> pack.manifest("10.45.80.1/public/nope:1"));
            assertTrue(((TransferFailure) none).isNotFound());
            assertEquals(ErrorKind.NOT_FOUND, ((TransferFailure) none).kind());
            assertEquals(ErrorKind.NOT_FOUND, ((TransferFailure) e).kind());
            Descriptor stranger = new Descriptor("application/octet-stream", Digest.sha256("nope"), 4);
            assertTrue(((TransferFailure) assertThrows(IOException.class, () -> pack.openBlob(stranger))).isNotFound());
            // a descriptor whose size disagrees with the entry is refused before any byte is served
            Descriptor first = blobsOf(alpine).get(0);
            IOException wrongSize = assertThrows(IOException.class, () -> pack.openBlob(new Descriptor(first.mediaType(), first.digest(), first.size() + 1)));
            assertTrue(wrongSize.getMessage().contains(first.digest().hex() + ".json") && wrongSize.getMessage().contains("holds"), wrongSize.getMessage());
        }
        // ferry's own meta files are not taken for image-transmit ones
        Path ferryMeta = work.resolve("ferry_meta.yaml");
        Files.writeString(ferryMeta, "format: ferry-pack\nversion: 1\ndatafiles: []\nmanifests: []\n");
        assertFalse(TransmitPack.looksLikeTransmitMeta(ferryMeta));
        assertFalse(TransmitPack.looksLikeTransmitMeta(work.resolve("absent.yaml")));
    }

    static void assertSame(Digest a, Digest b) {
        assertEquals(a, b);
    }

    @Test
    void entriesUseImageTransmitsNames() throws IOException {
        Path meta = fullPack(work.resolve("names"));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(meta.resolveSibling("img_full_202401011200_" + i + ".tar"))) {
                tar.getEntries().forEach(e -> names.add(e.getName()));
            }
        }
        String cfg = dockerSingle.config().digest().substring(7);
        String layer = dockerSingle.layers().get(0).digest().substring(7);
        String ociLayer = ociSingle.layers().get(0).digest().substring(7);
        assertTrue(names.contains(cfg + ".json"));
        assertTrue(names.contains(layer + ".tar.gz"));
        assertTrue(names.contains(ociLayer + ".raw"), "OCI tar+gzip layers get .raw from GetBlobSuffix");
        assertEquals(names.size(), names.stream().distinct().count(), "the shared base layer of the list is stored once");
    }

    @Test
    void pushesAnImageThroughTheEngine() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Path meta = fullPack(work.resolve("push"));
        try (TransmitPack pack = TransmitPack.open(meta);
             RegistryServer reg = RegistryServer.builder().start();
             RegistryPool pool = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test", Map.of())) {
            RegistryImageSink sink = new RegistryImageSink(pool.client(reg.host()), "public/alpine");
            ImageResult r = new Engine(new Engine.Settings(4, 1, Duration.ofMillis(50), false), null)
                    .run(List.of(new ImageTask(ALPINE, pack, pack.images().get(0).reference(), sink, "3.11", ALPINE, sink.describe(), List.of())))
                    .images().get(0);
            assertEquals(ImageResult.Status.COPIED, r.status(), String.valueOf(r.error()));
            byte[] served = Skopeo.inspectRawBytes(reg.host() + "/public/alpine:3.11", Options.plain());
            assertArrayEquals(prettyAlpine.getBytes(StandardCharsets.UTF_8), served);
            assertEquals(pack.digestOf(ALPINE).orElseThrow(), Digest.sha256(served));
            assertEquals(pack.digestOf(ALPINE).orElseThrow(), r.targetDigest());
        }
    }

    @Test
    void incrementalPackNamesItsParent() throws IOException {
        Path dir = work.resolve("incr");
        Path parent = new TransmitWriter(layout, dir, "img_full_202401011200", 2).image(ALPINE, prettyAlpine, dockerSingle).finish();
        List<String> parentHexes = new ArrayList<>(TransmitWriter.blobInfos(dockerSingle).stream().map(TransmitWriter.BlobInfo::hex).toList());
        Path meta = new TransmitWriter(layout, dir, "img_incr_202401021200", 2)
                .incrementalOf(parent.getFileName().toString(), parentHexes)
                .image(ALPINE, prettyAlpine, dockerSingle)
                .image(OCI, ociSingle.rawString(), ociSingle)
                .finish();
        assertTrue(Files.readString(meta).contains("- https://last.img/skip/it:img_full_202401011200_meta.yaml"));
        try (TransmitPack pack = TransmitPack.open(meta)) {
            assertEquals(Set.of("img_full_202401011200_meta.yaml"), pack.parents());
            Manifest alpine = pack.manifest(ALPINE);
            for (Descriptor d : blobsOf(alpine)) {
                IOException e = assertThrows(IOException.class, () -> pack.openBlob(d));
                assertTrue(((TransferFailure) e).isNotFound());
                assertFalse(((TransferFailure) e).isRetryable());
                assertTrue(e.getMessage().contains("img_full_202401011200_meta.yaml"), e.getMessage());
            }
            assertEquals(blobsOf(alpine).size(), pack.parentBlobs(ALPINE).size());
            assertEquals("img_full_202401011200_meta.yaml", pack.parentBlobs(ALPINE).get(0).parentMeta());
            for (Descriptor d : blobsOf(pack.manifest(OCI))) readVerified(pack, d);
            assertTrue(pack.parentBlobs(OCI).isEmpty());
        }
        // the full pack itself serves them
        try (TransmitPack full = TransmitPack.open(parent)) {
            for (Descriptor d : blobsOf(full.manifest(ALPINE))) readVerified(full, d);
        }
    }

    /** Flips a byte in the middle of the data-file entry holding blob {@code digest}. */
    static void tamperEntry(Path meta, String digest) throws IOException {
        String hex = digest.substring(7);
        try (var files = Files.list(meta.getParent())) {
            for (Path f : files.filter(x -> x.getFileName().toString().endsWith(".tar")).toList()) {
                long at = -1;
                try (org.apache.commons.compress.archivers.tar.TarFile tar = new org.apache.commons.compress.archivers.tar.TarFile(f)) {
                    for (TarArchiveEntry e : tar.getEntries()) if (e.getName().startsWith(hex)) at = e.getDataOffset() + e.getSize() / 2;
                }
                if (at < 0) continue;
                try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                    r.seek(at);
                    int b = r.read();
                    r.seek(at);
                    r.write(b ^ 0x20);
                }
                return;
            }
        }
        throw new AssertionError("no entry for " + digest);
    }

    /** load --image: only the entries the chosen images need are read first; a damaged one they need still refuses. */
    @Test
    void verifyingChosenImagesReadsOnlyTheirEntries() throws IOException {
        Path meta = fullPack(work.resolve("chosen"));
        tamperEntry(meta, ociSingle.layers().get(0).digest());
        try (TransmitPack pack = TransmitPack.open(meta)) {
            long[] read = {0};
            pack.verify(2, (done, total) -> read[0] = total, List.of(ALPINE));
            long alpineBytes = dockerSingle.layers().stream().mapToLong(TestImages.Blob::size).sum() + dockerSingle.config().size();
            assertEquals(alpineBytes, read[0], "only the chosen image's entries were read");

            InvalidInputException chosen = assertThrows(InvalidInputException.class, () -> pack.verify(2, (d, t) -> { }, List.of(OCI)));
            assertTrue(chosen.getMessage().contains(ociSingle.layers().get(0).digest().substring(7, 19)), chosen.getMessage());
            InvalidInputException whole = assertThrows(InvalidInputException.class, () -> pack.verify(2, (d, t) -> { }));
            assertTrue(whole.getMessage().contains(ociSingle.layers().get(0).digest().substring(7, 19)), whole.getMessage());
        }
    }

    @Test
    void blobListedButNotInAnyDataFile() throws IOException {
        Path dir = work.resolve("unfinished");
        TransmitWriter w = new TransmitWriter(layout, dir, "img_full_202401011200", 1).image(ALPINE, prettyAlpine, dockerSingle);
        String dropped = w.entries(0).remove(0); // as if the download stopped before this blob was written
        Path meta = w.finish();
        try (TransmitPack pack = TransmitPack.open(meta)) {
            Descriptor d = blobsOf(pack.manifest(ALPINE)).stream().filter(x -> dropped.startsWith(x.digest().hex())).findFirst().orElseThrow();
            IOException e = assertThrows(IOException.class, () -> pack.openBlob(d));
            assertTrue(((TransferFailure) e).isNotFound());
            assertTrue(e.getMessage().contains("no data file holds it"), e.getMessage());
        }
    }

    /** A one-image pack whose single data file gets {@code extra} appended as an entry of type {@code flag}. */
    static Path packWithExtraEntry(String dirName, String entryName, byte flag) throws IOException {
        Path dir = work.resolve(dirName);
        TransmitWriter w = new TransmitWriter(layout, dir, "img_full_202401011200", 1).image(OCI, ociSingle.rawString(), ociSingle);
        Path meta = w.finish();
        Path data = dir.resolve("img_full_202401011200_0.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(data))) {
            for (String entry : w.entries(0)) {
                byte[] bytes = Files.readAllBytes(w.content(entry));
                tar.putArchiveEntry(TransmitWriter.goEntry(entry, bytes.length, TarConstants.LF_NORMAL));
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry e = TransmitWriter.goEntry(entryName, flag == TarConstants.LF_NORMAL ? 5 : 0, flag);
            if (flag == TarConstants.LF_SYMLINK) e.setLinkName("/etc/passwd");
            tar.putArchiveEntry(e);
            if (flag == TarConstants.LF_NORMAL) tar.write("evil\n".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
        }
        Files.writeString(meta, Files.readString(meta).replaceAll("img_full_202401011200_0.tar: \\d+", "img_full_202401011200_0.tar: " + Files.size(data)));
        return meta;
    }

    @Test
    void rejectsHostileEntries() throws IOException {
        String hex = "ab".repeat(32);
        for (var c : List.of(
                Map.entry("../../etc/cron.d/evil", TarConstants.LF_NORMAL),
                Map.entry("/etc/passwd", TarConstants.LF_NORMAL),
                Map.entry(hex + ".tar.gz/../x", TarConstants.LF_NORMAL),
                Map.entry(hex + ".tar.gz", TarConstants.LF_SYMLINK),
                Map.entry(hex + ".json", TarConstants.LF_LINK))) {
            Path meta = packWithExtraEntry("hostile-" + Math.abs(c.getKey().hashCode()) + "-" + c.getValue(), c.getKey(), c.getValue());
            IOException e = assertThrows(IOException.class, () -> TransmitPack.open(meta), c.getKey());
            assertTrue(e.getMessage().contains("img_full_202401011200_0.tar"), e.getMessage());
            assertTrue(e.getMessage().contains("unexpected entry") || e.getMessage().contains("not a regular file"), e.getMessage());
        }
    }

    @Test
    void rejectsDockerArchiveDataFiles() throws IOException {
        Path meta = packWithExtraEntry("dockerfile", "manifest.json", TarConstants.LF_NORMAL);
        IOException e = assertThrows(IOException.class, () -> TransmitPack.open(meta));
        assertTrue(e.getMessage().contains("docker archive"), e.getMessage());
    }

    @Test
    void verifyHashesEveryBlobEntryAndNamesOneWhoseBytesWereChanged() throws IOException {
        Path meta = fullPack(work.resolve("verify"));
        List<long[]> seen = new ArrayList<>();
        try (TransmitPack pack = TransmitPack.open(meta)) {
            pack.verify(2, (done, total) -> seen.add(new long[] {done, total}));
        }
        assertFalse(seen.isEmpty(), "progress was told");
        assertEquals(seen.get(seen.size() - 1)[1], seen.get(seen.size() - 1)[0], "it ends at the total");
        Path data = meta.resolveSibling("img_full_202401011200_0.tar");
        String name;
        long at;
        try (org.apache.commons.compress.archivers.tar.TarFile tar = new org.apache.commons.compress.archivers.tar.TarFile(data)) {
            TarArchiveEntry e = tar.getEntries().stream().filter(x -> x.getSize() > 100).findFirst().orElseThrow();
            name = e.getName();
            at = e.getDataOffset() + e.getSize() / 2;
        }
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(data.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 1);
        }
        try (TransmitPack pack = TransmitPack.open(meta)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> pack.verify(1, (done, total) -> { }));
            assertTrue(e.getMessage().contains("img_full_202401011200_0.tar:" + name + " does not match its digest"), e.getMessage());
        }
    }

    @Test
    void missingOrTruncatedDataFiles() throws IOException {
        Path meta = fullPack(work.resolve("missing"));
        Files.delete(meta.resolveSibling("img_full_202401011200_1.tar"));
        IOException e = assertThrows(IOException.class, () -> TransmitPack.open(meta));
        assertTrue(e.getMessage().contains("img_full_202401011200_1.tar is missing"), e.getMessage());

        Path meta2 = fullPack(work.resolve("truncated"));
        Path data = meta2.resolveSibling("img_full_202401011200_0.tar");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length - 4096));
        IOException t = assertThrows(IOException.class, () -> TransmitPack.open(meta2));
        assertTrue(t.getMessage().contains("img_full_202401011200_0.tar has") && t.getMessage().contains("truncated"), t.getMessage());
    }

    @Test
    void rejectsABrokenSquashfsFileAndBadMetaFields() throws IOException {
        Path dir = Files.createDirectories(work.resolve("bad-meta"));
        Path squash = dir.resolve("img_full_202401011200_meta.yaml");
        Files.writeString(squash, "datafiles:\n  img_full_202401011200.squashfs: 4096\ncompressor: squashfs\nblobs: {}\nmanifests: {}\nblobdoing: {}\n");
        Files.write(dir.resolve("img_full_202401011200.squashfs"), new byte[4096]);
        assertTrue(TransmitPack.looksLikeTransmitMeta(squash));
        IOException e = assertThrows(IOException.class, () -> TransmitPack.open(squash));
        // squashfs packs are read with unsquashfs (TransmitSquashfsPackTest); this one is 4096 zero bytes, which it refuses
        assertTrue(e instanceof InvalidInputException && e.getMessage().contains("unsquashfs could not unpack img_full_202401011200.squashfs"), e.getMessage());

        for (String name : List.of("../img_0.tar", "sub/img_0.tar", "..", "C:\\img_0.tar")) {
            Path m = dir.resolve("path_meta.yaml");
            Files.writeString(m, "datafiles:\n  '" + name + "': 1024\ncompressor: tar\nblobs: {}\nmanifests: {}\n");
            IOException p = assertThrows(IOException.class, () -> TransmitPack.open(m), name);
            assertTrue(p.getMessage().contains("datafiles[\"" + name + "\"]") && p.getMessage().contains("plain file name"), p.getMessage());
        }

        Path m = dir.resolve("shape_meta.yaml");
        Files.writeString(m, "datafiles:\n  a.tar: lots\ncompressor: tar\nmanifests: {}\n");
        assertTrue(assertThrows(IOException.class, () -> TransmitPack.open(m)).getMessage().contains("datafiles[\"a.tar\"]"));
        Files.writeString(m, "datafiles: {}\ncompressor: gzip\nmanifests: {}\n");
        assertTrue(assertThrows(IOException.class, () -> TransmitPack.open(m)).getMessage().contains("compressor"));
        Files.writeString(m, "datafiles: {}\ncompressor: tar\nblobs:\n  sha256:abc: []\nmanifests: {}\n");
        assertTrue(assertThrows(IOException.class, () -> TransmitPack.open(m)).getMessage().contains("blobs[\"sha256:abc\"]"));
        Files.writeString(m, "datafiles:\n  a.tar: 0\ncompressor: tar\nmanifests:\n  x/y:1: 'not json'\n");
        Files.write(dir.resolve("a.tar"), new byte[0]);
        IOException j = assertThrows(IOException.class, () -> TransmitPack.open(m));
        assertTrue(j.getMessage().contains("manifests[\"x/y:1\"]"), j.getMessage());
    }

    @Test
    void aDataFileWithoutEntriesIsFine() throws IOException {
        // maxconn workers each get a data file; one that never got a blob is an empty tar
        Path meta = new TransmitWriter(layout, work.resolve("sparse"), "img_full_202401011200", 4).image(OCI, ociSingle.rawString(), ociSingle).finish();
        try (TransmitPack pack = TransmitPack.open(meta)) {
            for (Descriptor d : blobsOf(pack.manifest(OCI))) readVerified(pack, d);
        }
        // older Go tar writers leave the type flag NUL for regular files
        TransmitWriter old = new TransmitWriter(layout, work.resolve("oldnorm"), "img_full_202401011200", 1);
        old.typeflag(TarConstants.LF_OLDNORM);
        Path oldMeta = old.image(OCI, ociSingle.rawString(), ociSingle).finish();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarFile(oldMeta.resolveSibling("img_full_202401011200_0.tar"))) {
            assertEquals(TarConstants.LF_OLDNORM, tar.getEntries().get(0).getLinkFlag());
        }
        try (TransmitPack pack = TransmitPack.open(oldMeta)) {
            for (Descriptor d : blobsOf(pack.manifest(OCI))) readVerified(pack, d);
        }
    }

    /** ferry load with an image-transmit meta file, as a user runs it: single-platform images land; a manifest list fails alone. */
    @Test
    void ferryLoadReadsAnImageTransmitPack() throws IOException {
        dev.ferry.testing.Tools.require("docker-registry");
        dev.ferry.testing.Tools.require("skopeo");
        Path meta = fullPack(work.resolve("cli-pack"));
        try (RegistryServer reg = RegistryServer.builder().start()) {
            java.io.StringWriter out = new java.io.StringWriter(), err = new java.io.StringWriter();
            int code = dev.ferry.cli.Main.run(new String[]{"load", meta.toString(), "--to", reg.host(), "-q",
                            "--rename", "public/oci-app:1.0 -> customer/oci-app:1.0", "--log", work.resolve("load.log").toString()},
                    new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                    Map.of("CI", "true", "DOCKER_CONFIG", work.toString()));
            String shown = out + "\n" + err;
            assertEquals(1, code, shown);
            assertTrue(out.toString().contains("Loaded 2 of 3 images"), shown);
            assertTrue(shown.contains("public/multi:2.0"), shown);
            // the pack keeps the manifest text the registry served (pretty-printed here): that exact text is pushed
            assertEquals(Skopeo.digest(prettyAlpine), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/public/alpine:3.11", Options.plain())));
            assertEquals(ociSingle.digest(), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/customer/oci-app:1.0", Options.plain())));
        }
    }
}
