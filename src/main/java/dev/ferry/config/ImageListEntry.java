package dev.ferry.config;

import dev.ferry.oci.Platform;
import dev.ferry.ref.Text;

import java.util.List;
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
 * @param extra  what formats other than image-transmit's lists say about the entry (more tags,
 *               platforms, a namespace to put it under); {@link Extra#NONE} for a list line
 */
public record ImageListEntry(String source, String target, int line, Extra extra) {

    /**
     * What an entry of images.json (and the other formats) adds to a list line.
     *
     * @param alsoTags       tags written besides the target's own, from one read of the source
     * @param platforms      the platforms to keep (empty: what the job asks for)
     * @param underNamespace the target is a name to put under the target's namespace
     *                       ({@code repository}, {@code --namespace}), not a path to rewrite
     * @param absolute       the source is a full reference as docker reads it: without
     *                       {@code --from} it is read from where it names
     * @param tags           the source is a repository whose tags this chooses
     *                       ({@code repo:/REGEX/}, {@code --all-repos}); null: the source's own tag
     */
    public record Extra(List<String> alsoTags, List<Platform> platforms, boolean underNamespace, boolean absolute, TagSelector tags) {
        public static final Extra NONE = new Extra(List.of(), List.of(), false, false, null);

        public Extra {
            alsoTags = alsoTags == null ? List.of() : List.copyOf(alsoTags);
            platforms = platforms == null ? List.of() : List.copyOf(platforms);
        }

        public Extra(List<String> alsoTags, List<Platform> platforms, boolean underNamespace, boolean absolute) {
            this(alsoTags, platforms, underNamespace, absolute, null);
        }

        /** The same for one tag the selector chose. */
        public Extra chosen() {
            return new Extra(alsoTags, platforms, underNamespace, absolute, null);
        }
    }

    /** Whether the entry is a repository whose tags are still to be chosen ({@link Extra#tags()}). */
    public boolean selects() {
        return extra.tags() != null;
    }

    public ImageListEntry {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new ConfigException(null, Text.of("list.entry_source_empty"), null);
        }
        if (target != null && target.isBlank()) {
            throw new ConfigException(null, Text.of("list.entry_target_empty"), null);
        }
        extra = extra == null ? Extra.NONE : extra;
    }

    /** A line of an image list. */
    public ImageListEntry(String source, String target, int line) {
        this(source, target, line, Extra.NONE);
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
