package dev.ferry.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A multi-platform index (OCI image index or Docker manifest list). */
public final class ImageIndex extends Manifest {
    private final List<Descriptor> manifests;

    ImageIndex(byte[] raw, String mediaType, JsonNode root, List<Descriptor> manifests) {
        super(raw, mediaType, root);
        this.manifests = manifests;
    }

    public List<Descriptor> manifests() { return manifests; }

    /**
     * A new index of the same kind with only the entries whose digests are given, in their
     * original order. All other fields and each kept entry are carried over unchanged; the
     * bytes (and so the digest) are new.
     */
    public ImageIndex retain(Set<Digest> keep) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(bytes());
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode entry : root.path("manifests")) {
                if (keep.contains(Digest.parse(entry.path("digest").asText()))) kept.add(entry);
            }
            root.set("manifests", kept);
            List<Descriptor> ds = manifests.stream().filter(d -> keep.contains(d.digest())).collect(Collectors.toList());
            return new ImageIndex(write(root), mediaType(), root, List.copyOf(ds));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
