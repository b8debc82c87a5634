package dev.ferry.pack.squash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.pack.PackMeta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests of a squash pack's images once some layers got new digests: every image manifest
 * that names such a layer gets the new digest and size, every index that names a rewritten
 * manifest gets its new digest and size, up to the top. Fields are kept in their order; only the
 * digests and sizes change.
 */
final class ManifestRewrite {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new digest and size for a blob or manifest. */
    record Replacement(Digest digest, long size) {}

    private final Map<Digest, Manifest> rewritten = new HashMap<>();
    private final Map<Digest, Digest> newDigest = new HashMap<>();

    /** @param layers old layer digest to its new digest and size */
    ManifestRewrite(List<PackMeta.Image> images, Map<Digest, Replacement> layers) throws IOException {
        Map<Digest, Replacement> done = new HashMap<>(layers);
        for (PackMeta.Image img : images) {
            List<PackMeta.ManifestEntry> ms = new ArrayList<>(img.manifests());
            // children before the indexes that name them: the meta lists the top first
            java.util.Collections.reverse(ms);
            for (PackMeta.ManifestEntry me : ms) {
                if (newDigest.containsKey(me.digest()) || rewritten.containsKey(me.digest())) continue;
                JsonNode root = JSON.readTree(me.raw());
                boolean changed = replace(root.path("layers"), done) | replace(root.path("manifests"), done);
                if (!changed) continue;
                byte[] raw = JSON.writeValueAsBytes(root);
                Manifest m = Manifest.parse(raw, me.mediaType());
                rewritten.put(m.digest(), m);
                newDigest.put(me.digest(), m.digest());
                done.put(me.digest(), new Replacement(m.digest(), raw.length));
            }
        }
    }

    private static boolean replace(JsonNode list, Map<Digest, Replacement> done) {
        boolean changed = false;
        for (JsonNode d : list) {
            Replacement r = done.get(Digest.parse(d.path("digest").asText()));
            if (r != null && d instanceof ObjectNode o) {
                o.put("digest", r.digest().toString());
                o.put("size", r.size());
                changed = true;
            }
        }
        return changed;
    }

    /** The manifest to serve for {@code digest} (an original digest or a new one), or null when it did not change. */
    Manifest find(Digest digest) {
        Digest d = newDigest.getOrDefault(digest, digest);
        return rewritten.get(d);
    }

    /** The new digest of a manifest, or the digest itself when it did not change. */
    Digest digestOf(Digest original) {
        return newDigest.getOrDefault(original, original);
    }

    static String text(Manifest m) {
        return new String(m.bytes(), StandardCharsets.UTF_8);
    }
}
