package dev.ferry.app;

import dev.ferry.config.CacheSettings;
import dev.ferry.oci.Platform;

import java.util.List;

/**
 * One image from {@code source} to {@code target} (see {@link ImageLocation} for the forms).
 *
 * @param platforms empty: all platforms, byte for byte; one: that platform's manifest alone; several: a new index of those
 * @param parallel  blobs moved at the same time
 * @param retries   retries per blob and request
 * @param cache     the blob cache to read source blobs through, or null for none
 * @param reshape   {@code --squash} / {@code --recompress}: the image is rewritten on the way (new digests), or null
 * @param referrers {@code --referrers}: what refers to the image (signatures, SBOMs) goes with it
 */
public record CopyRequest(String source, String target, List<Platform> platforms, int parallel, int retries, boolean dryRun,
                          CacheSettings cache, Reshape reshape, boolean referrers) {
    public CopyRequest(String source, String target, List<Platform> platforms, int parallel, int retries, boolean dryRun,
                       CacheSettings cache, Reshape reshape) {
        this(source, target, platforms, parallel, retries, dryRun, cache, reshape, false);
    }

    public CopyRequest(String source, String target, List<Platform> platforms, int parallel, int retries, boolean dryRun, CacheSettings cache) {
        this(source, target, platforms, parallel, retries, dryRun, cache, null);
    }

    public CopyRequest {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }

    /** Without a cache. */
    public CopyRequest(String source, String target, List<Platform> platforms, int parallel, int retries, boolean dryRun) {
        this(source, target, platforms, parallel, retries, dryRun, null);
    }
}
