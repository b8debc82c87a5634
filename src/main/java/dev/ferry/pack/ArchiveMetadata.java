package dev.ferry.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.Platform;
import dev.ferry.ref.ImageReference;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files an {@link ArchiveWriter} ends its tar with, from the images put into it: the OCI
 * layout's {@code oci-layout} and {@code index.json}, and docker's {@code manifest.json} and
 * {@code repositories}, which describe one platform per image.
 */
final class ArchiveMetadata {
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    /** An image of the archive: its top manifest under a tag, with its full name when it has one. */
    record Tagged(Manifest top, ImageReference name, String tag) {}

    private final List<Tagged> images;
    private final Map<Digest, Manifest> manifests;
    private final Platform dockerPlatform;

    /**
     * @param images         the tagged images, in the order they were put
     * @param manifests      every manifest in the archive, by digest (an index's children among them)
     * @param dockerPlatform the platform docker's files describe for an index
     */
    ArchiveMetadata(List<Tagged> images, Map<Digest, Manifest> manifests, Platform dockerPlatform) {
        this.images = images;
        this.manifests = manifests;
        this.dockerPlatform = dockerPlatform;
    }

    ObjectNode indexJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode list = root.putArray("manifests");
        for (Tagged t : images) {
            ObjectNode d = list.addObject();
            d.put("mediaType", t.top().mediaType());
            d.put("digest", t.top().digest().toString());
            d.put("size", t.top().size());
            ObjectNode ann = d.putObject("annotations");
            if (t.name() != null) ann.put(ArchiveWriter.CONTAINERD_IMAGE_NAME, t.name().toString());
            ann.put(OciLayout.REF_NAME, t.tag());
        }
        return root;
    }

    /** The single-platform image manifest docker gets for a tagged image, or null when there is none. */
    ImageManifest dockerImage(Manifest top) {
        if (top instanceof ImageManifest m) return m;
        ImageIndex index = (ImageIndex) top;
        ImageManifest first = null;
        for (Descriptor d : index.manifests()) {
            if (manifests.get(d.digest()) instanceof ImageManifest m) {
                if (d.platform() != null && dockerPlatform.matches(d.platform())) return m;
                if (first == null) first = m;
            }
        }
        return first;
    }

    ArrayNode dockerManifest() {
        ArrayNode list = JSON.createArrayNode();
        Map<Digest, ObjectNode> byManifest = new LinkedHashMap<>();
        for (Tagged t : images) {
            ImageManifest m = dockerImage(t.top());
            if (m == null) continue;
            ObjectNode entry = byManifest.get(m.digest());
            if (entry == null) {
                entry = list.addObject();
                entry.put("Config", ArchiveWriter.path(m.config().digest()));
                entry.putArray("RepoTags");
                ArrayNode layers = entry.putArray("Layers");
                for (Descriptor l : m.layers()) if (!l.isForeign()) layers.add(ArchiveWriter.path(l.digest()));
                byManifest.put(m.digest(), entry);
            }
            if (t.name() != null) ((ArrayNode) entry.get("RepoTags")).add(t.name().familiar());
        }
        return list;
    }

    ObjectNode repositories() {
        ObjectNode root = JSON.createObjectNode();
        for (Tagged t : images) {
            ImageManifest m = dockerImage(t.top());
            if (t.name() == null || m == null || m.layers().isEmpty()) continue;
            String familiar = t.name().familiar();
            String repo = familiar.substring(0, familiar.length() - t.tag().length() - 1);
            ObjectNode tags = root.has(repo) ? (ObjectNode) root.get(repo) : root.putObject(repo);
            tags.put(t.tag(), m.layers().get(m.layers().size() - 1).digest().hex());
        }
        return root;
    }
}
