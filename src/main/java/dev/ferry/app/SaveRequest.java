package dev.ferry.app;

import dev.ferry.oci.Platform;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ferry save}: a list's images into a new pack.
 *
 * @param images           the list's entries, already parsed
 * @param listName         the list as the person named it, for messages
 * @param dir              where packs go; the pack lands in {@code dir/YYYYMMDD/}
 * @param prefix           file name prefix (cfg {@code outprefix}, {@code -o/--out}), or null
 * @param compression      none (tar), lz4 or xz
 * @param singleFile       one data file instead of one per worker
 * @param dockerCompatible a single uncompressed file also readable by docker load, skopeo and ctr
 * @param inc              meta files of earlier packs whose blobs are left out (incremental)
 * @param cache            the blob cache to read through, or null
 * @param keepDigests      squash packs: store layers ferry cannot compress back to their bytes as blobs, so no digest changes
 * @param referrers        {@code --referrers}: what refers to each image (signatures, SBOMs) is saved with it
 */
public record SaveRequest(List<dev.ferry.config.ImageListEntry> images, String listName, String from, Path dir, String prefix, String compression,
                          boolean singleFile, boolean dockerCompatible, List<Path> inc, List<Platform> platforms,
                          int parallel, int retries, dev.ferry.config.CacheSettings cache, boolean keepDigests, boolean referrers) {
    public SaveRequest(List<dev.ferry.config.ImageListEntry> images, String listName, String from, Path dir, String prefix, String compression,
                       boolean singleFile, boolean dockerCompatible, List<Path> inc, List<Platform> platforms,
                       int parallel, int retries, dev.ferry.config.CacheSettings cache, boolean keepDigests) {
        this(images, listName, from, dir, prefix, compression, singleFile, dockerCompatible, inc, platforms, parallel, retries, cache, keepDigests, false);
    }

    public SaveRequest(List<dev.ferry.config.ImageListEntry> images, String listName, String from, Path dir, String prefix, String compression,
                       boolean singleFile, boolean dockerCompatible, List<Path> inc, List<Platform> platforms,
                       int parallel, int retries, dev.ferry.config.CacheSettings cache) {
        this(images, listName, from, dir, prefix, compression, singleFile, dockerCompatible, inc, platforms, parallel, retries, cache, false);
    }

    public SaveRequest {
        images = List.copyOf(images);
        inc = inc == null ? List.of() : List.copyOf(inc);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
    }
}
