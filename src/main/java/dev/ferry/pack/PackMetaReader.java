package dev.ferry.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.pack.PackMeta.Blob;
import dev.ferry.pack.PackMeta.DataFile;
import dev.ferry.pack.PackMeta.Image;
import dev.ferry.pack.PackMeta.ManifestEntry;
import dev.ferry.pack.PackMeta.Parent;
import dev.ferry.pack.PackMeta.ReferrerEntry;
import dev.ferry.pack.PackMeta.Squashed;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading a pack's meta file strictly: every name, digest, size and offset is checked, field by
 * field with messages that name the field, so a meta file cannot point a reader outside the
 * pack's folder or past a data file; then the whole is checked by {@link PackConsistency}.
 */
final class PackMetaReader {
    static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final MetaYaml YAML = new MetaYaml(new ObjectMapper(new YAMLFactory()), 64L * 1024 * 1024,
            "packfile.meta_not_found", "packmeta.too_large", "packmeta.not_yaml", "packmeta.not_utf8");

    private final Path file;

    private PackMetaReader(Path file) {
        this.file = file;
    }

    /**
     * Reads and checks a meta file, field by field and then as a whole ({@link PackConsistency}).
     * Errors ({@link InvalidInputException}) say the file, and the line and column or the field.
     */
    static PackMeta read(Path file) throws IOException {
        JsonNode root = YAML.read(file, file);
        PackMetaReader r = new PackMetaReader(file);
        if (root == null || !root.isObject()) throw r.error("", Text.of("packmeta.not_a_mapping"));
        if (!PackMeta.FORMAT.equals(root.path("format").asText())) {
            if (root.has("datafiles") && root.has("manifests")) {
                throw r.error("format", Text.of("packmeta.image_transmit"));
            }
            throw r.error("format", Text.of("packmeta.format_expected", PackMeta.FORMAT));
        }
        int version = r.integer(root, "version");
        if (version != PackMeta.VERSION) throw r.error("version", Text.of("packmeta.version", version, PackMeta.VERSION));
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
                ms.add(r.manifestEntry(mn, at + ".manifests[" + j++ + "]"));
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
                ManifestEntry me = r.manifestEntry(rn, rat);
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

    // ------------------------------------------------------------------ field by field

    private InvalidInputException error(String field, Text message) {
        return new InvalidInputException(Text.of("packmeta.at", file + (field.isEmpty() ? "" : ": " + field), message));
    }

    private List<JsonNode> list(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(last(field));
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw error(field, Text.of("packmeta.list_expected"));
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(last(field));
        if (v == null || !v.isValueNode() || v.isNull() || v.asText().isEmpty()) throw error(field, Text.of("packmeta.missing"));
        return v.asText();
    }

    private int integer(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(last(field));
        if (v == null || !v.canConvertToInt()) throw error(field, Text.of("packmeta.whole_number"));
        return v.asInt();
    }

    private long nonNegative(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(last(field));
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) throw error(field, Text.of("packmeta.non_negative"));
        return v.asLong();
    }

    private Digest digest(JsonNode n, String field) throws IOException {
        try {
            return Digest.parse(text(n, field));
        } catch (IllegalArgumentException e) {
            throw error(field, Text.of(e));
        }
    }

    private Squashed squashed(JsonNode b, String at) throws IOException {
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

    private String hex(JsonNode n, String field) throws IOException {
        String s = text(n, field);
        if (!s.matches("[0-9a-f]{64}")) throw error(field, Text.of("packmeta.sha256"));
        return s;
    }

    /** A plain file name beside the meta file: no directories, no "..", nothing absolute. */
    private String fileName(JsonNode n, String field) throws IOException {
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
    private ManifestEntry manifestEntry(JsonNode mn, String mat) throws IOException {
        Digest d = digest(mn, mat + ".digest");
        String raw = text(mn, mat + ".raw");
        if (!Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)).equals(d)) {
            throw error(mat + ".raw", Text.of("packmeta.manifest_hash", d));
        }
        String mt = text(mn, mat + ".mediaType");
        try {
            Manifest.parse(raw.getBytes(StandardCharsets.UTF_8), mt);
        } catch (UnsupportedManifestException e) {
            throw error(mat + ".raw", Text.of(e));
        }
        return new ManifestEntry(d, mt, raw);
    }
}
