package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Platform;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.TransferFailure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The manifests to write for one image, children first, and the blobs they need; {@code read} holds the
 * (small, verified) blobs planning read whole, so that moving them reads nothing twice.
 */
record ImagePlan(Manifest top, List<Manifest> children, List<Descriptor> blobs, List<String> platforms, List<String> missing,
                 Map<Digest, byte[]> read) {
    ImagePlan(Manifest top, List<Manifest> children, List<Descriptor> blobs, List<String> platforms, List<String> missing) {
        this(top, children, blobs, platforms, missing, Map.of());
    }

    /** The bytes of {@code blob} when planning read them, else null. */
    byte[] bytesOf(Descriptor blob) {
        return read.get(blob.digest());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Resolves every manifest of the image {@code t} reads ({@code top} and what it points to), keeping {@code t}'s platforms. */
    static ImagePlan of(ImageTask t, Manifest top) throws IOException {
        List<Platform> want = t.platforms();
        if (top instanceof ImageIndex index) {
            List<Descriptor> chosen = new ArrayList<>();
            for (Descriptor d : index.manifests()) {
                if (want.isEmpty() || (d.platform() != null && want.stream().anyMatch(p -> p.matches(d.platform())))) chosen.add(d);
            }
            if (chosen.isEmpty()) {
                List<String> have = index.manifests().stream().filter(d -> d.platform() != null).map(d -> d.platform().toString()).toList();
                throw new LocalizedIOException(Text.of("engine.no_platform", t.sourceName(), joinPlatforms(want), String.join(", ", have)));
            }
            List<Manifest> children = new ArrayList<>();
            List<String> platforms = new ArrayList<>();
            Set<Descriptor> blobs = new LinkedHashSet<>();
            for (Descriptor d : chosen) {
                Manifest child = t.source().manifest(d);
                if (!child.digest().equals(d.digest())) throw new LocalizedIOException(Text.of("engine.child_digest", t.sourceName(), d.digest().shortForm()));
                collect(t, child, children, blobs, 1);
                if (d.platform() != null) platforms.add(d.platform().toString());
            }
            Manifest newTop;
            if (want.isEmpty() || chosen.size() == index.manifests().size()) newTop = index;
            else if (want.size() == 1 && chosen.size() == 1) newTop = children.remove(children.size() - 1);
            else newTop = index.retain(chosen.stream().map(Descriptor::digest).collect(java.util.stream.Collectors.toSet()));
            List<String> missing = want.stream().filter(w -> chosen.stream().noneMatch(d -> w.matches(d.platform()))).map(Platform::toString).toList();
            return new ImagePlan(newTop, children, List.copyOf(blobs), platforms, missing);
        }
        ImageManifest m = (ImageManifest) top;
        String platform = null;
        Platform found;
        Map<Digest, byte[]> read = new java.util.HashMap<>(1);
        try {
            found = configPlatform(t, m, read);
        } catch (IOException e) {
            // a source may not hold the config itself (an incremental pack leaves it to its parent): the platform stays unknown
            if (!want.isEmpty() || !(e instanceof TransferFailure tf && tf.isNotFound())) throw e;
            found = null;
        }
        Platform p = found;
        if (p != null) {
            platform = p.toString();
            if (!want.isEmpty() && want.stream().noneMatch(w -> w.matches(p))) {
                throw new LocalizedIOException(Text.of("engine.single_platform", t.sourceName(), p, joinPlatforms(want)));
            }
        }
        // a single-platform image asked for several: the one it is, and the others said missing
        List<String> missing = p == null ? List.of() : want.stream().filter(w -> !w.matches(p)).map(Platform::toString).toList();
        return new ImagePlan(m, List.of(), blobsOf(m), platform == null ? List.of() : List.of(platform), missing, Map.copyOf(read));
    }

    private static void collect(ImageTask t, Manifest m, List<Manifest> children, Set<Descriptor> blobs, int depth) throws IOException {
        if (m instanceof ImageIndex nested) {
            if (depth > 3) throw new LocalizedIOException(Text.of("engine.nested_indexes", t.sourceName()));
            for (Descriptor d : nested.manifests()) collect(t, t.source().manifest(d), children, blobs, depth + 1);
        } else {
            blobs.addAll(blobsOf((ImageManifest) m));
        }
        children.add(m);
    }

    private static List<Descriptor> blobsOf(ImageManifest m) {
        return m.blobs().stream().filter(d -> !d.isForeign()).toList();
    }

    /**
     * Reads the (small) config blob to learn a single-platform image's platform, keeping its bytes in {@code read};
     * null when it is not an image config.
     */
    private static Platform configPlatform(ImageTask t, ImageManifest m, Map<Digest, byte[]> read) throws IOException {
        Descriptor c = m.config();
        if (c.size() > 8 * 1024 * 1024 || c.mediaType() == null || !(c.mediaType().contains("image.config") || c.mediaType().contains("container.image"))) return null;
        // read whole and verified by the source, in its retry loop: a broken or corrupted answer is fetched again
        byte[] bytes = t.source().readBlob(c);
        read.put(c.digest(), bytes);
        JsonNode n = JSON.readTree(bytes);
        if (n == null || !n.hasNonNull("architecture") || !n.hasNonNull("os")) return null;
        return new Platform(n.get("os").asText(), n.get("architecture").asText(), n.path("variant").asText(null));
    }

    private static String joinPlatforms(List<Platform> ps) {
        return String.join(", ", ps.stream().map(Platform::toString).toList());
    }
}
