package dev.ferry.daemon;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.pack.ArchiveWriter;
import dev.ferry.pack.LocalizedIllegalArgumentException;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Imports one image into containerd by streaming an OCI archive ({@link ArchiveWriter}) into
 * {@code ctr --address ADDR --namespace NS images import --all-platforms -} while the engine is still
 * reading the source. No temporary file is written by ferry; containerd ingests each blob as it
 * arrives (ctr reads the whole stream first and names the image at the end).
 *
 * <p>The image keeps its top manifest: an index stays an index with every platform that was sent
 * ({@code --all-platforms} makes containerd keep all of their content rather than garbage-collect
 * the other platforms), and its name ({@code io.containerd.image.name} in the archive) points at
 * the digest the engine wrote. ctr then unpacks containerd's own platform into snapshots (as
 * {@code ctr images import} does by default; {@link Settings#unpack()} false skips that). After ctr
 * exits, {@code ctr images ls} must show the name at that digest. Anything ctr prints on stderr
 * reaches the error message.
 *
 * <p>If the image fails before its tag is written, {@link #close()} cuts the stream off and stops
 * ctr: containerd names nothing. One sink imports one image; make one per image, and always give the
 * top manifest a tag. Blobs reach ctr one at a time (see {@link DockerSink} on parallel transfers).
 *
 * <p>ctr names the image before it unpacks it: if unpacking fails (a layer that does not match its
 * config's diff_id), the import fails with ctr's message and the sink removes the name again.
 */
public final class ContainerdSink implements ImageSink {
    /** An image store keeps images, not the signatures and SBOMs that refer to them. */
    @Override public boolean keepsReferrers() { return false; }

    public static final String DEFAULT_ADDRESS = "/run/containerd/containerd.sock";
    public static final String DEFAULT_NAMESPACE = "k8s.io";
    private static final AtomicInteger IMPORTS = new AtomicInteger();

    /**
     * Where and how to import. Null fields fall back to the environment, then the defaults
     * ({@link #resolve}).
     *
     * @param address     containerd's socket; null: {@code CONTAINERD_ADDRESS}, else {@value #DEFAULT_ADDRESS}
     * @param namespace   containerd namespace; null: {@code CONTAINERD_NAMESPACE}, else {@value #DEFAULT_NAMESPACE}
     *                    (the one kubernetes' CRI uses)
     * @param unpack      unpack containerd's platform into snapshots after the import (ctr's default)
     * @param snapshotter the snapshotter to unpack with; null: ctr's default ({@code CONTAINERD_SNAPSHOTTER}, else overlayfs)
     * @param ctr         the ctr program; null: {@code ctr} on the {@code PATH}
     */
    public record Settings(String address, String namespace, boolean unpack, String snapshotter, Path ctr) {
        public static Settings defaults() {
            return new Settings(null, null, true, null, null);
        }

        public Settings withAddress(String a) { return new Settings(a, namespace, unpack, snapshotter, ctr); }

        public Settings withNamespace(String n) { return new Settings(address, n, unpack, snapshotter, ctr); }

        public Settings withUnpack(boolean u) { return new Settings(address, namespace, u, snapshotter, ctr); }

        public Settings withSnapshotter(String s) { return new Settings(address, namespace, unpack, s, ctr); }

        public Settings withCtr(Path p) { return new Settings(address, namespace, unpack, snapshotter, p); }

        /** These settings with the environment and defaults filled in. */
        public Settings resolve(Map<String, String> env) {
            String a = firstNonBlank(address, env.get("CONTAINERD_ADDRESS"), DEFAULT_ADDRESS);
            if (a.startsWith("unix://")) a = a.substring("unix://".length());
            String n = firstNonBlank(namespace, env.get("CONTAINERD_NAMESPACE"), DEFAULT_NAMESPACE);
            return new Settings(a, n, unpack, snapshotter == null || snapshotter.isBlank() ? null : snapshotter, ctr);
        }

        private static String firstNonBlank(String... values) {
            for (String v : values) if (v != null && !v.isBlank()) return v.trim();
            return null;
        }
    }

    private final Settings settings;
    private final Ctr ctr;
    private final ImageReference repository;
    /** Where this sink imports to, in any language; {@link #describe} is its English. */
    private final Text where;
    private final String describe;
    private Process process;
    private ProcessOutput.Tail stdout;
    private ProcessOutput.Tail stderr;
    private ArchiveWriter writer;
    private volatile boolean imported;
    /** The top manifest imported and its name, for the tags after the first. */
    private Digest importedTop;
    private String importedName;
    private boolean closed;

    /**
     * @param env        the environment: {@code PATH} (to find ctr), {@code CONTAINERD_ADDRESS},
     *                   {@code CONTAINERD_NAMESPACE}; ctr runs with exactly this environment
     * @param repository the name to import as, without tag ({@code 10.45.46.109/customer/web}); it is
     *                   normalised as containerd expects ({@code nginx} is {@code docker.io/library/nginx}),
     *                   and the tag comes with the top manifest
     */
    public ContainerdSink(Map<String, String> env, String repository, Settings settings) {
        Objects.requireNonNull(env, "env");
        this.settings = (settings == null ? Settings.defaults() : settings).resolve(env);
        this.ctr = new Ctr(env, this.settings);
        Objects.requireNonNull(repository, "repository");
        ImageReference r;
        try {
            r = ImageReference.parse(repository);
        } catch (InvalidReferenceException e) {
            throw new LocalizedIllegalArgumentException(Text.of("daemon.containerd.bad_name", repository, Text.of(e)), e);
        }
        if (r.digest().isPresent() || repository.substring(repository.lastIndexOf('/') + 1).contains(":")) {
            throw new LocalizedIllegalArgumentException(Text.of("packfile.not_a_repository", repository));
        }
        this.repository = r;
        this.where = Text.of("daemon.containerd.sink", this.settings.address(), this.settings.namespace(), r.name(), IMPORTS.incrementAndGet());
        this.describe = where.english();
    }

    /** The address, namespace and options in use (environment and defaults applied). */
    public Settings settings() { return settings; }

    @Override public String describe() { return describe; }

    /** What {@link #describe} says, as a catalogue text (for a face to write in the person's language). */
    public Text where() { return where; }

    /** ctr for this sink's containerd: found on the environment's {@code PATH} unless {@link Settings#ctr()} names it. */
    public Ctr ctr() { return ctr; }

    // ------------------------------------------------------------------ checks and queries

    /**
     * The digest the tag points at when containerd has its content for its own platform
     * ({@code ctr images check} says complete); else empty, so the image is imported again.
     */
    @Override public Optional<Digest> manifestDigest(String tag) throws IOException {
        ctr.check();
        Optional<List<String>> cols = ctr.row("check", repository.withTag(tag).toString());
        if (cols.isEmpty() || cols.get().size() < 4 || !cols.get().get(3).equals("complete")) return Optional.empty();
        return Optional.of(Digest.parse(cols.get().get(2)));
    }

    // ------------------------------------------------------------------ the import

    @Override public boolean hasBlob(Descriptor blob) {
        ArchiveWriter w = writerIfStarted();
        return w != null && w.hasBlob(blob);
    }

    @Override public boolean hasManifest(Digest digest) { return false; }

    @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
        ArchiveWriter w = start();
        try {
            w.putBlob(blob, content);
        } catch (IOException e) {
            if (w.outputFailure().isPresent()) throw brokenImport(w.outputFailure().get());
            throw e; // the source failed: the stream is intact and the blob may be put again
        }
    }

    @Override public void putManifest(Manifest manifest, String tag) throws IOException {
        if (tag != null && alsoTag(manifest, tag)) return;
        ArchiveWriter w = start();
        Optional<Digest> before = Optional.empty();
        try {
            if (tag != null) before = ctr.imageDigest(repository.withTag(tag).toString()); // ctr names the image only at the end
            w.putManifest(manifest, tag);
            if (tag == null) return;
            w.close();
        } catch (IOException e) {
            if (w.outputFailure().isPresent()) throw brokenImport(w.outputFailure().get());
            throw e;
        }
        finishImport(repository.withTag(tag), manifest.digest(), before);
        synchronized (this) {
            importedTop = manifest.digest();
            importedName = repository.withTag(tag).toString();
        }
    }

    /**
     * The image imported already, under another tag: {@code ctr images tag --force} gives it this
     * one too (no content moves). False when nothing was imported yet.
     */
    private boolean alsoTag(Manifest manifest, String tag) throws IOException {
        String first;
        synchronized (this) {
            if (!imported || importedTop == null) return false;
            if (!importedTop.equals(manifest.digest())) {
                throw new DaemonException(dev.ferry.ref.Text.of("daemon.tag_other_image", repository.withTag(tag).toString(), importedName));
            }
            first = importedName;
        }
        String name = repository.withTag(tag).toString();
        Ctr.Outcome tagged = ctr.images("tag", "--force", first, name);
        if (tagged.exit() != 0) {
            throw new DaemonException(Text.of("daemon.tag_refused", first, name, ctr.where(), tagged.said()));
        }
        return true;
    }

    private synchronized ArchiveWriter writerIfStarted() { return writer; }

    private synchronized ArchiveWriter start() throws IOException {
        if (closed || imported) throw new DaemonException(Text.of(imported ? "daemon.import_done" : "daemon.import_closed", where));
        if (writer != null) return writer;
        ctr.check();
        List<String> args = new ArrayList<>(List.of("images", "import", "--all-platforms"));
        if (!settings.unpack()) args.add("--no-unpack");
        if (settings.snapshotter() != null) args.addAll(List.of("--snapshotter", settings.snapshotter()));
        args.add("-");
        ProcessBuilder pb = ctr.builder(args.toArray(String[]::new));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new DaemonException(Text.of("daemon.cannot_run", pb.command().get(0), Text.of(e)), e);
        }
        stdout = new ProcessOutput.Tail(process.getInputStream(), "ctr-out");
        stderr = new ProcessOutput.Tail(process.getErrorStream(), "ctr-err");
        writer = new ArchiveWriter(process.getOutputStream(), where, repository.name());
        return writer;
    }

    /** ctr stopped reading: it has exited or will; its stderr says why. */
    private DaemonException brokenImport(IOException cause) {
        Process p;
        synchronized (this) {
            p = process;
        }
        String said = "";
        try {
            if (p.waitFor(30, TimeUnit.SECONDS)) said = stderr.text().strip();
            else p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        return new DaemonException(said.isEmpty() ? Text.of("daemon.containerd.import_stopped_reading", ctr.where(), Text.of(cause))
                : Text.of("daemon.containerd.import_failed", ctr.where(), said), cause);
    }

    private void finishImport(ImageReference name, Digest top, Optional<Digest> before) throws IOException {
        Process p;
        synchronized (this) {
            p = process;
        }
        int code;
        try {
            code = ProcessOutput.waitFor(p, "ctr images import");
        } finally {
            synchronized (this) {
                imported = true;
            }
        }
        if (code != 0) {
            String said = stderr.text().strip();
            throw new DaemonException(untag(said.isEmpty() ? Text.of("daemon.containerd.import_exit", ctr.where(), code)
                    : Text.of("daemon.containerd.import_exit_said", ctr.where(), code, said), name, top, before));
        }
        Optional<Digest> now = ctr.imageDigest(name.toString());
        if (now.isEmpty()) {
            throw new DaemonException(Text.of("daemon.containerd.no_image_after", ctr.where(), name, stdout.text().strip()));
        }
        if (!now.get().equals(top)) {
            throw new DaemonException(Text.of("daemon.containerd.other_image", name, ctr.where(), now.get().shortForm(), top.shortForm()));
        }
    }

    /**
     * ctr names the image before it unpacks it: when the import failed after that, the name must not
     * stay on the broken image (unless it was there already). {@code failed} with what became of the name.
     */
    private Text untag(Text failed, ImageReference name, Digest top, Optional<Digest> before) {
        try {
            if (before.equals(Optional.of(top)) || !ctr.imageDigest(name.toString()).equals(Optional.of(top))) return failed;
            Ctr.Outcome removed = ctr.images("rm", name.toString());
            if (removed.exit() != 0) return Text.of("daemon.containerd.untag_failed", failed, name, removed.said());
            return before.isPresent() ? Text.of("daemon.containerd.untagged_before", failed, name, before.get().shortForm())
                    : Text.of("daemon.containerd.untagged", failed, name);
        } catch (IOException e) {
            return Text.of("daemon.containerd.untag_unknown", failed, name, Text.of(e));
        }
    }

    /** Cuts off an unfinished import and stops ctr, so containerd names nothing. */
    @Override public void close() {
        ArchiveWriter w;
        Process p;
        synchronized (this) {
            if (closed) return;
            closed = true;
            w = writer;
            p = process;
        }
        if (imported || p == null) return;
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        if (w != null) w.abort();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
