package dev.ferry.config;

import java.util.Objects;

/**
 * One line of an image list: an image, optionally renamed ({@code SOURCE -> TARGET}).
 *
 * <p>Both sides are kept as written (without a leading {@code http://} or {@code https://}, which
 * image-transmit's lists may carry); {@link ImageMapper} decides which registry they are on.
 *
 * @param source the image as written, e.g. {@code 10.45.80.1/public/alpine:3.11} or {@code alpine:3.11}
 * @param target the new name after {@code ->}, or {@code null} when the image keeps its name
 * @param line   1-based line in the list, 0 when the entry did not come from a list
 */
public record ImageListEntry(String source, String target, int line) {

    public ImageListEntry {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source is empty");
        }
        if (target != null && target.isBlank()) {
            throw new IllegalArgumentException("target is empty; use null for no rename");
        }
    }

    /** An entry without a rename or a line, for images given on the command line. */
    public static ImageListEntry of(String source) {
        return new ImageListEntry(source, null, 0);
    }

    /** Whether the line renames the image ({@code ->}). */
    public boolean renamed() {
        return target != null;
    }

    /** The line as it would be written: {@code source} or {@code source -> target}. */
    @Override
    public String toString() {
        return target == null ? source : source + " -> " + target;
    }
}
