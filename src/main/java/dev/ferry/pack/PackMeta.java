package dev.ferry.pack;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The meta file of a pack ({@code …_meta.yaml}), format {@code ferry-pack} version 1, documented in
 * {@code docs/pack-format.md}. Immutable. Reading is strict: every name, digest, size and offset
 * is checked, so a meta file cannot point a reader outside the pack's folder or past a data file.
 */
public record PackMeta(int version, String tool, String created, String kind, String compression, String source,
                       List<Parent> parents, List<DataFile> datafiles, List<Image> images, List<Blob> blobs) {

    public static final String FORMAT = "ferry-pack";
    public static final int VERSION = 1;
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final long MAX_META_BYTES = 64L * 1024 * 1024;

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

    // ------------------------------------------------------------------ writing

    private static ObjectMapper yaml() {
        YAMLFactory f = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build();
        return new ObjectMapper(f);
    }

    /** The YAML text, with a comment header for the person who opens it. */
    public String toYaml() {
        ObjectMapper m = yaml();
        ObjectNode root = m.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("tool", tool);
        root.put("created", created);
        root.put("kind", kind);
        root.put("compression", compression);
        root.put("source", source);
        ArrayNode ps = root.putArray("parents");
        for (Parent p : parents) ps.addObject().put("meta", p.meta()).put("sha256", p.sha256());
        ArrayNode ds = root.putArray("datafiles");
        for (DataFile d : datafiles) ds.addObject().put("name", d.name()).put("size", d.size()).put("sha256", d.sha256());
        ArrayNode is = root.putArray("images");
        for (Image i : images) {
            ObjectNode o = is.addObject();
            o.put("source", i.source());
            o.put("target", i.target());
            o.put("digest", i.digest().toString());
            o.put("mediaType", i.mediaType());
            i.platforms().forEach(o.putArray("platforms")::add);
            ArrayNode ms = o.putArray("manifests");
            for (ManifestEntry me : i.manifests()) {
                ms.addObject().put("digest", me.digest().toString()).put("mediaType", me.mediaType()).put("raw", me.raw());
            }
            if (!i.referrers().isEmpty()) {
                ArrayNode rs = o.putArray("referrers");
                for (ReferrerEntry re : i.referrers()) {
                    ObjectNode ro = rs.addObject().put("digest", re.digest().toString()).put("mediaType", re.mediaType());
                    if (re.tag() != null) ro.put("tag", re.tag());
                    ro.put("raw", re.raw());
                }
            }
        }
        ArrayNode bs = root.putArray("blobs");
        for (Blob b : blobs) {
            ObjectNode o = bs.addObject();
            o.put("digest", b.digest().toString());
            o.put("size", b.size());
            if (b.mediaType() != null) o.put("mediaType", b.mediaType());
            if (b.inParent()) o.put("parent", b.parent());
            else o.put("file", b.file()).put("offset", b.offset()).put("length", b.length());
            Squashed q = b.squash();
            if (q != null && !b.inParent()) {
                o.put("stored", q.stored());
                if (q.recipe()) o.put("diffId", q.diffId().toString()).put("tarSize", q.tarSize());
                if (q.gzipHeader() != null) o.put("gzipLevel", q.gzipLevel()).put("gzipHeader", java.util.Base64.getEncoder().encodeToString(q.gzipHeader()));
                if (q.gzipHeader() != null && !Squashed.ZLIB.equals(q.gzipCompressor())) o.put("gzipCompressor", q.gzipCompressor());
            }
        }
        try {
            return "# ferry pack: the images and blobs of this pack and the data files that hold them.\n"
                    + "# Load it with: ferry load THIS_FILE --to REGISTRY   (format: docs/pack-format.md)\n"
                    + m.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and checks a meta file, field by field and then as a whole ({@link PackConsistency}).
     * Errors ({@link InvalidInputException}) say the file, and the line and column or the field.
     */
    public static PackMeta read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new LocalizedNoSuchFileException(file.toString(), Text.of("packfile.meta_not_found"));
        if (Files.size(file) > MAX_META_BYTES) throw new InvalidInputException(Text.of("packmeta.too_large", file, Files.size(file)));
        JsonNode root;
        try {
            root = yaml().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new InvalidInputException(Text.of("packmeta.not_yaml", file + (l == null ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr()), Text.verbatim(e.getOriginalMessage())));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(Text.of("packmeta.not_utf8", file));
        }
        Reader r = new Reader(file);
        if (root == null || !root.isObject()) throw r.error("", Text.of("packmeta.not_a_mapping"));
        if (!FORMAT.equals(root.path("format").asText())) {
            if (root.has("datafiles") && root.has("manifests")) {
                throw r.error("format", Text.of("packmeta.image_transmit"));
            }
            throw r.error("format", "expected \"format: " + FORMAT + "\"");
        }
        int version = r.integer(root, "version");
        if (version != VERSION) throw r.error("version", Text.of("packmeta.version", version, VERSION));
        List<Parent> parents = new ArrayList<>();
        int i = 0;
        for (JsonNode p : r.list(root, "parents")) {
            String at = "parents[" + i++ + "]";
            parents.add(new Parent(r.fileName(p, at + ".meta"), r.hex(p, at + ".sha256")));
        }
        List<DataFile> datafiles = new ArrayList<>();
        i = 0;
        for (JsonNode d : r.list(root, "datafiles")) {
            String at = "datafiles[" + i++ + "]";
            datafiles.add(new DataFile(r.fileName(d, at + ".name"), r.nonNegative(d, at + ".size"), r.hex(d, at + ".sha256")));
        }
        Map<String, DataFile> byName = new LinkedHashMap<>();
        for (DataFile d : datafiles) {
            if (byName.put(d.name(), d) != null) throw r.error("datafiles", Text.of("packmeta.data_file_twice", d.name()));
        }
        List<Image> images = new ArrayList<>();
        i = 0;
        for (JsonNode n : r.list(root, "images")) {
            String at = "images[" + i++ + "]";
            List<ManifestEntry> ms = new ArrayList<>();
            int j = 0;
            for (JsonNode mn : r.list(n, at + ".manifests")) {
                ms.add(Reader.manifestEntry(r, mn, at + ".manifests[" + j++ + "]"));
            }
            if (ms.isEmpty()) throw r.error(at + ".manifests", Text.of("packmeta.no_manifest"));
            Digest top = r.digest(n, at + ".digest");
            if (!ms.get(0).digest().equals(top)) throw r.error(at + ".digest", Text.of("packmeta.first_manifest", top));
            List<String> platforms = new ArrayList<>();
            n.path("platforms").forEach(p -> platforms.add(p.asText()));
            List<ReferrerEntry> refs = new ArrayList<>();
            j = 0;
            for (JsonNode rn : n.has("referrers") ? r.list(n, at + ".referrers") : List.<JsonNode>of()) {
                String rat = at + ".referrers[" + j++ + "]";
                ManifestEntry me = Reader.manifestEntry(r, rn, rat);
                refs.add(new ReferrerEntry(me.digest(), me.mediaType(), me.raw(), rn.hasNonNull("tag") ? r.text(rn, rat + ".tag") : null));
            }
            images.add(new Image(r.text(n, at + ".source"), r.text(n, at + ".target"), top, r.text(n, at + ".mediaType"), platforms, ms, refs));
        }
        List<Blob> blobs = new ArrayList<>();
        i = 0;
        for (JsonNode b : r.list(root, "blobs")) {
            String at = "blobs[" + i++ + "]";
            Digest d = r.digest(b, at + ".digest");
            long size = r.nonNegative(b, at + ".size");
            String mt = b.path("mediaType").isTextual() ? b.get("mediaType").asText() : null;
            if (b.has("parent")) {
                blobs.add(new Blob(d, size, mt, null, 0, 0, r.fileName(b, at + ".parent")));
            } else {
                String f = r.fileName(b, at + ".file");
                DataFile df = byName.get(f);
                if (df == null) throw r.error(at + ".file", Text.of("packmeta.data_file_unlisted", f));
                long off = r.nonNegative(b, at + ".offset");
                long len = r.nonNegative(b, at + ".length");
                if (off + len > df.size() || off + len < off) throw r.error(at, Text.of("packmeta.past_end", off, len, f));
                blobs.add(new Blob(d, size, mt, f, off, len, null, b.has("stored") ? r.squashed(b, at) : null));
            }
        }
        String compression = root.path("compression").asText("none");
        boolean squash;
        try {
            squash = Compression.parse(compression).squash();
        } catch (IllegalArgumentException e) {
            throw r.error("compression", Text.of(e));
        }
        for (int k = 0; k < blobs.size(); k++) {
            Blob b = blobs.get(k);
            if (!b.inParent() && squash != (b.squash() != null)) {
                throw r.error("blobs[" + k + "]", Text.of(squash ? "packmeta.stored_missing" : "packmeta.stored_not_squash"));
            }
        }
        PackMeta meta = new PackMeta(version, root.path("tool").asText(""), root.path("created").asText(""), root.path("kind").asText("full"),
                compression, root.path("source").asText(""), parents, datafiles, images, blobs);
        PackConsistency.check(file, meta);
        return meta;
    }

    /** Field-by-field checks with messages that name the field. */
    private record Reader(Path file) {
        InvalidInputException error(String field, String message) {
            return error(field, Text.verbatim(message));
        }

        InvalidInputException error(String field, Text message) {
            return new InvalidInputException(Text.of("packmeta.at", file + (field.isEmpty() ? "" : ": " + field), message));
        }

        List<JsonNode> list(JsonNode n, String field) throws IOException {
            JsonNode v = n.get(last(field));
            if (v == null || v.isNull()) return List.of();
            if (!v.isArray()) throw error(field, "expected a list");
            List<JsonNode> out = new ArrayList<>();
            v.forEach(out::add);
            return out;
        }

        String text(JsonNode n, String field) throws IOException {
            JsonNode v = n.get(last(field));
            if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty()) throw error(field, "missing");
            return v.asText();
        }

        int integer(JsonNode n, String field) throws IOException {
            JsonNode v = n.get(last(field));
            if (v == null || !v.canConvertToInt()) throw error(field, Text.of("packmeta.whole_number"));
            return v.asInt();
        }

        long nonNegative(JsonNode n, String field) throws IOException {
            JsonNode v = n.get(last(field));
            if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) throw error(field, Text.of("packmeta.non_negative"));
            return v.asLong();
        }

        Digest digest(JsonNode n, String field) throws IOException {
            try {
                return Digest.parse(text(n, field));
            } catch (IllegalArgumentException e) {
                throw error(field, e.getMessage());
            }
        }

        Squashed squashed(JsonNode b, String at) throws IOException {
            String stored = text(b, at + ".stored");
            if (!List.of(Squashed.KEPT, Squashed.REBUILT, Squashed.TAR, Squashed.BLOB).contains(stored)) {
                throw error(at + ".stored", Text.of("packmeta.stored_value", stored));
            }
            if (Squashed.BLOB.equals(stored)) return new Squashed(stored, null, 0, 0, null);
            Digest diffId = digest(b, at + ".diffId");
            long tarSize = nonNegative(b, at + ".tarSize");
            if (!Squashed.KEPT.equals(stored)) return new Squashed(stored, diffId, tarSize, 0, null);
            String compressor = b.has("gzipCompressor") ? text(b, at + ".gzipCompressor") : Squashed.ZLIB;
            if (!Squashed.validCompressor(compressor)) throw error(at + ".gzipCompressor", Text.of("packmeta.gzip_compressor", compressor));
            int level = integer(b, at + ".gzipLevel");
            if (!Squashed.validLevel(compressor, level)) throw error(at + ".gzipLevel", Text.of(Squashed.ZLIB.equals(compressor) ? "packmeta.gzip_level" : Squashed.GO.equals(compressor) ? "packmeta.gzip_level_go" : "packmeta.gzip_level_pgzip"));
            byte[] header;
            try {
                header = java.util.Base64.getDecoder().decode(text(b, at + ".gzipHeader"));
            } catch (IllegalArgumentException e) {
                throw error(at + ".gzipHeader", Text.of("packmeta.not_base64"));
            }
            if (header.length < 10 || header.length > 65536 || (header[0] & 0xff) != 0x1f || (header[1] & 0xff) != 0x8b) {
                throw error(at + ".gzipHeader", Text.of("packmeta.not_gzip_header"));
            }
            return new Squashed(stored, diffId, tarSize, level, header, compressor);
        }

        String hex(JsonNode n, String field) throws IOException {
            String s = text(n, field);
            if (!s.matches("[0-9a-f]{64}")) throw error(field, Text.of("packmeta.sha256"));
            return s;
        }

        /** A plain file name beside the meta file: no directories, no "..", nothing absolute. */
        String fileName(JsonNode n, String field) throws IOException {
            String s = text(n, field);
            if (!FILE_NAME.matcher(s).matches() || s.contains("..")) {
                throw error(field, Text.of("packmeta.file_name", s));
            }
            return s;
        }

        private static String last(String field) {
            int dot = field.lastIndexOf('.');
            String f = dot < 0 ? field : field.substring(dot + 1);
            int br = f.indexOf('[');
            return br < 0 ? f : f.substring(0, br);
        }

    /** A manifest kept as text at {@code mat}: its digest checked against the text, and the text parsed. */
    private static ManifestEntry manifestEntry(Reader r, JsonNode mn, String mat) throws IOException {
        Digest d = r.digest(mn, mat + ".digest");
        String raw = r.text(mn, mat + ".raw");
        if (!Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)).equals(d)) {
            throw r.error(mat + ".raw", Text.of("packmeta.manifest_hash", d));
        }
        String mt = r.text(mn, mat + ".mediaType");
        try {
            Manifest.parse(raw.getBytes(StandardCharsets.UTF_8), mt);
        } catch (UnsupportedManifestException e) {
            throw r.error(mat + ".raw", e.getMessage());
        }
        return new ManifestEntry(d, mt, raw);
    }

    }
}
