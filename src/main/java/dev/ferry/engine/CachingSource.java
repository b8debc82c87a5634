package dev.ferry.engine;

import dev.ferry.cache.BlobCache;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.spi.ImageSource;
import dev.ferry.spi.RepositoryLocation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Any source, with its blobs read through a {@link BlobCache}: a blob the cache holds is read
 * from disk, any other from the source while it is written to the cache, and a blob another
 * transfer (of this job or of another ferry) is downloading is waited for instead of downloaded
 * again. Manifests, tags and the location (for mounts) are the source's own.
 *
 * <p>Closing it closes the source, not the cache: one cache serves all sources of a job.
 */
public final class CachingSource implements ImageSource {
    private final ImageSource source;
    private final BlobCache cache;

    public CachingSource(ImageSource source, BlobCache cache) {
        this.source = Objects.requireNonNull(source, "source");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The source it reads from. */
    public ImageSource source() { return source; }

    public BlobCache cache() { return cache; }

    @Override public String describe() { return source.describe(); }

    @Override public Manifest manifest(String reference) throws IOException {
        return source.manifest(reference);
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        return source.manifest(descriptor);
    }

    @Override public InputStream openBlob(Descriptor descriptor) throws IOException {
        return cache.open(descriptor, () -> source.openBlob(descriptor));
    }

    /** A small blob from the cache when it holds it, else read whole (and retried) by the source, and kept. */
    @Override public byte[] readBlob(Descriptor descriptor) throws IOException {
        try (InputStream in = cache.open(descriptor, () -> new java.io.ByteArrayInputStream(source.readBlob(descriptor)));
             dev.ferry.oci.VerifyingInputStream v = new dev.ferry.oci.VerifyingInputStream(in, descriptor, "blob " + descriptor.digest().shortForm() + " of " + describe(), null)) {
            return v.readAllBytes();
        }
    }

    @Override public Optional<Digest> digestOf(String reference) throws IOException {
        return source.digestOf(reference);
    }

    @Override public java.util.List<dev.ferry.oci.Referrer> referrers(Digest subject) throws IOException {
        return source.referrers(subject); // referrer manifests are small: read where they are, never cached
    }

    @Override public Optional<RepositoryLocation> location() {
        return source.location();
    }

    @Override public void close() throws IOException {
        source.close();
    }
}
