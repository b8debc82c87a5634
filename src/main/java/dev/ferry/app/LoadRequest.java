package dev.ferry.app;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ferry load}: a pack into a registry.
 *
 * @param renames     {@code old -> new} lines (old: the image's name in the pack or its source reference)
 * @param verifyFirst read and hash every blob of a pack before anything is pushed (the default);
 *                    false streams the blobs straight to the target, each hashed on the way, for a
 *                    pack whose origin is trusted: faster, but a damaged blob is found only when its
 *                    image is pushed, after other images may have been
 * @param images      the images to load, by their name in the input ({@link Image#name()}, what a rename's OLD
 *                    names); empty or null loads all of them. A name the input lacks is bad input.
 */
public record LoadRequest(Path meta, String to, String renames, int parallel, int retries, boolean verifyFirst, boolean referrers,
                          List<String> images) {
    public LoadRequest {
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A load of some images ({@code images}; empty: all), without the referrers the input holds. */
    public LoadRequest(Path meta, String to, String renames, int parallel, int retries, boolean verifyFirst, List<String> images) {
        this(meta, to, renames, parallel, retries, verifyFirst, false, images);
    }

    /** A load of every image ({@code referrers}: {@code --referrers}, they are pushed with their images). */
    public LoadRequest(Path meta, String to, String renames, int parallel, int retries, boolean verifyFirst, boolean referrers) {
        this(meta, to, renames, parallel, retries, verifyFirst, referrers, List.of());
    }

    /** A load of every image, without the referrers the input holds. */
    public LoadRequest(Path meta, String to, String renames, int parallel, int retries, boolean verifyFirst) {
        this(meta, to, renames, parallel, retries, verifyFirst, false, List.of());
    }

    /** A load of every image that verifies every blob first. */
    public LoadRequest(Path meta, String to, String renames, int parallel, int retries) {
        this(meta, to, renames, parallel, retries, true);
    }

    /** An image of the input: its name there (what a rename's OLD names) and where a load would put it. */
    public record Image(String name, String target) {}
}
