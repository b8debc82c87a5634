package dev.ferry.testing;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes real images into OCI image layouts ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/...}): layers are gzip-compressed tar archives of files with random
 * content, configs carry correct {@code rootfs.diff_ids}, and manifests are compact,
 * deterministic JSON. Several images (tags) can share one layout directory.
 *
 * <p>Content is derived from a seed: the same seed and parameters give byte-identical blobs and
 * manifests; the overloads without a seed pick a random one, so images from different calls
 * share no blobs.
 */
public final class TestImages {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** Annotation naming a tag in {@code index.json}. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** Layers at least this big (uncompressed) are gzip-ed without compression (stored blocks), for speed. */
    static final long STORE_THRESHOLD = 4L << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final String CREATED = "2024-01-01T00:00:00Z";

    private TestImages() {
    }

    /**
     * A content-addressed blob.
     *
     * @param digest    {@code sha256:<hex>}
     * @param size      size in bytes
     * @param mediaType media type used in the referencing manifest
     * @param diffId    for layers, the digest of the uncompressed tar; otherwise {@code null}
     */
    public record Blob(String digest, long size, String mediaType, String diffId) {
    }

    /**
     * An image (manifest) or image index (manifest list) written to a layout.
     *
     * @param layoutDir the OCI layout directory
     * @param tag       the tag ({@code org.opencontainers.image.ref.name}); {@code null} for children of an index
     * @param digest    {@code sha256:} digest of {@link #raw()}
     * @param mediaType the manifest's media type
     * @param raw       the manifest bytes exactly as stored
     * @param platform  {@code os/arch} of a single-platform image; {@code null} for an index
     * @param config    the config blob; {@code null} for an index
     * @param layers    the layer blobs, base first; empty for an index
     * @param children  the platform images of an index; empty for a single image
     */
    public record Image(Path layoutDir, String tag, String digest, String mediaType, byte[] raw, String platform,
                        Blob config, List<Blob> layers, List<Image> children) {

        public Image {
            layers = List.copyOf(layers);
            children = List.copyOf(children);
        }

        /** The manifest as (UTF-8) text. */
        public String rawString() {
            return new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** Size of the manifest in bytes. */
        public long size() {
            return raw.length;
        }

        /** Whether this is an index / manifest list. */
        public boolean isIndex() {
            return !children.isEmpty();
        }

        /** Digests of the child manifests (empty for a single image). */
        public List<String> childDigests() {
            return children.stream().map(Image::digest).toList();
        }

        /** Every config and layer blob reachable from this image (children included), digest to size, deduplicated. */
        public Map<String, Long> blobSizes() {
            Map<String, Long> out = new LinkedHashMap<>();
            collect(this, out);
            return out;
        }

        /** Every config and layer blob digest reachable from this image, deduplicated. */
        public List<String> blobDigests() {
            return List.copyOf(blobSizes().keySet());
        }

        /** The skopeo reference {@code oci:<layout>:<tag>}. */
        public String ociRef() {
            return "oci:" + layoutDir + ":" + tag;
        }

        private static void collect(Image i, Map<String, Long> out) {
            if (i.config != null) {
                out.put(i.config.digest(), i.config.size());
            }
            for (Blob b : i.layers) {
                out.put(b.digest(), b.size());
            }
            for (Image c : i.children) {
                collect(c, out);
            }
        }
    }

    /**
     * Writes a single-platform image with {@code layers} layers of {@code bytesPerLayer}
     * uncompressed file content each, tagged {@code tag}, in OCI or (when
     * {@code dockerMediaTypes}) Docker schema 2 media types. Random seed.
     */
    public static Image single(Path layoutDir, String tag, String os, String arch, int layers, int bytesPerLayer,
                               boolean dockerMediaTypes) {
        return single(layoutDir, tag, os, arch, layers, bytesPerLayer, dockerMediaTypes, SEEDS.nextLong());
    }

    /** {@link #single(Path, String, String, String, int, int, boolean)} with a fixed seed. */
    public static Image single(Path layoutDir, String tag, String os, String arch, int layers, long bytesPerLayer,
                               boolean dockerMediaTypes, long seed) {
        initLayout(layoutDir);
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Blob> ls = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            ls.add(writeLayer(layoutDir, bytesPerLayer, seeds.nextLong(), dockerMediaTypes));
        }
        Image img = writeImage(layoutDir, tag, os, arch, ls, dockerMediaTypes);
        tag(layoutDir, tag, img);
        return img;
    }

    /**
     * A {@code linux/amd64} OCI image of {@code base} (a layer already in the layout, shared with other
     * images) and one layer of {@code ownBytes} of its own, tagged {@code tag}: a mirror job's many
     * small images.
     */
    public static Image onBase(Path layoutDir, String tag, Blob base, long ownBytes, long seed) {
        Image img = onBaseUntagged(layoutDir, tag, base, ownBytes, seed);
        tag(layoutDir, tag, img);
        return img;
    }

