package dev.ferry.oci;

import java.util.List;

/**
 * A manifest that belongs to an image without being part of it: a signature, an SBOM, an attestation. Either an OCI
 * 1.1 referrer — a manifest whose {@code subject} is the image, found through the referrers API or its tag schema
 * fallback ({@code tag} null) — or one of cosign's tags beside the image, {@code sha256-HEX.sig}, {@code .att},
 * {@code .sbom} ({@code tag} that tag).
 *
 * @param manifest     the referrer manifest's descriptor (media type, digest, size; annotations as the referrers index lists them)
 * @param artifactType what it is ({@code application/spdx+json}, cosign's {@code application/vnd.dev.cosign…}), or null when unknown
 * @param tag          the cosign-style tag it is found under, or null for an OCI 1.1 referrer
 */
public record Referrer(Descriptor manifest, String artifactType, String tag) {
    /** cosign's tag suffixes: a signature, an attestation, an SBOM. */
    public static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");

    /** The OCI annotation of when an artifact was made. */
    public static final String CREATED = "org.opencontainers.image.created";

    /**
     * The referrers tag schema's tag for {@code subject}: {@code <alg>-<ref>}, its characters outside
     * {@code [a-zA-Z0-9_.-]} replaced by {@code -} and cut at 128 characters (distribution spec 1.1).
     */
    public static String fallbackTag(Digest subject) {
        String t = (subject.algorithm() + "-" + subject.hex()).replaceAll("[^a-zA-Z0-9_.-]", "-");
        return t.length() > 128 ? t.substring(0, 128) : t;
    }

    /** cosign's tags for {@code subject}: {@code sha256-HEX.sig}, {@code .att}, {@code .sbom}. */
    public static List<String> cosignTags(Digest subject) {
        String base = subject.algorithm() + "-" + subject.hex();
        return COSIGN_SUFFIXES.stream().map(s -> base + s).toList();
    }

    /** The referrer's creation time ({@code org.opencontainers.image.created}), or null when not stated. */
    public String created() {
        return manifest.annotations().get(CREATED);
    }

    public Digest digest() { return manifest.digest(); }
}
