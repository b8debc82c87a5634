package dev.ferry.oci;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a manifest says about another object: its media type, digest, size and, in an index, its platform. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
                         List<String> urls, Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(digest, "digest");
        if (size < 0) throw new IllegalArgumentException("negative size " + size + " for " + digest);
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }

    /** Foreign ("non-distributable") layers live elsewhere and are not copied between registries, as docker does. */
    public boolean isForeign() {
        return mediaType != null && (mediaType.contains(".foreign.") || mediaType.contains("nondistributable"));
    }
}
