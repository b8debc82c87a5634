package dev.ferry.app;

import dev.ferry.oci.Digest;

import java.util.List;

/**
 * What {@code ferry inspect} shows of an image.
 *
 * @param images one entry per platform (one for a single-platform image)
 * @param raw    the top manifest's exact bytes
 * @param referrers what refers to the image there (OCI 1.1 referrers, cosign's tags), each with its artifact type
 */
public record Inspection(String reference, String mediaType, Digest digest, long size, List<PlatformImage> images, byte[] raw,
                         List<dev.ferry.oci.Referrer> referrers) {
    public Inspection(String reference, String mediaType, Digest digest, long size, List<PlatformImage> images, byte[] raw) {
        this(reference, mediaType, digest, size, images, raw, List.of());
    }

    /** One platform's manifest. */
    public record PlatformImage(String platform, Digest digest, String mediaType, long manifestSize, Digest config,
                                long totalSize, List<Layer> layers, String created) {}

    public record Layer(Digest digest, long size, String mediaType) {}

    public boolean isIndex() { return images.size() != 1 || !images.get(0).digest().equals(digest); }
}
