package dev.ferry.spi;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A place images are written to. The engine writes blobs first, then child manifests, then the
 * top manifest with its tag, so a tag never points at something incomplete.
 */
public interface ImageSink extends Closeable {

    /** Where this is, for messages. */
    String describe();

    boolean hasBlob(Descriptor blob) throws IOException;

    /** The registry repository this sink writes, when it is one (other repositories of that registry can mount from it). */
    default Optional<RepositoryLocation> location() { return Optional.empty(); }

    /** Makes a blob that sits in another repository of the same registry available here without moving it. */
    default boolean mountBlob(Descriptor blob, RepositoryLocation from) throws IOException { return false; }

    /**
     * Stores a blob read from {@code content}, which hashes as it streams and fails its last read
     * on a mismatch. An implementation must make the blob visible only after that last read succeeded.
     */
    void putBlob(Descriptor blob, InputStream content) throws IOException;

    /** The digest the tag currently points at, if the tag exists (a HEAD on a registry). */
    Optional<Digest> manifestDigest(String tag) throws IOException;

    boolean hasManifest(Digest digest) throws IOException;

    /** Stores a manifest's exact bytes, under {@code tag} when it is not null, else by digest only. */
    void putManifest(Manifest manifest, String tag) throws IOException;

    /** Whether {@code referrer} is here already: its tag points at it (a cosign tag), or its manifest is here. */
    default boolean hasReferrer(dev.ferry.oci.Referrer referrer) throws IOException {
        if (referrer.tag() != null) return Optional.of(referrer.digest()).equals(manifestDigest(referrer.tag()));
        return hasManifest(referrer.digest());
    }

    /**
     * Stores a referrer's manifest (its blobs are here already): under its cosign tag, or by digest, so that this
     * place lists it among the referrers of its {@code subject} (a registry without the referrers API: in the tag
     * schema's index too).
     */
    default void putReferrer(Manifest manifest, dev.ferry.oci.Referrer referrer) throws IOException {
        putManifest(manifest, referrer.tag());
    }

    @Override default void close() throws IOException {}
}
