package dev.ferry.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Platform;
import dev.ferry.pack.ArchiveWriter;
import dev.ferry.pack.LocalizedIllegalArgumentException;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.ImageSink;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads one image into a docker daemon through the Docker Engine API, as {@code docker load} does,
 * without a docker CLI and without a temporary file.
 *
 * <p>The first blob opens {@code POST /images/load} and the archive ({@link ArchiveWriter}: blobs as
 * they arrive, {@code manifest.json} last) streams straight into the request body in chunks, while
 * the engine is still reading the source; blobs put from several threads are written one after the
 * other. Docker (20.10 and later) extracts the whole upload before it reads {@code manifest.json}, so
 * the metadata at the end is what it needs. The top manifest with its tag ends the upload; the
 * daemon's JSON-lines answer is read, an {@code error} in it fails the image with the daemon's own
 * words, and {@code GET /images/NAME:TAG/json} must then show the image ID the config promises.
 * Memory use is flat and <b>no temporary copy is written</b> by ferry (the daemon itself unpacks the
 * upload into its data root before loading it).
 *
 * <p>Docker holds one platform per name: a multi-platform source should be narrowed to one platform
 * before it gets here (the task's platform, by default {@link DockerDaemon#platform()}), so that only
 * that platform's blobs move. If an index arrives anyway, its child for {@code platform} (or the
 * daemon's) is the one loaded; the other platforms' blobs were then sent for nothing.
 *
 * <p>If the image fails before its tag is written, {@link #close()} cuts the upload off mid-stream,
 * docker discards it, and nothing is tagged. The daemon is asked for nothing before the first blob
 * ({@link #manifestDigest} is always empty: docker does not keep the manifest a loaded image came from).
 * One sink loads one image; make one per image, and always give the top manifest a tag (with a null
 * tag the load is never finished and {@link #close()} discards it).
 *
 * <p>Blobs reach docker one at a time, so more than one parallel blob transfer only keeps source
 * connections open while they wait their turn: run a job that writes only to daemons with one.
 */
public final class DockerSink implements ImageSink {
    /** An image store keeps images, not the signatures and SBOMs that refer to them. */
    @Override public boolean keepsReferrers() { return false; }

    private static final AtomicInteger LOADS = new AtomicInteger();
    static final Duration LOAD_ANSWER_TIMEOUT = Duration.ofHours(2);

    private final DockerDaemon daemon;
    private final ImageReference repository;
    private final Platform platform;
    /** Where this sink loads into, in any language; {@link #describe} is its English. */
    private final Text where;
    private final String describe;
    private DockerHttp.Connection connection;
    private ArchiveWriter writer;
    private volatile boolean loaded;
    /** The top manifest loaded and the name it got, for the tags after the first. */
    private Digest loadedTop;
    private String loadedName;
    private volatile boolean closed;
    private final List<String> loadedMessages = new ArrayList<>();

    /**
     * @param daemon     the daemon to load into
     * @param repository the name to load as, without tag ({@code 10.45.46.109/customer/web}); the tag
     *                   comes with the top manifest ({@code putManifest(top, "3.2")} loads
     *                   {@code 10.45.46.109/customer/web:3.2})
     * @param platform   which child of a multi-platform index to load; null for the daemon's own
     */
    public DockerSink(DockerDaemon daemon, String repository, Platform platform) {
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        Objects.requireNonNull(repository, "repository");
        ImageReference r;
        try {
            r = ImageReference.parse(repository);
        } catch (InvalidReferenceException e) {
            throw new LocalizedIllegalArgumentException(Text.of("daemon.docker.bad_name", repository, Text.of(e)), e);
        }
        if (r.digest().isPresent() || repository.substring(repository.lastIndexOf('/') + 1).contains(":")) {
            throw new LocalizedIllegalArgumentException(Text.of("packfile.not_a_repository", repository));
        }
        this.repository = r;
        this.platform = platform;
        this.where = Text.of("daemon.docker.sink", daemon.host(), r.familiar().replaceFirst(":[^:/]*$", ""), LOADS.incrementAndGet());
        this.describe = where.english();
    }

    /** The daemon {@code DOCKER_HOST} in {@code env} names, its own platform. */
    public DockerSink(Map<String, String> env, String repository) throws DaemonException {
        this(DockerDaemon.fromEnv(env), repository, null);
    }

    public DockerDaemon daemon() { return daemon; }

    @Override public String describe() { return describe; }

    /** What {@link #describe} says, as a catalogue text (for a face to write in the person's language). */
    public Text where() { return where; }

    /** What docker said it loaded ({@code Loaded image: …}), once the load is done. */
    public synchronized List<String> loadedMessages() { return List.copyOf(loadedMessages); }

    @Override public boolean hasBlob(Descriptor blob) {
        ArchiveWriter w = writerIfStarted();
        return w != null && w.hasBlob(blob);
    }

    @Override public Optional<Digest> manifestDigest(String tag) { return Optional.empty(); }

    @Override public boolean hasManifest(Digest digest) { return false; }

    @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
        ArchiveWriter w = start();
        try {
            w.putBlob(blob, content);
        } catch (IOException e) {
            if (w.outputFailure().isPresent()) throw brokenUpload(w.outputFailure().get());
            throw e; // the source failed: the archive is intact and the blob may be put again
        }
    }

    @Override public void putManifest(Manifest manifest, String tag) throws IOException {
        if (tag != null && alsoTag(manifest, tag)) return;
        ArchiveWriter w = start();
        ImageManifest image = null;
        try {
            if (tag != null) image = imageFor(manifest, w); // before the upload ends: a wrong platform must not load
            w.putManifest(manifest, tag);
            if (tag == null) return;
            w.close();
        } catch (DaemonException e) {
            throw e;
        } catch (IOException e) {
            if (w.outputFailure().isPresent()) throw brokenUpload(w.outputFailure().get());
            throw e;
        }
        finishLoad(repository.withTag(tag), image);
        synchronized (this) {
            loadedTop = manifest.digest();
            loadedName = repository.withTag(tag).familiar();
        }
    }

    /**
     * The image loaded already, under another tag: docker gives it this one as well (one call, no
     * data moves). False when nothing was loaded yet.
     */
    private boolean alsoTag(Manifest manifest, String tag) throws IOException {
        String first;
        synchronized (this) {
            if (!loaded || loadedTop == null) return false;
            if (!loadedTop.equals(manifest.digest())) {
                throw new DaemonException(dev.ferry.ref.Text.of("daemon.tag_other_image", repository.name() + ":" + tag, loadedName));
            }
            first = loadedName;
        }
        String named = repository.withTag(tag).familiar();
        daemon.tag(first, named.substring(0, named.length() - tag.length() - 1), tag);
        return true;
    }

    /** The single-platform image docker will get for {@code top}. */
    private ImageManifest imageFor(Manifest top, ArchiveWriter w) throws IOException {
        if (top instanceof ImageManifest m) return m;
        ImageIndex index = (ImageIndex) top;
        Platform want = platform != null ? platform : daemon.platform();
        List<String> have = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            if (d.platform() == null) continue;
            if (want.matches(d.platform())) {
                w.dockerPlatform(d.platform());
                Optional<ImageManifest> child = w.dockerImageOf(top);
                if (child.isPresent() && child.get().digest().equals(d.digest())) return child.get();
                throw new DaemonException(Text.of("daemon.docker.child_not_first", repository.name(), want));
            }
            have.add(d.platform().toString());
        }
        throw new DaemonException(ErrorKind.NOT_FOUND, Text.of("daemon.docker.no_variant", repository.name(), daemon.host(), want, String.join(", ", have)));
    }

    private synchronized ArchiveWriter writerIfStarted() { return writer; }

    private synchronized ArchiveWriter start() throws IOException {
        if (closed || loaded) throw new DaemonException(Text.of(loaded ? "daemon.load_done" : "daemon.load_closed", where));
        if (writer != null) return writer;
        DockerHttp.Connection c = DockerHttp.connect(daemon.host());
        try {
            c.request("POST", "/images/load?quiet=1", Map.of("Content-Type", "application/x-tar"), true);
        } catch (IOException e) {
            c.close();
            throw DockerHttp.unreachable(daemon.host(), e);
        }
        connection = c;
        writer = new ArchiveWriter(c.chunkedBody(), where, repository.name());
        return writer;
    }

    /** The upload broke: the daemon may have said why before it hung up. */
    private DaemonException brokenUpload(IOException cause) {
        String said = null;
        DockerHttp.Connection c;
        synchronized (this) {
            c = connection;
        }
        if (c != null) {
            c.deadline(Duration.ofSeconds(5));
            try {
                DockerHttp.Response r = c.response();
                String body = r.text(64 * 1024);
                said = r.status() / 100 == 2 ? streamError(body).orElse(null) : DockerDaemon.errorMessage(r.status(), body);
            } catch (IOException | RuntimeException ignored) {
                // nothing readable
            }
            c.close();
        }
        return new DaemonException(said != null ? Text.of("daemon.docker.load_failed", daemon.host(), said)
                : Text.of("daemon.docker.load_stopped_reading", daemon.host(), Text.of(cause)), cause);
    }

    private void finishLoad(ImageReference name, ImageManifest image) throws IOException {
        DockerHttp.Connection c;
        synchronized (this) {
            c = connection;
        }
        List<String> messages = new ArrayList<>();
        try {
            c.deadline(LOAD_ANSWER_TIMEOUT);
            DockerHttp.Response r = c.response();
            if (r.status() / 100 != 2) {
                throw new DaemonException(Text.of("daemon.docker.refused", daemon.host(), name.familiar(), DockerDaemon.errorMessage(r.status(), r.text(64 * 1024))));
            }
            try (MappingIterator<JsonNode> lines = DockerDaemon.JSON.readerFor(JsonNode.class).readValues(r.body())) {
                while (lines.hasNextValue()) {
                    JsonNode line = lines.nextValue();
                    Optional<String> error = errorOf(line);
                    if (error.isPresent()) throw new DaemonException(Text.of("daemon.docker.could_not_load", daemon.host(), name.familiar(), error.get()));
                    String stream = line.path("stream").asText("").strip();
                    if (!stream.isEmpty()) messages.add(stream);
                }
            }
        } catch (DaemonException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DaemonException(c.timedOut() ? Text.of("daemon.docker.load_no_answer", name.familiar(), daemon.host(), LOAD_ANSWER_TIMEOUT.toMinutes())
                    : Text.of("daemon.docker.load_broke_off", name.familiar(), daemon.host(), Text.of(e)), e);
        } finally {
            c.close();
            synchronized (this) {
                loaded = true;
                loadedMessages.addAll(messages);
            }
        }
        Optional<Digest> id = daemon.imageId(name.familiar());
        if (id.isEmpty()) {
            throw new DaemonException(messages.isEmpty() ? Text.of("daemon.docker.no_image_after", daemon.host(), name.familiar())
                    : Text.of("daemon.docker.no_image_after_said", daemon.host(), name.familiar(), String.join("; ", messages)));
        }
        if (!id.get().equals(image.config().digest())) {
            throw new DaemonException(Text.of("daemon.docker.other_image", name.familiar(), daemon.host(), id.get().shortForm(), image.config().digest().shortForm()));
        }
    }

    private static Optional<String> errorOf(JsonNode line) {
        if (line.hasNonNull("errorDetail") && line.get("errorDetail").hasNonNull("message")) {
            return Optional.of(line.get("errorDetail").get("message").asText());
        }
        if (line.hasNonNull("error")) return Optional.of(line.get("error").asText());
        return Optional.empty();
    }

    private static Optional<String> streamError(String body) {
        for (String l : body.split("\n")) {
            try {
                JsonNode n = DockerDaemon.JSON.readTree(l);
                if (n != null) {
                    Optional<String> e = errorOf(n);
                    if (e.isPresent()) return e;
                }
            } catch (IOException ignored) {
                // not a JSON line
            }
        }
        return Optional.empty();
    }

    /** Cuts off an unfinished upload, so docker discards it and tags nothing. */
    @Override public void close() {
        ArchiveWriter w;
        DockerHttp.Connection c;
        synchronized (this) {
            if (closed) return;
            closed = true;
            w = writer;
            c = connection;
        }
        if (loaded) return;
        if (c != null) c.close(); // first: a blob blocked on the socket fails at once, and no final chunk is sent
        if (w != null) w.abort();
    }
}
