package dev.ferry.oci;

import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a manifest says about another object: its media type, digest, size and, in an index, its platform. */
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
                         List<String> urls, Map<String, String> annotations) {

    public Descriptor {
        Objects.requireNonNull(digest, "digest");
        if (size < 0) throw new LocalizedArgumentException(Text.of("oci.negative_size", size, digest));
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null);
    }

    // written out: a record's generated equals/hashCode are linked at run time on first use, which
    // costs a short CLI run tens of milliseconds for a record this wide (descriptors key many maps)
    @Override public boolean equals(Object o) {
        return o instanceof Descriptor d && size == d.size && digest.equals(d.digest) && Objects.equals(mediaType, d.mediaType)
                && Objects.equals(platform, d.platform) && urls.equals(d.urls) && annotations.equals(d.annotations);
    }

    @Override public int hashCode() {
        int h = digest.hashCode();
        h = 31 * h + Long.hashCode(size);
        h = 31 * h + Objects.hashCode(mediaType);
        h = 31 * h + Objects.hashCode(platform);
        h = 31 * h + urls.hashCode();
        return 31 * h + annotations.hashCode();
    }

    /** Foreign ("non-distributable") layers live elsewhere and are not copied between registries, as docker does. */
    public boolean isForeign() {
        return mediaType != null && (mediaType.contains(".foreign.") || mediaType.contains("nondistributable"));
    }
}
