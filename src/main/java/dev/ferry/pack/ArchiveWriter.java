package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Platform;
import dev.ferry.pack.ArchiveMetadata.Tagged;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Streams images into one tar, in one pass, that is at the same time an OCI image-layout archive
 * ({@code oci-archive:}) and a docker-archive (what {@code docker save} writes):
 *
 * <pre>
 * blobs/, blobs/sha256/   directory entries, first
 * blobs/sha256/HEX        every blob and manifest, in the order they arrive
 * oci-layout              } written by {@link #close()}, after everything else:
 * index.json              }   one entry per tagged image, annotated with
 *                         }   org.opencontainers.image.ref.name = TAG and io.containerd.image.name = NAME:TAG
 * manifest.json           }   docker: [{"Config":"blobs/sha256/…","RepoTags":["NAME:TAG"],"Layers":["blobs/sha256/…",…]}]
 * repositories            }   docker: {"NAME":{"TAG":"HEX of the top layer"}}
 * </pre>
 *
 * <p>Readers: {@code docker load} (20.10 and later extract the whole tar before reading
 * {@code manifest.json}, so metadata at the end is fine), {@code skopeo copy docker-archive:FILE}
 * and {@code oci-archive:FILE[:TAG]}, {@code ctr images import} (which reads every entry first and
 * prefers {@code index.json} when {@code oci-layout} is there; {@code manifest.json} is then ignored).
 *
 * <p>Nothing is buffered: a blob's size comes from its descriptor, so its tar header is written
 * first and its bytes are streamed through a fixed buffer straight into the output. Blobs may be
 * put from several threads; they are written one after the other (a second caller waits while
 * a blob streams). Each blob is written once ({@link #hasBlob} is true afterwards).
 *
 * <p>A blob whose source fails part-way is padded with zeros to its declared size so the tar stays
 * well-formed, and it is not counted as written; a later successful attempt writes a second entry
 * of the same name. Extracting readers (docker, skopeo {@code oci-archive:}) and ctr take the last
 * entry of a name; skopeo's {@code docker-archive:} reader takes the first and then fails the digest
 * check rather than deliver wrong bytes. If the output fails, the writer is broken for good
 * ({@link #outputFailure()}): every later call fails.
 *
 * <p>An image is in the archive once its top manifest is put with a tag (or a name, see
 * {@link #putImage}). {@link #close()} writes the metadata and ends the tar; {@link #abort()}
 * closes the output without it, leaving an archive no reader accepts (use it when an image failed
 * and the receiver must not load a partial result).
 *
 * <p>The docker part can describe one platform per image: for an index, {@code manifest.json}
 * lists the child manifest for {@link #dockerPlatform(Platform)} (default linux/amd64, else the
 * first child that was written). The OCI part keeps the whole index.
 *
 * <p>{@link ArchiveTar} writes the tar and keeps an output failure; {@link ArchiveMetadata} makes
 * the closing files.
 */
public final class ArchiveWriter implements ImageSink {
    /** Annotation with an image's full name, read by {@code ctr images import}. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";
    private static final int BUFFER = 64 * 1024;

    private final Text where;
    private final String describe;
    private final ImageReference repository;
    private final ArchiveTar tar;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Digest> written = ConcurrentHashMap.newKeySet();
    private final Map<Digest, Manifest> manifests = new LinkedHashMap<>();
    private final List<Tagged> images = new ArrayList<>();
    private final byte[] buffer = new byte[BUFFER];
    private volatile Platform dockerPlatform = new Platform("linux", "amd64", null);
    private boolean closed;

    /**
     * @param out        where the tar goes; closed by {@link #close()} and {@link #abort()}
     * @param describe   what this archive is, for messages ({@code docker-archive:/tmp/x.tar})
     * @param repository the repository tags put with {@link #putManifest} belong to
     *                   ({@code 10.45.46.109/customer/web}, normalised like docker does); null when
     *                   images are only named through {@link #putImage}, or carry bare tags only
     */
    public ArchiveWriter(OutputStream out, String describe, String repository) {
        this(out, Text.verbatim(Objects.requireNonNull(describe, "describe")), repository);
    }

    /** The same, with what this archive is as a catalogue text (a daemon sink's: its messages then read in the person's language). */
    public ArchiveWriter(OutputStream out, Text describe, String repository) {
        this.where = Objects.requireNonNull(describe, "describe");
        this.describe = describe.english();
        this.repository = repository == null ? null : repositoryOf(repository);
        this.tar = new ArchiveTar(Objects.requireNonNull(out, "out"));
    }

    /** Parses a repository name (no tag, no digest) the way docker does. */
    static ImageReference repositoryOf(String repository) {
        ImageReference r = ImageReference.parse(repository);
        if (r.digest().isPresent() || repository.substring(repository.lastIndexOf('/') + 1).contains(":")) {
            throw new LocalizedIllegalArgumentException(Text.of("packfile.not_a_repository", repository));
        }
        return r;
    }

    /** Which platform's image of an index {@code manifest.json} describes (docker loads one platform). */
    public ArchiveWriter dockerPlatform(Platform platform) {
        this.dockerPlatform = Objects.requireNonNull(platform, "platform");
        return this;
    }

    @Override public String describe() { return describe; }

    /** Bytes written to the output so far. */
    public long bytesWritten() {
        lock.lock();
        try {
            return tar.bytes();
        } finally {
            lock.unlock();
        }
    }

    /** Why the output failed, if it did; the archive is then incomplete and every call fails. */
    public Optional<IOException> outputFailure() { return Optional.ofNullable(tar.failure()); }

    /** True once the blob (or manifest) is in the archive. */
    @Override public boolean hasBlob(Descriptor blob) { return written.contains(blob.digest()); }

    @Override public boolean hasManifest(Digest digest) { return written.contains(digest); }

    /** An archive being written has no tags yet: always empty. */
    @Override public Optional<Digest> manifestDigest(String tag) { return Optional.empty(); }

    @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
        lockInterruptibly();
        try {
            checkWritable();
            if (written.contains(blob.digest())) return; // each blob once
            tar.startIfNeeded();
            tar.beginFile(path(blob.digest()), blob.size());
            long left = blob.size();
            IOException inputFailure = null;
            while (left > 0) {
                int n;
                try {
                    n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                } catch (IOException e) {
                    inputFailure = e;
                    break;
                }
                if (n < 0) {
                    inputFailure = new LocalizedIOException(Text.of("packfile.blob_ended", blob.digest().shortForm(), blob.size() - left, blob.size()));
                    break;
                }
                tar.write(buffer, 0, n);
                left -= n;
            }
            if (inputFailure == null) {
                try {
                    // the source's last read is where a verifying stream checks the digest
                    if (content.read() >= 0) {
                        inputFailure = new LocalizedIOException(Text.of("packfile.blob_longer", blob.digest().shortForm(), blob.size()));
                    }
                } catch (IOException e) {
                    inputFailure = e;
                }
            }
            if (inputFailure != null) {
                java.util.Arrays.fill(buffer, (byte) 0);
                while (left > 0) {
                    int len = (int) Math.min(buffer.length, left);
                    tar.write(buffer, 0, len);
                    left -= len;
                }
                tar.endFile();
                throw inputFailure;
            }
            tar.endFile();
            written.add(blob.digest());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a manifest's exact bytes as a blob; with a tag, it becomes an image named
     * {@code REPOSITORY:TAG} (or just {@code TAG} in {@code index.json} when this writer has no
     * repository).
     */
    @Override public void putManifest(Manifest manifest, String tag) throws IOException {
        putManifest(manifest, tag, tag == null || repository == null ? null : repository.withTag(tag));
    }

    /** Adds an image with a full name ({@code registry/repo:tag}), for archives of several repositories. */
    public void putImage(Manifest top, ImageReference name) throws IOException {
        Objects.requireNonNull(name, "name");
        String tag = name.tag().orElseThrow(() -> new IllegalStateException("image name " + name + " has no tag")); // callers name a tag
        putManifest(top, tag, name.digest().isPresent() ? ImageReference.parse(name.name() + ":" + tag) : name);
    }

    private void putManifest(Manifest manifest, String tag, ImageReference name) throws IOException {
        lockInterruptibly();
        try {
            checkWritable();
            manifests.putIfAbsent(manifest.digest(), manifest);
            if (!written.contains(manifest.digest())) {
                tar.startIfNeeded();
                tar.small(path(manifest.digest()), manifest.bytes());
                written.add(manifest.digest());
            }
            if (tag != null) {
                images.removeIf(t -> t.tag().equals(tag) && Objects.equals(t.name(), name));
                images.add(new Tagged(manifest, name, tag));
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes the metadata and ends the tar, then closes the output. Fails when the output failed earlier. */
    @Override public void close() throws IOException {
        lock.lock();
        try {
            if (closed) return;
            IOException outputFailure = tar.failure();
            if (outputFailure != null) {
                abort();
                throw new LocalizedIOException(Text.of("packfile.archive_incomplete", where, Text.of(outputFailure)), outputFailure);
            }
            tar.startIfNeeded();
            ArchiveMetadata meta = metadata();
            byte[] index = ArchiveMetadata.JSON.writeValueAsBytes(meta.indexJson());
            byte[] docker = ArchiveMetadata.JSON.writeValueAsBytes(meta.dockerManifest());
            byte[] repositories = ArchiveMetadata.JSON.writeValueAsBytes(meta.repositories());
            tar.small("oci-layout", ArchiveMetadata.OCI_LAYOUT);
            tar.small("index.json", index);
            tar.small("manifest.json", docker);
            tar.small("repositories", repositories);
            tar.finish();
            closed = true;
            tar.close();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the output without metadata: what was written is no archive anyone can load. */
    public void abort() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            try {
                tar.closeRaw();
            } catch (IOException ignored) {
                // nothing to save
            }
        } finally {
            lock.unlock();
        }
    }

    /** The image manifest {@code manifest.json} lists for this image (for an index, the chosen platform's), if any. */
    public Optional<ImageManifest> dockerImageOf(Manifest top) {
        lock.lock();
        try {
            return Optional.ofNullable(metadata().dockerImage(top));
        } finally {
            lock.unlock();
        }
    }

    private ArchiveMetadata metadata() {
        return new ArchiveMetadata(images, manifests, dockerPlatform);
    }

    /** Waits for the blob being written; a cancelled job's threads stop waiting. */
    private void lockInterruptibly() throws IOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_writing", where));
        }
    }

    static String path(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    private void checkWritable() throws IOException {
        IOException outputFailure = tar.failure();
        if (outputFailure != null) {
            throw new LocalizedIOException(Text.of("packfile.cannot_write", where, Text.of(outputFailure)), outputFailure);
        }
        if (closed) throw new LocalizedIOException(Text.of("packfile.already_closed", where));
    }
}
