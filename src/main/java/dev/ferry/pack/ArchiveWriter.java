package dev.ferry.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.Platform;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSink;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
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
 */
public final class ArchiveWriter implements ImageSink {
    /** Annotation with an image's full name, read by {@code ctr images import}. */
    public static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 64 * 1024;

    private record Tagged(Manifest top, ImageReference name, String tag) {}

    private final String describe;
    private final ImageReference repository;
    private final CountingStream counted;
    private final TarArchiveOutputStream tar;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Digest> written = ConcurrentHashMap.newKeySet();
    private final Map<Digest, Manifest> manifests = new LinkedHashMap<>();
    private final List<Tagged> images = new ArrayList<>();
    private final byte[] buffer = new byte[BUFFER];
    private final Date mtime = Date.from(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    private volatile Platform dockerPlatform = new Platform("linux", "amd64", null);
    private volatile IOException outputFailure;
    private boolean started;
    private boolean closed;
    private long bytes;

    /**
     * @param out        where the tar goes; closed by {@link #close()} and {@link #abort()}
     * @param describe   what this archive is, for messages ({@code docker-archive:/tmp/x.tar})
     * @param repository the repository tags put with {@link #putManifest} belong to
     *                   ({@code 10.45.46.109/customer/web}, normalised like docker does); null when
     *                   images are only named through {@link #putImage}, or carry bare tags only
     */
    public ArchiveWriter(OutputStream out, String describe, String repository) {
        this.describe = Objects.requireNonNull(describe, "describe");
        this.repository = repository == null ? null : repositoryOf(repository);
        this.counted = new CountingStream(Objects.requireNonNull(out, "out"));
        this.tar = new TarArchiveOutputStream(counted, 512 * 20);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
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
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    /** Why the output failed, if it did; the archive is then incomplete and every call fails. */
    public Optional<IOException> outputFailure() { return Optional.ofNullable(outputFailure); }

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
            startIfNeeded();
            String name = path(blob.digest());
            output(() -> tar.putArchiveEntry(file(name, blob.size())));
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
                int len = n;
                output(() -> tar.write(buffer, 0, len));
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
                    output(() -> tar.write(buffer, 0, len));
                    left -= len;
                }
                output(tar::closeArchiveEntry);
                throw inputFailure;
            }
            output(tar::closeArchiveEntry);
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
                startIfNeeded();
                byte[] raw = manifest.bytes();
                output(() -> {
                    tar.putArchiveEntry(file(path(manifest.digest()), raw.length));
                    tar.write(raw);
                    tar.closeArchiveEntry();
                });
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
            if (outputFailure != null) {
                abort();
                throw new LocalizedIOException(Text.of("packfile.archive_incomplete", describe, Text.of(outputFailure)), outputFailure);
            }
            startIfNeeded();
            byte[] layout = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);
            byte[] index = JSON.writeValueAsBytes(indexJson());
            byte[] docker = JSON.writeValueAsBytes(dockerManifest());
            byte[] repositories = JSON.writeValueAsBytes(repositories());
            output(() -> {
                small("oci-layout", layout);
                small("index.json", index);
                small("manifest.json", docker);
                small("repositories", repositories);
                tar.finish();
            });
            closed = true;
            output(tar::close);
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
                counted.closeRaw();
            } catch (IOException ignored) {
                // nothing to save
            }
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ metadata

    private ObjectNode indexJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode list = root.putArray("manifests");
        for (Tagged t : images) {
            ObjectNode d = list.addObject();
            d.put("mediaType", t.top().mediaType());
            d.put("digest", t.top().digest().toString());
            d.put("size", t.top().size());
            ObjectNode ann = d.putObject("annotations");
            if (t.name() != null) ann.put(CONTAINERD_IMAGE_NAME, t.name().toString());
            ann.put(OciLayout.REF_NAME, t.tag());
        }
        return root;
    }

    /** The single-platform image manifest docker gets for a tagged image, or null when there is none. */
    private ImageManifest dockerImage(Manifest top) {
        if (top instanceof ImageManifest m) return m;
        ImageIndex index = (ImageIndex) top;
        ImageManifest first = null;
        for (Descriptor d : index.manifests()) {
            if (manifests.get(d.digest()) instanceof ImageManifest m) {
                if (d.platform() != null && dockerPlatform.matches(d.platform())) return m;
                if (first == null) first = m;
            }
        }
        return first;
    }

    /** The image manifest {@code manifest.json} lists for this image (for an index, the chosen platform's), if any. */
    public Optional<ImageManifest> dockerImageOf(Manifest top) {
        lock.lock();
        try {
            return Optional.ofNullable(dockerImage(top));
        } finally {
            lock.unlock();
        }
    }

    private ArrayNode dockerManifest() {
        ArrayNode list = JSON.createArrayNode();
        Map<Digest, ObjectNode> byManifest = new LinkedHashMap<>();
        for (Tagged t : images) {
            ImageManifest m = dockerImage(t.top());
            if (m == null) continue;
            ObjectNode entry = byManifest.get(m.digest());
            if (entry == null) {
                entry = list.addObject();
                entry.put("Config", path(m.config().digest()));
                entry.putArray("RepoTags");
                ArrayNode layers = entry.putArray("Layers");
                for (Descriptor l : m.layers()) if (!l.isForeign()) layers.add(path(l.digest()));
                byManifest.put(m.digest(), entry);
            }
            if (t.name() != null) ((ArrayNode) entry.get("RepoTags")).add(t.name().familiar());
        }
        return list;
    }

    private ObjectNode repositories() {
        ObjectNode root = JSON.createObjectNode();
        for (Tagged t : images) {
            ImageManifest m = dockerImage(t.top());
            if (t.name() == null || m == null || m.layers().isEmpty()) continue;
            String familiar = t.name().familiar();
            String repo = familiar.substring(0, familiar.length() - t.tag().length() - 1);
            ObjectNode tags = root.has(repo) ? (ObjectNode) root.get(repo) : root.putObject(repo);
            tags.put(t.tag(), m.layers().get(m.layers().size() - 1).digest().hex());
        }
        return root;
    }

    // ------------------------------------------------------------------ tar

    /** Waits for the blob being written; a cancelled job's threads stop waiting. */
    private void lockInterruptibly() throws IOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_writing", describe));
        }
    }

    static String path(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    private void startIfNeeded() throws IOException {
        if (started) return;
        started = true;
        output(() -> {
            for (String dir : List.of("blobs/", "blobs/sha256/")) {
                TarArchiveEntry e = new TarArchiveEntry(dir);
                stamp(e, 0755);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        });
    }

    private TarArchiveEntry file(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        stamp(e, 0644);
        return e;
    }

    private void stamp(TarArchiveEntry e, int mode) {
        e.setMode((e.isDirectory() ? 0040000 : 0100000) | mode);
        e.setModTime(mtime);
        e.setIds(0, 0);
        e.setNames("root", "root");
    }

    private void small(String name, byte[] content) throws IOException {
        tar.putArchiveEntry(file(name, content.length));
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private void checkWritable() throws IOException {
        if (outputFailure != null) {
            throw new LocalizedIOException(Text.of("packfile.cannot_write", describe, Text.of(outputFailure)), outputFailure);
        }
        if (closed) throw new LocalizedIOException(Text.of("packfile.already_closed", describe));
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs a step that writes to the output; a failure there breaks the archive for good. */
    private void output(Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            IOException io = e instanceof IOException x ? x : new IOException(e.getMessage(), e);
            if (outputFailure == null) outputFailure = io;
            throw io;
        }
    }

    /** Counts the bytes that reach the output and lets {@link #abort()} close it directly. */
    private final class CountingStream extends java.io.FilterOutputStream {
        CountingStream(OutputStream out) {
            super(out);
        }

        @Override public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }

        void closeRaw() throws IOException {
            out.close();
        }
    }
}
