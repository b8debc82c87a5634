package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * image-transmit's {@code compressor: squashfs} packs, made here in the shape it writes them: each
 * gzip layer unpacked by the real {@code tar} into {@code HEX/} beside its tar-split record
 * {@code HEX_tar-split.json.gz}, the config as {@code HEX.json}, the folder made into one squashfs
 * image by the real {@code mksquashfs}, and a meta file that records the data file's size as 0.
 */
@Timeout(180)
class TransmitSquashfsPackTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSquashfsPackLoadsWithEveryLayerRebuiltToItsDiffId(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("mksquashfs");
        Tools.require("unsquashfs");
        Path layout = tmp.resolve("layout");
        TestImages.Image img = TestImages.single(layout, "app", "linux", "amd64", 3, 200_000, true);
        Path work = tmp.resolve("work");
        Files.createDirectories(work);
        JsonNode manifest = JSON.readTree(img.raw());
        Files.write(work.resolve(hex(manifest.path("config").path("digest").asText()) + ".json"),
                Files.readAllBytes(TestImages.blobPath(layout, manifest.path("config").path("digest").asText())));
        ObjectNode blobs = JSON.createObjectNode();
        String name = "10.45.80.1/public/app:1";
        blobs.putArray(hex(manifest.path("config").path("digest").asText())).add(name);
        for (JsonNode l : manifest.path("layers")) {
            String hex = hex(l.path("digest").asText());
            byte[] tar;
            try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(TestImages.blobPath(layout, l.path("digest").asText())))) {
                tar = in.readAllBytes();
            }
            Path dir = work.resolve(hex);
            Files.createDirectories(dir);
            Path tarFile = tmp.resolve(hex + ".tar");
            Files.write(tarFile, tar);
            var x = Tools.run(java.time.Duration.ofSeconds(60), List.of("tar", "-C", dir.toString(), "-x", "--no-same-owner", "--no-same-permissions", "-f", tarFile.toString()));
            assertEquals(0, x.exitCode(), x::toString);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(work.resolve(hex + "_tar-split.json.gz")))) {
                out.write(tarSplit(tar));
            }
            blobs.putArray(hex).add(name);
        }
        Path pack = tmp.resolve("pack");
        Files.createDirectories(pack);
        String dataFile = "img_full_202612011200.squashfs";
        var mk = Tools.run(java.time.Duration.ofSeconds(60), List.of("mksquashfs", work.toString(), pack.resolve(dataFile).toString(), "-noappend", "-no-progress"));
        assertEquals(0, mk.exitCode(), mk::toString);
        ObjectNode meta = JSON.createObjectNode();
        meta.putObject("datafiles").put(dataFile, 0);
        meta.put("compressor", "squashfs");
        meta.set("blobs", blobs);
        meta.putObject("manifests").put(name, new String(img.raw(), StandardCharsets.UTF_8));
        Path metaFile = pack.resolve("img_full_202612011200_meta.yaml");
        Files.writeString(metaFile, new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).writeValueAsString(meta));

        try (RegistryServer dst = RegistryServer.builder().start()) {
            FerryCli.Result load = new FerryCli().run("load", metaFile.toString(), "--to", dst.host());
            assertEquals(0, load.exit(), load::toString);
            assertTrue(load.err().contains("gets a new digest: " + img.digest()) || load.out().contains("gets a new digest: " + img.digest()), load::toString);
            // skopeo pulls every blob (digests verified)
            Skopeo.copyAllToOciDir(dst.host() + "/public/app:1", tmp.resolve("check"), Options.plain());
            // each layer at the registry is now an uncompressed tar whose digest is its diff_id
            JsonNode m = JSON.readTree(Skopeo.inspectRaw(dst.host() + "/public/app:1", Options.plain()));
            JsonNode config = JSON.readTree(get(dst, m.path("config").path("digest").asText()));
            assertEquals(3, m.path("layers").size());
            for (int i = 0; i < 3; i++) {
                JsonNode l = m.path("layers").get(i);
                assertEquals("application/vnd.docker.image.rootfs.diff.tar", l.path("mediaType").asText());
                byte[] blob = get(dst, l.path("digest").asText());
                assertEquals(l.path("size").asLong(), blob.length);
                assertEquals(config.path("rootfs").path("diff_ids").get(i).asText(), "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(blob)));
            }
        }
    }

    static byte[] get(RegistryServer r, String digest) throws IOException {
        var c = (java.net.HttpURLConnection) java.net.URI.create("http://" + r.host() + "/v2/public/app/blobs/" + digest).toURL().openConnection();
        try (var in = c.getInputStream()) {
            return in.readAllBytes();
        } finally {
            c.disconnect();
        }
    }

    static String hex(String digest) {
        return digest.substring("sha256:".length());
    }

    /** The tar-split record of a tar, as vbatts/tar-split's JSON packer writes it: a segment for headers and padding, a file entry per header. */
    static byte[] tarSplit(byte[] tar) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<ObjectNode> entries = new ArrayList<>();
        int pos = 0, position = 0;
        while (pos + 512 <= tar.length) {
            boolean zero = true;
            for (int i = pos; i < pos + 512; i++) if (tar[i] != 0) { zero = false; break; }
            if (zero) break;
            long size = Long.parseLong(new String(tar, pos + 124, 12, StandardCharsets.US_ASCII).trim().replace("\0", "").isEmpty() ? "0"
                    : new String(tar, pos + 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
            byte type = tar[pos + 156];
            String n = new String(tar, pos, 100, StandardCharsets.UTF_8);
            n = n.indexOf('\0') >= 0 ? n.substring(0, n.indexOf('\0')) : n;
            String prefix = new String(tar, pos + 345, 155, StandardCharsets.UTF_8);
            prefix = prefix.indexOf('\0') >= 0 ? prefix.substring(0, prefix.indexOf('\0')) : prefix;
            if (!prefix.isEmpty()) n = prefix + "/" + n;
            entries.add(segment(java.util.Arrays.copyOfRange(tar, pos, pos + 512), position++));
            pos += 512;
            int pad = (int) ((512 - size % 512) % 512);
            if (type == '0' || type == 0) {
                ObjectNode f = JSON.createObjectNode();
                f.put("type", 1).put("name", n).put("size", size).put("payload", Base64.getEncoder().encodeToString(new byte[8])).put("position", position++);
                entries.add(f);
            } else if (size > 0) {
                entries.add(segment(java.util.Arrays.copyOfRange(tar, pos, pos + (int) size), position++));
            }
            pos += (int) size;
            if (pad > 0) entries.add(segment(java.util.Arrays.copyOfRange(tar, pos, pos + pad), position++));
            pos += pad;
        }
        if (pos < tar.length) entries.add(segment(java.util.Arrays.copyOfRange(tar, pos, tar.length), position));
        for (ObjectNode e : entries) {
            out.write(JSON.writeValueAsBytes(e));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static ObjectNode segment(byte[] bytes, int position) {
        ObjectNode s = JSON.createObjectNode();
        s.put("type", 2).put("payload", Base64.getEncoder().encodeToString(bytes)).put("position", position);
        return s;
    }
}
