package dev.ferry.pack;

import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Referrer;
import dev.ferry.oci.ReferrersIndex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The referrers a pack holds (saved with {@code --referrers}) of one manifest: those whose subject it is, and its cosign tags. */
public final class PackReferrers {
    private PackReferrers() {}

    public static List<Referrer> of(PackMeta meta, Digest subject) {
        List<String> cosign = Referrer.cosignTags(subject);
        List<Referrer> out = new ArrayList<>();
        Set<Digest> seen = new LinkedHashSet<>();
        for (PackMeta.Image i : meta.images()) {
            for (PackMeta.ReferrerEntry r : i.referrers()) {
                if (seen.contains(r.digest())) continue;
                Manifest m = r.manifest().parse();
                if (r.tag() != null && cosign.contains(r.tag())) {
                    Referrer of = ReferrersIndex.of(m);
                    out.add(new Referrer(of.manifest(), of.artifactType(), r.tag()));
                    seen.add(r.digest());
                } else if (r.tag() == null && m.subject() != null && m.subject().digest().equals(subject)) {
                    out.add(ReferrersIndex.of(m));
                    seen.add(r.digest());
                }
            }
        }
        return out;
    }
}
