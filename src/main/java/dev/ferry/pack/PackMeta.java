package dev.ferry.pack;

import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The meta file of a pack ({@code …_meta.yaml}), format {@code ferry-pack} version 1, documented in
 * {@code docs/pack-format.md}. Immutable. Reading is strict: every name, digest, size and offset
 * is checked, so a meta file cannot point a reader outside the pack's folder or past a data file.
 * {@link PackMetaReader} reads it, {@link PackMetaWriter} writes it.
 */
public record PackMeta(int version, String tool, String created, String kind, String compression, String source,
                       List<Parent> parents, List<DataFile> datafiles, List<Image> images, List<Blob> blobs) {

    public static final String FORMAT = "ferry-pack";
    public static final int VERSION = 1;

    /** A pack this one was made against (its blobs are left out here). */
    public record Parent(String meta, String sha256) {}

    public record DataFile(String name, long size, String sha256) {}

    /** A manifest of an image, kept as its exact text. */
    public record ManifestEntry(Digest digest, String mediaType, String raw) {
        public Manifest parse() {
            return Manifest.parse(raw.getBytes(StandardCharsets.UTF_8), mediaType);
        }
    }

    /**
     * A manifest that refers to an image (saved with {@code --referrers}), kept as its exact text: an OCI 1.1 referrer
     * (its {@code subject} says which image), or one of cosign's tags ({@code tag}, else null), or a part of one (an
     * index's child, neither).
     */
    public record ReferrerEntry(Digest digest, String mediaType, String raw, String tag) {
        public ManifestEntry manifest() {
            return new ManifestEntry(digest, mediaType, raw);
        }
    }

    /**
     * @param target    the image's name and tag without a registry ({@code public/alpine:3.12})
     * @param manifests the top manifest first, then the ones it points to
     * @param referrers what refers to the image, saved with it ({@code --referrers}); empty when none
     */
    public record Image(String source, String target, Digest digest, String mediaType, List<String> platforms,
                        List<ManifestEntry> manifests, List<ReferrerEntry> referrers) {
        public Image {
            referrers = referrers == null ? List.of() : List.copyOf(referrers);
        }

        public Image(String source, String target, Digest digest, String mediaType, List<String> platforms, List<ManifestEntry> manifests) {
            this(source, target, digest, mediaType, platforms, manifests, List.of());
        }

        /** The image's manifests and then its referrers' (every manifest whose blobs the pack holds for it). */
        public List<ManifestEntry> allManifests() {
            if (referrers.isEmpty()) return manifests;
            List<ManifestEntry> all = new ArrayList<>(manifests);
            for (ReferrerEntry r : referrers) all.add(r.manifest());
            return all;
        }
    }

    /**
     * A blob: in one of this pack's data files ({@code file}, {@code offset}, {@code length}), or in a parent pack ({@code parent}).
     * In a squash pack {@code squash} says how it is held (the frame is then a layer's recipe or the blob's own bytes).
     */
    public record Blob(Digest digest, long size, String mediaType, String file, long offset, long length, String parent, Squashed squash) {
        public Blob(Digest digest, long size, String mediaType, String file, long offset, long length, String parent) {
            this(digest, size, mediaType, file, offset, length, parent, null);
        }

        public boolean inParent() { return parent != null; }
    }

    /** How a squash pack stores a blob: {@link #stored()} says which of the four ways. */
    public record Squashed(String stored, Digest diffId, long tarSize, int gzipLevel, byte[] gzipHeader, String gzipCompressor) {
        /**
         * The compressors a kept layer may name: {@link #ZLIB} (also when the meta file names none, as
         * before), Go's standard library, and klauspost/pgzip with its block size ({@code pgzip:BYTES}).
         */
        public static final String ZLIB = "zlib";
        public static final String GO = "go";
        public static final String PGZIP = "pgzip";

        /** A layer of Java's Deflater (zlib), as packs written before the compressor was recorded. */
        public Squashed(String stored, Digest diffId, long tarSize, int gzipLevel, byte[] gzipHeader) {
            this(stored, diffId, tarSize, gzipLevel, gzipHeader, ZLIB);
        }

        /** Whether {@code c} is a compressor a meta file may name: zlib, go, or pgzip:BLOCKSIZE (bytes, more than 16384, at most 1 GiB). */
        public static boolean validCompressor(String c) {
            if (ZLIB.equals(c) || GO.equals(c)) return true;
            if (c == null || !c.matches("pgzip:[1-9][0-9]{0,9}")) return false;
            long block = Long.parseLong(c.substring(PGZIP.length() + 1));
            return block > 16384 && block <= 1L << 30;
        }

        /** The levels a compressor can have reproduced: zlib 0-9; Go -2 (HuffmanOnly) and 0 to 9; pgzip -2, 0 and 5 (its default). */
        public static boolean validLevel(String compressor, int level) {
            if (ZLIB.equals(compressor)) return level >= 0 && level <= 9;
            if (GO.equals(compressor)) return level >= -2 && level <= 9 && level != -1;
            return level == -2 || level == 0 || level == 5;
        }

        /** A gzip layer rebuilt from its recipe and compressed again to its original bytes (digest kept). */
        public static final String KEPT = "kept";
        /** A gzip layer ferry could not compress to the same bytes: rebuilt and compressed anew, so its digest changes on load. */
        public static final String REBUILT = "rebuilt";
        /** An uncompressed tar layer, rebuilt byte for byte (digest kept). */
        public static final String TAR = "tar";
        /** Stored as its own bytes (configs, layers that are not gzip or tar, --keep-digests). */
        public static final String BLOB = "blob";

        public boolean recipe() { return !BLOB.equals(stored); }
    }

    public PackMeta {
        parents = List.copyOf(parents);
        datafiles = List.copyOf(datafiles);
        images = List.copyOf(images);
        blobs = List.copyOf(blobs);
    }

    public boolean incremental() { return !parents.isEmpty(); }

    public Map<Digest, Blob> blobIndex() {
        Map<Digest, Blob> m = new LinkedHashMap<>();
        for (Blob b : blobs) m.put(b.digest(), b);
        return m;
    }

    /** The YAML text, with a comment header for the person who opens it. */
    public String toYaml() {
        return PackMetaWriter.toYaml(this);
    }

    /**
     * Reads and checks a meta file, field by field and then as a whole ({@link PackConsistency}).
     * Errors ({@link InvalidInputException}) say the file, and the line and column or the field.
     */
    public static PackMeta read(Path file) throws IOException {
        return PackMetaReader.read(file);
    }
}
