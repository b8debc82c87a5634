package dev.ferry.pack;

import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Referrer;
import dev.ferry.oci.ReferrersIndex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The referrers an OCI {@code index.json} lists beside its images (an OCI layout, an OCI archive): an entry whose
 * manifest has a {@code subject} (listed without a ref name, as {@link OciLayout#putReferrer} writes it), or one
 * under a cosign tag ({@code sha256-HEX.sig}, {@code .att}, {@code .sbom}). Such entries are not images.
 */
final class IndexReferrers {
    private static final Pattern COSIGN_TAG = Pattern.compile("sha(256|512)-[0-9a-f]+\\.(sig|att|sbom)");

    /** One entry of an index: its ref name (or null) and its manifest. */
    record Listed(String name, Manifest manifest) {}

    private IndexReferrers() {}

    /** Whether the entry named {@code name} (null: none) with {@code manifest} refers to another rather than being an image. */
    static boolean isReferrer(String name, Manifest manifest) {
        return name != null && COSIGN_TAG.matcher(name).matches() || manifest.subject() != null;
    }

    /** Those of {@code listed} that refer to {@code subject}: by their subject (untagged entries), or under its cosign tags. */
    static List<Referrer> of(List<Listed> listed, Digest subject) {
        List<String> cosign = Referrer.cosignTags(subject);
        List<Referrer> out = new ArrayList<>();
        Set<Digest> seen = new HashSet<>();
        for (Listed l : listed) {
            if (seen.contains(l.manifest().digest())) continue;
            if (l.name() != null && cosign.contains(l.name())) {
                Referrer r = ReferrersIndex.of(l.manifest());
                out.add(new Referrer(r.manifest(), r.artifactType(), l.name()));
                seen.add(l.manifest().digest());
            } else if (l.name() == null && l.manifest().subject() != null && l.manifest().subject().digest().equals(subject)) {
                out.add(ReferrersIndex.of(l.manifest()));
                seen.add(l.manifest().digest());
            }
        }
        return out;
    }
}
