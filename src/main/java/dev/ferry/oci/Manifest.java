package dev.ferry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A manifest as stored: its exact bytes, their digest and media type, plus the parsed fields ferry
 * needs. Never re-serialised: the bytes are what is pushed, so digests stay the same.
 */
public abstract sealed class Manifest permits ImageManifest, ImageIndex {
    static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] raw;
    private final String mediaType;
    private final Digest digest;
    private final Descriptor subject;
    private final String artifactType;
    private final Map<String, String> annotations;

    Manifest(byte[] raw, String mediaType, JsonNode root) {
        this.raw = raw.clone();
        this.mediaType = mediaType;
        this.digest = Digest.sha256(this.raw);
        JsonNode sub = root.path("subject");
        this.subject = sub.isObject() ? descriptor(sub, "subject") : null;
        String at = root.path("artifactType").asText(null);
        this.artifactType = at == null || at.isEmpty() ? null : at;
        Map<String, String> ann = new LinkedHashMap<>();
        root.path("annotations").fields().forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
        this.annotations = ann.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(ann);
    }

    /**
     * Parses raw manifest bytes. The media type is taken from the document's {@code mediaType} field,
     * else from {@code contentType} (as a registry sent it), else from the shape of the document.
     */
    public static Manifest parse(byte[] raw, String contentType) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (IOException e) {
            throw new UnsupportedManifestException(Text.of("oci.manifest_not_json", e.getMessage().split("\n")[0]));
        }
        if (root == null || !root.isObject()) throw new UnsupportedManifestException(Text.of("oci.manifest_not_object"));
        int schema = root.path("schemaVersion").asInt(-1);
        String ct = contentType == null ? null : contentType.split(";")[0].trim();
        if (schema == 1 || (ct != null && MediaTypes.isSchema1(ct) && !root.has("manifests") && !root.has("layers"))) {
            throw new UnsupportedManifestException(Text.of("oci.manifest_schema1"));
        }
        if (schema != 2) throw new UnsupportedManifestException(Text.of("oci.manifest_schema_version", root.path("schemaVersion").toString()));
        String mt = root.path("mediaType").asText(null);
        if (mt == null || mt.isEmpty()) {
            if (ct != null && (MediaTypes.isIndex(ct) || MediaTypes.isImageManifest(ct))) mt = ct;
            else if (root.has("manifests")) mt = MediaTypes.OCI_INDEX;
            else if (root.has("config") && root.has("layers")) mt = MediaTypes.OCI_MANIFEST;
            else throw new UnsupportedManifestException(Text.of("oci.manifest_unknown_kind"));
        }
        if (MediaTypes.isIndex(mt)) return new ImageIndex(raw, mt, root, descriptors(root.path("manifests"), "manifests"));
        if (MediaTypes.isImageManifest(mt)) {
            JsonNode cfg = root.path("config");
            if (!cfg.isObject()) throw new UnsupportedManifestException(Text.of("oci.manifest_no_config"));
            return new ImageManifest(raw, mt, root, descriptor(cfg, "config"), descriptors(root.path("layers"), "layers"));
        }
        throw new UnsupportedManifestException(Text.of("oci.manifest_media_type", mt));
    }

    static List<Descriptor> descriptors(JsonNode array, String field) {
        if (array.isMissingNode() || array.isNull()) return List.of();
        if (!array.isArray()) throw new UnsupportedManifestException(Text.of("oci.manifest_field_not_list", field));
        List<Descriptor> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) out.add(descriptor(array.get(i), field + "[" + i + "]"));
        return List.copyOf(out);
    }

    static Descriptor descriptor(JsonNode n, String where) {
        try {
            Platform p = null;
            JsonNode pn = n.path("platform");
            if (pn.isObject()) {
                p = new Platform(pn.path("os").asText(""), pn.path("architecture").asText(""),
                        pn.path("variant").asText(null));
            }
            List<String> urls = new ArrayList<>();
            n.path("urls").forEach(u -> urls.add(u.asText()));
            Map<String, String> ann = new LinkedHashMap<>();
            n.path("annotations").fields().forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
            if (!n.path("size").canConvertToLong()) throw new LocalizedArgumentException(Text.of("oci.size_missing"));
            return new Descriptor(n.path("mediaType").asText(null), Digest.parse(n.path("digest").asText(null)),
                    n.path("size").asLong(), p, urls, ann);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedManifestException(Text.of("oci.descriptor_invalid", where, Text.of(e)));
        }
    }

    static byte[] write(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String mediaType() { return mediaType; }

    public Digest digest() { return digest; }

    public int size() { return raw.length; }

    /** A copy of the exact bytes. */
    public byte[] bytes() { return raw.clone(); }

    public void writeTo(OutputStream out) throws IOException { out.write(raw); }

    /** This manifest as a descriptor (for an index entry or an OCI layout). */
    public Descriptor descriptor() { return new Descriptor(mediaType, digest, raw.length); }

    public boolean isIndex() { return this instanceof ImageIndex; }

    /** OCI 1.1's {@code subject}: the manifest this one refers to (a signature's, an SBOM's image); null when none. */
    public Descriptor subject() { return subject; }

    /** OCI 1.1's {@code artifactType}, or null when the manifest states none. */
    public String artifactType() { return artifactType; }

    /** The manifest's own {@code annotations} (empty when none). */
    public Map<String, String> annotations() { return annotations; }

    /**
     * The type of artifact this is, as the referrers API states it: {@code artifactType}, else (an image manifest)
     * its config's media type; null for an index without one.
     */
    public String effectiveArtifactType() {
        if (artifactType != null) return artifactType;
        return this instanceof ImageManifest m ? m.config().mediaType() : null;
    }
}
