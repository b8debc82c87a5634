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

    /**
     * {@link #hasBlob}, for a blob that is put next when it is not here: a sink that can asks in a way that also
     * prepares the {@link #putBlob} that follows (a registry: the POST that opens the upload, one request where a HEAD
     * and a POST were two). Not for a dry run, which must write nothing.
     */
    default boolean hasBlobElsePrepare(Descriptor blob) throws IOException { return hasBlob(blob); }

    /** The registry repository this sink writes, when it is one (other repositories of that registry can mount from it). */
    default Optional<RepositoryLocation> location() { return Optional.empty(); }

    /** Makes a blob that sits in another repository of the same registry available here without moving it. */
    default boolean mountBlob(Descriptor blob, RepositoryLocation from) throws IOException { return false; }

    /**
     * Stores a blob read from {@code content}, which hashes as it streams and fails its last read
     * on a mismatch. An implementation must make the blob visible only after that last read succeeded.
     */
    void putBlob(Descriptor blob, InputStream content) throws IOException;

    /**
     * Stores a blob whose digest is learnt while it streams (a layer compressed as it is pushed) and
     * returns its descriptor. As with {@link #putBlob}, the blob becomes visible only once
     * {@code content} reached its end without failing: a read that fails (a rebuilt layer that does
     * not hash to its diff_id) abandons it. This default keeps the bytes in a temporary file (one
     * blob's size of disk) and puts them from there; a sink that can learn the digest on the way overrides it.
     */
    default Descriptor putNewBlob(String mediaType, InputStream content) throws IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("ferry-blob-", ".part");
        try {
            java.security.MessageDigest sha = Digest.sha256(new byte[0]).newMessageDigest();
            long size = 0;
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(tmp), 1 << 16)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = content.read(buf)) >= 0; ) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                }
            }
            Descriptor d = new Descriptor(mediaType, Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(sha.digest())), size);
            if (!hasBlob(d)) {
                try (InputStream in = new dev.ferry.oci.VerifyingInputStream(java.nio.file.Files.newInputStream(tmp), d, "blob " + d.digest().shortForm(), null)) {
                    putBlob(d, in);
                }
            }
            return d;
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /**
     * Every tag here, when this kind of place lists them in a request or a few (a registry's tag list; empty set for a
     * repository that does not exist yet); empty when it cannot say.
     */
    default Optional<java.util.Set<String>> listTags() throws IOException { return Optional.empty(); }

    /** The digest the tag currently points at, if the tag exists (a HEAD on a registry). */
    Optional<Digest> manifestDigest(String tag) throws IOException;

    boolean hasManifest(Digest digest) throws IOException;

    /** Stores a manifest's exact bytes, under {@code tag} when it is not null, else by digest only. */
    void putManifest(Manifest manifest, String tag) throws IOException;

    /**
     * Whether this place can keep what refers to an image ({@code --referrers}); a daemon cannot: the engine then
     * writes none and warns once, naming what was left behind.
     */
    default boolean keepsReferrers() { return true; }

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
