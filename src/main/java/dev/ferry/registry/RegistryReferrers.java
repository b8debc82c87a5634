package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Referrer;
import dev.ferry.oci.ReferrersIndex;
import dev.ferry.oci.UnsupportedManifestException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image's referrers on a registry, read and written as the distribution spec 1.1 says: the referrers API where
 * the registry has it, else the referrers tag schema ({@code sha256-HEX} holding an index of them, which a client
 * that pushes a manifest with a {@code subject} keeps up to date); and cosign's {@code sha256-HEX.sig}, {@code .att},
 * {@code .sbom} tags, found with a HEAD each (no pull spent).
 */
final class RegistryReferrers {
    private RegistryReferrers() {}

    /** Every referrer of {@code subject} in {@code repository}, each once: the OCI 1.1 ones first, then cosign's tags. */
    static List<Referrer> list(RegistryClient client, String repository, Digest subject) throws RegistryException {
        Map<Digest, Referrer> out = new LinkedHashMap<>();
        Optional<List<byte[]>> api = client.referrers(repository, subject);
        List<byte[]> indexes = new ArrayList<>();
        if (api.isPresent()) {
            indexes.addAll(api.get());
        } else if (client.headManifest(repository, Referrer.fallbackTag(subject)).isPresent()) {
            indexes.add(client.getManifest(repository, Referrer.fallbackTag(subject)).bytes());
        }
        for (byte[] index : indexes) {
            try {
                for (Referrer r : ReferrersIndex.referrers(index)) out.putIfAbsent(r.digest(), r);
            } catch (UnsupportedManifestException e) {
                // a tag of that name holding something else is no index of referrers: none from it
            }
        }
        for (String tag : Referrer.cosignTags(subject)) {
            Optional<ManifestHead> h = client.headManifest(repository, tag);
            if (h.isEmpty()) continue;
            ManifestHead head = h.get();
            Referrer r = new Referrer(new Descriptor(head.mediaType(), head.digest(), Math.max(0, head.size())), null, tag);
            out.putIfAbsent(r.digest(), r);
        }
        return List.copyOf(out.values());
    }

    /**
     * Pushes a referrer's manifest: under its cosign tag, or by digest; when the registry did not answer
     * {@code OCI-Subject} (it has no referrers API), the manifest is added to the tag schema's index of its subject.
     */
    static void put(RegistryClient client, String repository, Manifest manifest, Referrer referrer) throws RegistryException {
        boolean indexed = client.putManifest(repository, referrer.tag() == null ? manifest.digest().toString() : referrer.tag(), manifest);
        if (indexed || manifest.subject() == null) return;
        String tag = Referrer.fallbackTag(manifest.subject().digest());
        byte[] existing = client.headManifest(repository, tag).isPresent() ? client.getManifest(repository, tag).bytes() : null;
        ImageIndex index = ReferrersIndex.with(existing, manifest);
        if (index != null) client.putManifest(repository, tag, index);
    }
}