    /**
     * {@link #onBase} without naming the image in {@code index.json} (which is rewritten whole for each tag): for
     * thousands of images, pushed by their blobs' paths ({@link #blobPath}).
     */
    public static Image onBaseUntagged(Path layoutDir, String tag, Blob base, long ownBytes, long seed) {
        return writeImage(layoutDir, tag, "linux", "amd64", List.of(base, writeLayer(layoutDir, ownBytes, seed, false)), false);
    }

    /**
     * Writes an index (OCI) or manifest list (Docker) over {@code linux/amd64} and
     * {@code linux/arm64}. Each child has one shared base layer followed by
     * {@code ownLayersPerChild} layers of its own; every layer holds {@code bytesPerLayer}
     * bytes of file content. Random seed.
     */
    public static Image multiArch(Path layoutDir, String tag, int ownLayersPerChild, int bytesPerLayer,
                                  boolean dockerMediaTypes) {
        return multiArch(layoutDir, tag, ownLayersPerChild, bytesPerLayer, dockerMediaTypes, SEEDS.nextLong());
    }

    /** {@link #multiArch(Path, String, int, int, boolean)} with a fixed seed. */
    public static Image multiArch(Path layoutDir, String tag, int ownLayersPerChild, long bytesPerLayer,
                                  boolean dockerMediaTypes, long seed) {
        initLayout(layoutDir);
        SplittableRandom seeds = new SplittableRandom(seed);
        Blob shared = writeLayer(layoutDir, bytesPerLayer, seeds.nextLong(), dockerMediaTypes);
        List<Image> children = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            List<Blob> ls = new ArrayList<>();
            ls.add(shared);
            for (int i = 0; i < ownLayersPerChild; i++) {
                ls.add(writeLayer(layoutDir, bytesPerLayer, seeds.nextLong(), dockerMediaTypes));
            }
            children.add(writeImage(layoutDir, null, "linux", arch, ls, dockerMediaTypes));
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        String mediaType = dockerMediaTypes ? DOCKER_MANIFEST_LIST : OCI_INDEX;
        index.put("mediaType", mediaType);
        List<Object> manifests = new ArrayList<>();
        for (Image c : children) {
            Map<String, Object> d = descriptor(c.mediaType(), c.digest(), c.size());
            String[] p = c.platform().split("/");
            Map<String, Object> platform = new LinkedHashMap<>();
            platform.put("architecture", p[1]);
            platform.put("os", p[0]);
            d.put("platform", platform);
            manifests.add(d);
        }
        index.put("manifests", manifests);
        byte[] raw = json(index);
        Blob b = writeBytes(layoutDir, raw, mediaType);
        Image img = new Image(layoutDir, tag, b.digest(), mediaType, raw, null, null, List.of(), children);
        tag(layoutDir, tag, img);
        return img;
    }

    /**
     * Streams one layer blob into the layout: a gzip-compressed tar with a directory and up to
     * three files holding {@code bytes} bytes of random content (derived from {@code seed}) in
     * total. Memory use is constant, so multi-gigabyte layers are fine; layers of
     * {@value #STORE_THRESHOLD} bytes or more use gzip without compression (stored blocks).
     */
    public static Blob writeLayer(Path layoutDir, long bytes, long seed, boolean dockerMediaTypes) {
        initLayout(layoutDir);
        Path blobs = layoutDir.resolve("blobs/sha256");
        try {
            Path tmp = Files.createTempFile(blobs, ".layer-", ".tmp");
            MessageDigest blobDigest = sha256();
            MessageDigest diffDigest = sha256();
            int level = bytes >= STORE_THRESHOLD ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                 DigestOutputStream compressed = new DigestOutputStream(file, blobDigest);
                 GZIPOutputStream gz = new LevelGzip(compressed, level);
                 DigestOutputStream tarBytes = new DigestOutputStream(new NonClosing(gz), diffDigest);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, 512)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                String dir = "data-" + Long.toHexString(seed) + "/";
                TarArchiveEntry d = new TarArchiveEntry(dir);
                fixed(d, 0755);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
                int files = (int) Math.max(1, Math.min(3, bytes));
                SplittableRandom rnd = new SplittableRandom(seed);
                byte[] buf = new byte[1 << 16];
                long left = bytes;
                for (int f = 0; f < files; f++) {
                    long size = f == files - 1 ? left : bytes / files;
                    left -= size;
                    TarArchiveEntry e = new TarArchiveEntry(dir + "file-" + f + ".bin");
                    fixed(e, 0644);
                    e.setSize(size);
                    tar.putArchiveEntry(e);
                    long remaining = size;
                    while (remaining > 0) {
                        int n = (int) Math.min(buf.length, remaining);
                        fill(rnd, buf, n);
                        tar.write(buf, 0, n);
                        remaining -= n;
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
                tarBytes.flush();
                gz.finish();
            }
            String digest = "sha256:" + HexFormat.of().formatHex(blobDigest.digest());
            long size = Files.size(tmp);
            Path target = blobs.resolve(digest.substring(7));
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Blob(digest, size, dockerMediaTypes ? DOCKER_LAYER_GZIP : OCI_LAYER_GZIP,
                    "sha256:" + HexFormat.of().formatHex(diffDigest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256:<hex>} of the given bytes. */
    public static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }

    /** The path of a blob inside a layout. */
    public static Path blobPath(Path layoutDir, String digest) {
        int colon = digest.indexOf(':');
        return layoutDir.resolve("blobs").resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
    }

    static Image writeImage(Path layoutDir, String tag, String os, String arch, List<Blob> layers,
                                    boolean docker) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", arch);
        config.put("os", os);
        config.put("created", CREATED);
        config.put("config", Map.of("Env", List.of("PATH=/usr/local/bin:/usr/bin:/bin")));
        Map<String, Object> rootfs = new LinkedHashMap<>();
        rootfs.put("type", "layers");
        rootfs.put("diff_ids", layers.stream().map(Blob::diffId).toList());
        config.put("rootfs", rootfs);
        List<Object> history = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("created", CREATED);
            h.put("created_by", "ferry TestImages layer " + i);
            history.add(h);
        }
        config.put("history", history);
        Blob cfg = writeBytes(layoutDir, json(config), docker ? DOCKER_CONFIG : OCI_CONFIG);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        String mediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
        manifest.put("mediaType", mediaType);
        manifest.put("config", descriptor(cfg.mediaType(), cfg.digest(), cfg.size()));
        manifest.put("layers", layers.stream().map(l -> (Object) descriptor(l.mediaType(), l.digest(), l.size())).toList());
        byte[] raw = json(manifest);
        Blob m = writeBytes(layoutDir, raw, mediaType);
        return new Image(layoutDir, tag, m.digest(), mediaType, raw, os + "/" + arch, cfg, layers, List.of());
    }

