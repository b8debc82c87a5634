package dev.ferry.config;

import dev.ferry.ref.ImageReference;

import java.util.Objects;

/**
 * Where one image list entry is read from and written to, see {@link ImageMapper}.
 *
 * @param source what to pull; carries the list's digest when one was given (and its tag, if any)
 * @param target what to push: a tag, or, when the source was given by digest alone, the digest
 *               alone ({@link #targetByDigest()}); never both
 * @param line   the entry's line in its list, 0 if none
 */
public record Mapping(ImageReference source, ImageReference target, int line) {

    public Mapping {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
    }

    /**
     * Whether the target has no tag, only the source's digest: the manifest is to be pushed by
     * digest ({@code PUT /v2/NAME/manifests/sha256:...}), and nothing is tagged.
     */
    public boolean targetByDigest() {
        return target.tag().isEmpty();
    }

    @Override
    public String toString() {
        return source + " -> " + target;
    }
}
