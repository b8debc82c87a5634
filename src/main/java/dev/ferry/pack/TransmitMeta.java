package dev.ferry.pack;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.ref.Text;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code …_meta.yaml} of an image-transmit pack, read and checked (its format is described on
 * {@link TransmitPack}): every field of the right shape, the compressor one ferry reads, and every
 * data file beside the meta file with the size it records. Errors name the file and the field (or
 * data file) at fault.
 *
 * @param file       the meta file, absolute
 * @param datafiles  data file name → its recorded size (null when none is recorded)
 * @param squashfs   whether the pack is one squashfs data file
 * @param blobRefs   blob hex → the images it was saved for, or the parent meta it was skipped for
 * @param manifests  image name → its top manifest, as the registry served it
 */
record TransmitMeta(Path file, Map<String, Long> datafiles, boolean squashfs, Map<String, List<String>> blobRefs,
                    Map<String, TransmitMeta.Stored> manifests) {
    private static final long MAX_META_BYTES = 256L * 1024 * 1024;
    private static final MetaYaml YAML = new MetaYaml(yaml(), MAX_META_BYTES,
            "transmit.meta_not_found", "transmit.too_large", "transmit.not_yaml", "transmit.not_utf8");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}|[0-9a-f]{128}");

    /** What {@link Manifest#parse} says of text that is no manifest at all (not JSON, not an object): the whole meta file is refused. */
    private static final java.util.Set<String> NOT_A_MANIFEST = java.util.Set.of("oci.manifest_not_json", "oci.manifest_not_object");

    /** An image's top manifest: its bytes and digest, and the parsed form or why it cannot be read. */
    record Stored(String name, byte[] raw, Digest digest, Manifest parsed, Text problem) {}

    /**
     * Whether {@code yaml} looks like an image-transmit meta file: top-level {@code datafiles:} and
     * {@code manifests:} keys and no {@code format:} key (which ferry's own packs carry). Reads the
     * file's lines without parsing YAML; any problem reading it is a {@code false}.
     */
    static boolean looksLike(Path yaml) {
        if (!Files.isRegularFile(yaml)) return false;
        boolean datafiles = false, manifests = false;
        try (BufferedReader r = Files.newBufferedReader(yaml, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("format:")) return false;
                if (line.startsWith("datafiles:")) datafiles = true;
                else if (line.startsWith("manifests:")) manifests = true;
                if (datafiles && manifests) return true;
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** Reads and checks {@code metaYaml} and the data files beside it (their presence and sizes, not their contents). */
    static TransmitMeta read(Path metaYaml) throws IOException {
        Path meta = metaYaml.toAbsolutePath().normalize();
        JsonNode root = YAML.read(meta, metaYaml);
        String where = metaYaml.toString();
        if (root == null || !root.isObject()) throw error(where, "", Text.of("packmeta.not_a_mapping"));
        if (root.has("format")) throw error(where, "format", Text.of("transmit.ferry_meta"));
        JsonNode dfs = root.get("datafiles");
        JsonNode mfs = root.get("manifests");
        if (dfs == null || mfs == null) throw error(where, dfs == null ? "datafiles" : "manifests", Text.of("transmit.missing_field"));
        if (!dfs.isObject()) throw error(where, "datafiles", Text.of("transmit.expected_datafiles"));
        if (!mfs.isObject()) throw error(where, "manifests", Text.of("transmit.expected_manifests"));

        // data files: plain names beside the meta file
        Map<String, Long> datafiles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = dfs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String at = "datafiles[\"" + name + "\"]";
            if (!isPlainName(name)) throw error(where, at, Text.of("transmit.plain_name"));
            JsonNode v = e.getValue();
            Long size;
            if (v == null || v.isNull()) size = null;
            else if (v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0) size = v.asLong();
            else throw error(where, at, Text.of("transmit.expected_size", v));
            datafiles.put(name, size);
        }

        // compressor: tar only
        JsonNode c = root.get("compressor");
        String compressor;
        if (c == null || c.isNull()) compressor = null;
        else if (c.isTextual()) compressor = c.asText();
        else throw error(where, "compressor", Text.of("transmit.expected_compressor", c));
        boolean squashfsFile = datafiles.keySet().stream().anyMatch(n -> n.endsWith(".squashfs"));
        boolean squashfs = "squashfs".equals(compressor) || squashfsFile;
        if (squashfs) {
            if (datafiles.size() != 1 || !squashfsFile) throw new InvalidInputException(Text.of("transmit.squashfs_one_file", where));
            // image-transmit records the squashfs file's size as 0
            datafiles.replaceAll((k, v) -> v != null && v == 0 ? null : v);
        } else if (compressor == null) {
            if (!datafiles.keySet().stream().allMatch(n -> n.endsWith(".tar"))) throw error(where, "compressor", Text.of("transmit.compressor_missing"));
        } else if (!compressor.equals("tar")) {
            throw error(where, "compressor", Text.of("transmit.compressor_unknown", compressor));
        }
        if (datafiles.isEmpty() && mfs.size() > 0) throw error(where, "datafiles", Text.of("transmit.no_datafiles"));

        // blobs: hex → images it was saved for, or the parent meta it was skipped for
        Map<String, List<String>> blobRefs = new LinkedHashMap<>();
        JsonNode bs = root.get("blobs");
        if (bs != null && !bs.isNull()) {
            if (!bs.isObject()) throw error(where, "blobs", Text.of("transmit.expected_blobs"));
            for (Iterator<Map.Entry<String, JsonNode>> it = bs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "blobs[\"" + e.getKey() + "\"]";
                if (!HEX.matcher(e.getKey()).matches()) throw error(where, at, Text.of("transmit.expected_hex"));
                List<String> refs = new ArrayList<>();
                JsonNode v = e.getValue();
                if (v != null && !v.isNull()) {
                    if (!v.isArray()) throw error(where, at, Text.of("transmit.expected_names"));
                    for (JsonNode r : v) {
                        if (!r.isTextual()) throw error(where, at, Text.of("transmit.expected_names_found", r));
                        refs.add(r.asText());
                    }
                }
                blobRefs.put(e.getKey(), List.copyOf(refs));
            }
        }

        // manifests: the top manifest of each image, as the registry served it
        Map<String, Stored> manifests = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = mfs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "manifests[\"" + e.getKey() + "\"]";
            if (e.getKey().isBlank()) throw error(where, at, Text.of("transmit.empty_name"));
            if (!e.getValue().isTextual()) throw error(where, at, Text.of("transmit.expected_manifest_text", e.getValue().getNodeType()));
            byte[] raw = e.getValue().asText().getBytes(StandardCharsets.UTF_8);
            Manifest parsed = null;
            Text problem = null;
            try {
                parsed = Manifest.parse(raw, null);
            } catch (UnsupportedManifestException ex) {
                if (ex.text() != null && NOT_A_MANIFEST.contains(ex.text().key())) throw error(where, at, Text.of(ex));
                problem = Text.of(ex); // e.g. schema 1: only this image fails
            }
            manifests.put(e.getKey(), new Stored(e.getKey(), raw, Digest.sha256(raw), parsed, problem));
        }

        // data files: there, with the recorded size
        Path dir = meta.getParent();
        List<Text> problems = new ArrayList<>();
        for (Map.Entry<String, Long> df : datafiles.entrySet()) {
            Path p = dir.resolve(df.getKey());
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(df.getValue() == null ? Text.of("transmit.problem.missing", df.getKey(), meta.getFileName())
                        : Text.of("transmit.problem.missing_size", df.getKey(), df.getValue(), meta.getFileName()));
            } else if (df.getValue() != null && Files.size(p) != df.getValue()) {
                long actual = Files.size(p);
                problems.add(Text.of(actual < df.getValue() ? "packfile.problem.truncated" : "packfile.problem.size", df.getKey(), actual, df.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            Text all = problems.get(0);
            for (Text t : problems.subList(1, problems.size())) all = Text.of("packfile.next_clause", all, t);
            throw new InvalidInputException(Text.of("packmeta.at", metaYaml, all));
        }
        return new TransmitMeta(meta, datafiles, squashfs, blobRefs, manifests);
    }

    private static ObjectMapper yaml() {
        LoaderOptions lo = new LoaderOptions();
        lo.setCodePointLimit((int) MAX_META_BYTES);
        lo.setAllowDuplicateKeys(false);
        YAMLFactory f = YAMLFactory.builder().loaderOptions(lo).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        return new ObjectMapper(f);
    }

    private static IOException error(String file, String field, Text message) {
        return new InvalidInputException(Text.of("packmeta.at", file + (field.isEmpty() ? "" : ": " + field), message));
    }

    static boolean isPlainName(String n) {
        return !n.isEmpty() && !n.equals(".") && !n.equals("..") && n.indexOf('/') < 0 && n.indexOf('\\') < 0
                && n.indexOf('\0') < 0 && n.indexOf(':') < 0 && n.chars().noneMatch(ch -> ch < 0x20);
    }
}
