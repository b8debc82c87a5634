package dev.ferry.spi;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.VerifyingInputStream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A place images are read from: a registry repository, an OCI layout, an archive, a pack.
 * Manifests are resolved eagerly (they are small); blobs are opened lazily and streamed.
 */
public interface ImageSource extends Closeable {

    /** Where this is, for messages: {@code 127.0.0.1:5000/app/web}, {@code oci:/data/layout}. */
    String describe();

    /** The top-level manifest for a tag or a digest string; its digest is checked when a digest was asked for. */
    Manifest manifest(String reference) throws IOException;

    /** A manifest an index points to; its bytes are checked against the descriptor's digest. */
    Manifest manifest(Descriptor descriptor) throws IOException;

    /** The raw bytes of a blob. The caller verifies them (see {@code VerifyingInputStream}). */
    InputStream openBlob(Descriptor descriptor) throws IOException;

    /**
     * A small blob (an image config), whole and verified against its descriptor. A source that
     * can fetch again (a registry) does so when the connection breaks or the bytes do not match.
     */
    default byte[] readBlob(Descriptor descriptor) throws IOException {
        try (InputStream raw = openBlob(descriptor);
             VerifyingInputStream v = new VerifyingInputStream(raw, descriptor, dev.ferry.ref.Text.of("oci.blob_of", descriptor.digest().shortForm(), describe()), null)) {
            return v.readAllBytes();
        }
    }

    /**
     * The digest of the top manifest for a tag or digest, when it can be learnt cheaply (a HEAD on
     * a registry, which does not count against pull limits); empty when it cannot.
     */
    default Optional<Digest> digestOf(String reference) throws IOException { return Optional.empty(); }

    /**
     * What refers to the manifest {@code subject} here (OCI 1.1 referrers, cosign's {@code sha256-HEX.sig}/{@code .att}/
     * {@code .sbom} tags); empty when none, or when this kind of place keeps none.
     */
    default java.util.List<dev.ferry.oci.Referrer> referrers(Digest subject) throws IOException { return java.util.List.of(); }

    /** The registry repository this source reads, when it is one (lets a sink on the same registry mount blobs). */
    default Optional<RepositoryLocation> location() { return Optional.empty(); }

    @Override default void close() throws IOException {}
}