    private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mediaType", mediaType);
        d.put("digest", digest);
        d.put("size", size);
        return d;
    }

    private static Blob writeBytes(Path layoutDir, byte[] data, String mediaType) {
        String digest = sha256(data);
        try {
            Path p = blobPath(layoutDir, digest);
            if (!Files.exists(p)) {
                Path tmp = Files.createTempFile(p.getParent(), ".blob-", ".tmp");
                Files.write(tmp, data);
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Blob(digest, data.length, mediaType, null);
    }

    static void initLayout(Path layoutDir) {
        try {
            Files.createDirectories(layoutDir.resolve("blobs/sha256"));
            Path layout = layoutDir.resolve("oci-layout");
            if (!Files.exists(layout)) {
                Files.writeString(layout, "{\"imageLayoutVersion\":\"1.0.0\"}");
            }
            Path index = layoutDir.resolve("index.json");
            if (!Files.exists(index)) {
                Files.writeString(index, "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[]}");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points {@code tag} in {@code index.json} at {@code img}, replacing an earlier entry for the tag. */
    static synchronized void tag(Path layoutDir, String tag, Image img) {
        try {
            Path indexFile = layoutDir.resolve("index.json");
            ObjectNode index = (ObjectNode) JSON.readTree(indexFile.toFile());
            ArrayNode old = (ArrayNode) index.get("manifests");
            ArrayNode manifests = JSON.createArrayNode();
            for (JsonNode m : old) {
                JsonNode ref = m.path("annotations").path(REF_NAME);
                if (!ref.isTextual() || !ref.asText().equals(tag)) {
                    manifests.add(m);
                }
            }
            ObjectNode d = manifests.addObject();
            d.put("mediaType", img.mediaType());
            d.put("digest", img.digest());
            d.put("size", img.size());
            d.putObject("annotations").put(REF_NAME, tag);
            index.set("manifests", manifests);
            Path tmp = Files.createTempFile(layoutDir, ".index-", ".tmp");
            Files.write(tmp, JSON.writeValueAsBytes(index));
            Files.move(tmp, indexFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fixed(TarArchiveEntry e, int mode) {
        e.setMode((e.isDirectory() ? 040000 : 0100000) | mode);
        e.setModTime(1_704_067_200_000L); // 2024-01-01T00:00:00Z
        e.setIds(0, 0);
        e.setNames("root", "root");
    }

    private static void fill(SplittableRandom rnd, byte[] buf, int n) {
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long v = rnd.nextLong();
            buf[i] = (byte) v;
            buf[i + 1] = (byte) (v >>> 8);
            buf[i + 2] = (byte) (v >>> 16);
            buf[i + 3] = (byte) (v >>> 24);
            buf[i + 4] = (byte) (v >>> 32);
            buf[i + 5] = (byte) (v >>> 40);
            buf[i + 6] = (byte) (v >>> 48);
            buf[i + 7] = (byte) (v >>> 56);
        }
        for (; i < n; i++) {
            buf[i] = (byte) rnd.nextInt();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** GZIP with a chosen deflate level and a large buffer. */
    private static final class LevelGzip extends GZIPOutputStream {
        LevelGzip(OutputStream out, int level) throws IOException {
            super(out, 1 << 16);
            def.setLevel(level);
        }
    }

    /** Lets the tar stream be closed without closing the gzip stream under it (which we finish ourselves). */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
