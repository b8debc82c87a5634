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

    @Override default void close() throws IOException {}
}
