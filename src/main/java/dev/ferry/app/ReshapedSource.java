package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Platform;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * An image read from another source and reshaped ({@link Reshape}): its layers recompressed, or
 * squashed into one, written to temporary files (digests must be known before the manifest) and
 * served from there; the config (squash: diff_ids and history) and manifest are written anew. An
 * index is reduced to one platform's image (the one asked for, else linux/amd64, else the first).
 * Every source blob is hashed as it streams.
 */
final class ReshapedSource implements ImageSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private final ImageSource source;
    private final Reshape how;
    private final Platform platform;
    private final Path temp;
    private final Map<Digest, Path> files = new HashMap<>();
    private final Map<Digest, byte[]> small = new HashMap<>();
    private Manifest result;

    ReshapedSource(ImageSource source, Reshape how, Platform platform) throws IOException {
        this.source = source;
        this.how = how;
        this.platform = platform;
        this.temp = Files.createTempDirectory("ferry-reshape-");
    }

    @Override public String describe() { return source.describe(); }

    @Override public synchronized Manifest manifest(String reference) throws IOException {
        if (result != null) return result;
        Manifest top = source.manifest(reference);
        ImageManifest m;
        if (top instanceof ImageIndex idx) {
            Descriptor pick = null;
            for (Descriptor d : idx.manifests()) {
                if (d.platform() == null) continue;
                if (platform != null ? platform.matches(d.platform()) : "linux".equals(d.platform().os()) && "amd64".equals(d.platform().architecture())) {
                    pick = d;
                    break;
                }
            }
            if (pick == null) pick = idx.manifests().get(0);
            Manifest child = source.manifest(pick);
            if (!(child instanceof ImageManifest im)) throw new BadInputException(Text.of("copy.reshape_nested_index", describe()));
            m = im;
        } else {
            m = (ImageManifest) top;
        }
        ObjectNode config = (ObjectNode) JSON.readTree(source.readBlob(m.config()));
        ObjectNode manifest = (ObjectNode) JSON.readTree(m.bytes());
        ArrayNode layers = manifest.putArray("layers");
        boolean oci = how.zstd() || OCI_MANIFEST.equals(m.mediaType());
        String layerType = oci ? "application/vnd.oci.image.layer.v1.tar+" + how.codec() : "application/vnd.docker.image.rootfs.diff.tar.gzip";
        if (how.squash()) {
            LayerSquash.Written w = new LayerSquash(source, m.layers()).write(temp.resolve("squashed"), this::compress);
            files.put(w.digest(), w.file());
            layers.addObject().put("mediaType", layerType).put("digest", w.digest().toString()).put("size", w.size());
            config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(w.diffId().toString());
            StringBuilder made = new StringBuilder();
            for (JsonNode h : config.path("history")) {
                String c = h.path("created_by").asText("");
                if (!c.isEmpty()) made.append(made.length() == 0 ? "" : " && ").append(c);
            }
            ArrayNode history = config.putArray("history");
            ObjectNode one = history.addObject();
            if (config.hasNonNull("created")) one.put("created", config.get("created").asText());
            one.put("created_by", made.toString());
            one.put("comment", "ferry copy --squash of " + m.layers().size() + " layers");
        } else {
            for (Descriptor l : m.layers()) {
                Path out = temp.resolve("layer-" + l.digest().hex());
                MessageDigest sha = sha256();
                long size;
                try (InputStream in = LayerSquash.uncompressed(source, l); OutputStream file = Files.newOutputStream(out);
                     CountingOut counted = new CountingOut(new DigestOutputStream(file, sha)); OutputStream z = compress(counted)) {
                    in.transferTo(z);
                    z.close();
                    size = counted.count;
                }
                Digest d = Digest.parse("sha256:" + HexFormat.of().formatHex(sha.digest()));
                files.put(d, out);
                layers.addObject().put("mediaType", layerType).put("digest", d.toString()).put("size", size);
            }
        }
        byte[] configBytes = JSON.writeValueAsBytes(config);
        Digest configDigest = Digest.sha256(configBytes);
        small.put(configDigest, configBytes);
        String configType = oci ? "application/vnd.oci.image.config.v1+json" : m.config().mediaType();
        manifest.putObject("config").put("mediaType", configType).put("digest", configDigest.toString()).put("size", configBytes.length);
        // keep field order: schemaVersion, mediaType, config, layers
        ObjectNode ordered = JSON.createObjectNode();
        ordered.put("schemaVersion", 2);
        ordered.put("mediaType", oci ? OCI_MANIFEST : m.mediaType());
        ordered.set("config", manifest.get("config"));
        ordered.set("layers", layers);
        if (manifest.has("annotations")) ordered.set("annotations", manifest.get("annotations"));
        byte[] raw = JSON.writeValueAsBytes(ordered);
        result = Manifest.parse(raw, oci ? OCI_MANIFEST : m.mediaType());
        return result;
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        if (result != null && result.digest().equals(descriptor.digest())) return result;
        throw new dev.ferry.pack.PackReader.NotInPack(describe() + ": a reshaped image has no manifest " + descriptor.digest());
    }

    @Override public InputStream openBlob(Descriptor d) throws IOException {
        byte[] b = small.get(d.digest());
        if (b != null) return new java.io.ByteArrayInputStream(b);
        Path p = files.get(d.digest());
        if (p == null) throw new dev.ferry.pack.PackReader.NotInPack(describe() + ": a reshaped image has no blob " + d.digest());
        return Files.newInputStream(p);
    }

    private OutputStream compress(OutputStream out) throws IOException {
        if (how.zstd()) {
            com.github.luben.zstd.ZstdOutputStream z = new com.github.luben.zstd.ZstdOutputStream(out);
            z.setLevel(how.level());
            return new java.io.BufferedOutputStream(z, 1 << 16);
        }
        int level = how.level();
        return new java.util.zip.GZIPOutputStream(out, 1 << 16) {
            { def.setLevel(level); }
        };
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override public void close() throws IOException {
        try {
            source.close();
        } finally {
            try (var s = Files.list(temp)) {
                for (Path p : s.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(temp);
        }
    }

    /** Counts the bytes written through it. */
    static final class CountingOut extends java.io.FilterOutputStream {
        long count;

        CountingOut(OutputStream out) {
            super(out);
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    static VerifyingInputStream verified(ImageSource s, Descriptor d) throws IOException {
        return new VerifyingInputStream(s.openBlob(d), d, Text.of("oci.layer_of", d.digest().shortForm(), s.describe()), null);
    }
}
