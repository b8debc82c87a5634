package dev.ferry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image index of referrers the distribution spec 1.1 describes: what {@code GET /v2/<name>/referrers/<digest>}
 * answers, and what the referrers tag schema keeps under {@link Referrer#fallbackTag} on a registry without that API.
 * Each entry is a referrer manifest's descriptor with its {@code artifactType} and its manifest's {@code annotations}.
 */
public final class ReferrersIndex {
    private ReferrersIndex() {}

    /** The referrers an index lists (its entries in order); entries without a digest are passed over. */
    public static List<Referrer> referrers(byte[] index) {
        Manifest.parse(index, MediaTypes.OCI_INDEX); // an index, or UnsupportedManifestException saying what it is not
        JsonNode root;
        try {
            root = Manifest.JSON.readTree(index);
        } catch (IOException e) {
            throw new IllegalStateException(e); // parsed just above
        }
        List<Referrer> out = new ArrayList<>();
        JsonNode ms = root == null ? null : root.path("manifests");
        if (ms == null || !ms.isArray()) return out;
        for (int i = 0; i < ms.size(); i++) {
            JsonNode e = ms.get(i);
            if (!e.hasNonNull("digest")) continue;
            Descriptor d = Manifest.descriptor(e, "manifests[" + i + "]");
            out.add(new Referrer(d, e.path("artifactType").asText(null), null));
        }
        return out;
    }

    /** A referrer manifest as the index lists it: its descriptor, artifact type and annotations. */
    public static Referrer of(Manifest referrer) {
        return new Referrer(new Descriptor(referrer.mediaType(), referrer.digest(), referrer.size(), null, null, referrer.annotations()),
                referrer.effectiveArtifactType(), null);
    }

    /**
     * The index {@code existing} (null: none yet) with {@code referrer} added, as the tag schema asks a client to keep
     * it: an entry that is already there leaves the bytes as they were (null is returned then).
     */
    public static ImageIndex with(byte[] existing, Manifest referrer) {
        ObjectNode root;
        try {
            root = existing == null ? null : (ObjectNode) Manifest.JSON.readTree(existing);
        } catch (IOException | ClassCastException e) {
            root = null; // a tag that holds something else is replaced, as the spec's clients do
        }
        if (root == null) {
            root = Manifest.JSON.createObjectNode();
            root.put("schemaVersion", 2);
            root.put("mediaType", MediaTypes.OCI_INDEX);
        }
        JsonNode ms = root.path("manifests");
        ArrayNode arr = ms.isArray() ? (ArrayNode) ms : root.putArray("manifests");
        for (JsonNode e : arr) if (referrer.digest().toString().equals(e.path("digest").asText())) return null;
        ObjectNode e = arr.addObject();
        e.put("mediaType", referrer.mediaType());
        e.put("digest", referrer.digest().toString());
        e.put("size", referrer.size());
        String at = referrer.effectiveArtifactType();
        if (at != null) e.put("artifactType", at);
        if (!referrer.annotations().isEmpty()) {
            ObjectNode a = e.putObject("annotations");
            for (Map.Entry<String, String> x : referrer.annotations().entrySet()) a.put(x.getKey(), x.getValue());
        }
        return (ImageIndex) Manifest.parse(Manifest.write(root), MediaTypes.OCI_INDEX);
    }
}
