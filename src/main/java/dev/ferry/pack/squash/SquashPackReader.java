package dev.ferry.pack.squash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackReader;
import dev.ferry.pack.ParentPacks;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a squash pack as an {@link ImageSource}: configs and stored blobs from their frames, layers
 * rebuilt from their recipes and compressed again — to their original bytes where the meta file
 * records the gzip form, else with ferry's own gzip, under a new digest; then the manifests that
 * name such layers, and the indexes above them, are served rewritten. {@link #verify} checks the
 * data files and configs; {@link #push} rebuilds every layer once as it pushes it (diff_id and
 * digest checked as the bytes flow, the blob committed only then) and learns the new digests.
 */
public final class SquashPackReader implements ImageSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path metaFile;
    private final PackMeta meta;
    private final SquashFiles files;
    private final Map<Digest, PackMeta.Blob> blobs;
    private final Map<Digest, PackMeta.ManifestEntry> manifests = new LinkedHashMap<>();
    private final Map<Digest, ManifestRewrite.Replacement> newLayers = new ConcurrentHashMap<>();
    private final Map<Digest, PackMeta.Blob> byNewDigest = new ConcurrentHashMap<>();
    private volatile ManifestRewrite rewrite;
    private volatile boolean verified;
    /** The blobs of the images a load chose ({@link #choose}); null: the whole pack. */
    private volatile java.util.Set<Digest> chosen;

    private SquashPackReader(Path metaFile, PackMeta meta) throws IOException {
        this.metaFile = metaFile;
        this.meta = meta;
        this.files = SquashFiles.of(metaFile, meta);
        this.blobs = meta.blobIndex();
        for (PackMeta.Image i : meta.images()) for (PackMeta.ManifestEntry m : i.allManifests()) manifests.putIfAbsent(m.digest(), m);
    }

    @Override public java.util.List<dev.ferry.oci.Referrer> referrers(Digest subject) {
        return dev.ferry.pack.PackReferrers.of(meta, subject);
    }

    public static SquashPackReader open(Path metaFile) throws IOException {
        return new SquashPackReader(metaFile, PackMeta.read(metaFile));
    }

    public PackMeta meta() { return meta; }

    /**
     * Only the images {@code images} (top digests) will be loaded: {@link #verify} then reads no data file whole but
     * checks their stored blobs' digests and their configs, and only their layers are rebuilt (when pushed, or to
     * learn a new digest). Call before {@link #verify}.
     */
    public void choose(java.util.Set<Digest> images) {
        chosen = java.util.Set.copyOf(PackReader.blobsOf(meta, images));
    }

    /**
     * Checks the pack before anything is pushed: every data file there with its size; with
     * {@code BLOBS} also its sha256; every config's digest, and the config's diff_ids against the
     * layers' recipes. Layers are not rebuilt here: {@link #push} rebuilds each once, as it pushes
     * it, and checks its diff_id and digest on the way.
     */
    public void verify(int parallel, PackReader.Verification how, PackReader.Progress progress) throws IOException {
        List<String> problems = Collections.synchronizedList(new ArrayList<>(PackReader.dataFileProblems(metaFile, meta)));
        PackReader.refuse(metaFile, problems);
        java.util.Set<Digest> only = chosen;
        if (how == PackReader.Verification.BLOBS && only != null) {
            problems.addAll(storedBlobProblems(only));
        } else if (how == PackReader.Verification.BLOBS) {
            long total = meta.datafiles().stream().mapToLong(PackMeta.DataFile::size).sum();
            AtomicLong done = new AtomicLong();
            List<IoTask> tasks = new ArrayList<>();
            for (PackMeta.DataFile f : meta.datafiles()) {
                tasks.add(() -> {
                    String sha = ParentPacks.sha256(metaFile.toAbsolutePath().getParent().resolve(f.name()), n -> progress.hashed(done.addAndGet(n), total));
                    if (!sha.equals(f.sha256())) problems.add(Text.of("squash.data_file_sha", f.name()).english());
                });
            }
            inParallel(Math.min(parallel, meta.datafiles().size()), tasks);
        }
        problems.addAll(diffIdProblems());
        PackReader.refuse(metaFile, problems);
        verified = true;
    }

    /** The blobs of {@code only} that the pack stores as they are (no recipe), each hashed against its digest. */
    private List<String> storedBlobProblems(java.util.Set<Digest> only) throws IOException {
        List<String> problems = new ArrayList<>();
        for (PackMeta.Blob b : meta.blobs()) {
            if (b.inParent() || b.squash() == null || b.squash().recipe() || !only.contains(b.digest())) continue;
            try (InputStream in = new dev.ferry.oci.VerifyingInputStream(open(b, false), new Descriptor(b.mediaType(), b.digest(), b.size()),
                    Text.of("squash.push_what", describe(), b.digest().shortForm()).english(), null)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (InvalidInputException | dev.ferry.oci.BlobVerificationException e) {
                problems.add(e.getMessage());
            } catch (IOException e) { // the codec's own words ("Data corruption detected"): say where
                problems.add(Text.of("squash.push_damaged", b.digest().shortForm(), b.file(), String.valueOf(e.getMessage())).english());
            }
        }
        return problems;
    }

    /**
     * Pushes every layer of this pack that {@code targets} need, rebuilt and compressed as it streams
     * (each once, in parallel), before the engine pushes anything else: a layer that does not rebuild
     * to its diff_id or digest is abandoned at the sink and the pack is refused as a whole, so no
     * manifest naming it is ever pushed. Learns the new digests of the layers that get them.
     */
    public void push(List<Target> targets, int parallel, PackReader.Progress progress) throws IOException {
        if (!verified) verify(parallel, PackReader.Verification.SIZES, progress);
        List<LayerPush.Target> ts = targets.stream().filter(t -> t.sink() != null).map(t -> new LayerPush.Target(t.image(), t.sink())).toList();
        LayerPush.Outcome o = new LayerPush(meta, this::open, describe()).run(ts, parallel, progress);
        PackReader.refuse(metaFile, new ArrayList<>(o.problems()));
        for (var e : o.newDigests().entrySet()) learnt(blobs.get(e.getKey()), e.getValue().digest(), e.getValue().size());
        learnRest(parallel);
    }

    /** An image of the pack (its top digest as the meta file gives it) and the sink it is loaded into. */
    public record Target(Digest image, dev.ferry.spi.ImageSink sink) {}

    /** One piece of work of {@link #inParallel}. */
    private interface IoTask {
        void run() throws IOException;
    }

    /** Runs {@code tasks} on at most {@code threads} threads of their own and waits for all; the first failure is thrown. */
    private void inParallel(int threads, List<IoTask> tasks) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (IoTask t : tasks) {
                jobs.add(pool.submit(() -> {
                    t.run();
                    return null;
                }));
            }
            for (Future<?> j : jobs) j.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(Text.of("squash.push_interrupted", metaFile.getFileName()).english());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void learnt(PackMeta.Blob b, Digest got, long size) {
        newLayers.put(b.digest(), new ManifestRewrite.Replacement(got, size));
        byNewDigest.put(got, b);
    }

    /** Rebuilt layers whose new digest no push taught (none was pushed, or its sink failed): compressed once to learn it. */
    private void learnRest(int parallel) throws IOException {
        List<PackMeta.Blob> todo = meta.blobs().stream().filter(b -> !b.inParent() && b.squash() != null
                && PackMeta.Squashed.REBUILT.equals(b.squash().stored()) && !newLayers.containsKey(b.digest())
                && (chosen == null || chosen.contains(b.digest()))).toList();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<IoTask> tasks = new ArrayList<>();
        for (PackMeta.Blob b : todo) {
            tasks.add(() -> {
                try {
                    check(b);
                } catch (InvalidInputException e) {
                    problems.add(e.getMessage());
                } catch (IOException e) { // the codec's own words ("Data corruption detected"): say where
                    problems.add(Text.of("squash.push_damaged", b.digest().shortForm(), b.file(), String.valueOf(e.getMessage())).english());
                }
            });
        }
        inParallel(Math.min(parallel, Runtime.getRuntime().availableProcessors()), tasks);
        PackReader.refuse(metaFile, problems);
        rewrite = new ManifestRewrite(meta.images(), newLayers);
    }

    /** Compresses a rebuilt layer (to nowhere) to learn its new digest. */
    private void check(PackMeta.Blob b) throws IOException {
        MessageDigest sha = sha256();
        long n;
        try (InputStream in = new DigestInputStream(open(b, true), sha)) {
            n = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        learnt(b, Digest.parse("sha256:" + ContentRef.hex(sha.digest())), n);
    }

    /** Every layer this pack rebuilds must have the diff_id its image's config gives it. */
    private List<String> diffIdProblems() throws IOException {
        List<String> problems = new ArrayList<>();
        for (PackMeta.ManifestEntry me : manifests.values()) {
            if (!(me.parse() instanceof ImageManifest im)) continue;
            if (chosen != null && !chosen.contains(im.config().digest())) continue;
            PackMeta.Blob config = blobs.get(im.config().digest());
            if (config == null || config.inParent() || config.size() > (8 << 20)) continue;
            JsonNode ids;
            try (InputStream in = new dev.ferry.oci.VerifyingInputStream(open(config, false), new Descriptor(config.mediaType(), config.digest(), config.size()),
                    Text.of("squash.push_what", describe(), config.digest().shortForm()).english(), null)) {
                byte[] bytes = in.readAllBytes();
                ids = JSON.readTree(bytes).path("rootfs").path("diff_ids");
            } catch (IOException e) {
                problems.add("config " + config.digest().shortForm() + ": " + e.getMessage());
                continue;
            }
            for (int i = 0; i < im.layers().size(); i++) {
                PackMeta.Blob l = blobs.get(im.layers().get(i).digest());
                if (l == null || l.inParent() || !l.squash().recipe()) continue;
                if (!l.squash().diffId().toString().equals(ids.path(i).asText())) {
                    problems.add("layer " + l.digest().shortForm() + " rebuilds to " + l.squash().diffId().shortForm() + " but the config's diff_id " + i + " is "
                            + ids.path(i).asText() + " (damaged or tampered)");
                }
            }
        }
        return problems;
    }

    /** The layers that get new digests, and the images whose top digest changes, known after {@link #verify}. */
    public List<DigestChange> digestChanges() throws IOException {
        ManifestRewrite r = rewrite();
        List<DigestChange> out = new ArrayList<>();
        for (PackMeta.Image i : meta.images()) {
            Digest to = r.digestOf(i.digest());
            if (to.equals(i.digest())) continue;
            int layers = 0;
            for (PackMeta.ManifestEntry me : i.manifests()) {
                if (me.parse() instanceof ImageManifest im) for (Descriptor d : im.layers()) if (newLayers.containsKey(d.digest())) layers++;
            }
            out.add(new DigestChange(i.target(), i.digest(), to, layers));
        }
        return out;
    }

    private ManifestRewrite rewrite() throws IOException {
        if (rewrite == null) {
            synchronized (this) {
                if (rewrite == null) push(List.of(), Runtime.getRuntime().availableProcessors(), (d, t) -> { });
            }
        }
        return rewrite;
    }

    /**
     * A layer's uncompressed bytes, rebuilt from its recipe (its size and diff_id checked at the
     * end), or null when the pack stores {@code layer} otherwise (a blob, or in a parent pack).
     */
    public InputStream layerTar(Digest layer) throws IOException {
        PackMeta.Blob b = blobs.get(layer);
        if (b == null || b.inParent() || b.squash() == null || !b.squash().recipe()) return null;
        return new LayerRebuild(files, b.file(), b.offset(), b.length(), b.squash().diffId(), b.squash().tarSize(), describe() + ": layer " + layer.shortForm());
    }

    /**
     * The images as they were saved, without compressing anything: the original manifests, and the
     * blobs this pack stores as they are (a layer with a recipe is read as its tar, {@link #layerTar}).
     */
    public ImageSource asSaved() {
        SquashPackReader r = this;
        return new ImageSource() {
            @Override public String describe() { return r.describe(); }

            @Override public Manifest manifest(String reference) throws IOException {
                PackMeta.ManifestEntry e = null;
                try {
                    e = manifests.get(Digest.parse(reference));
                } catch (IllegalArgumentException notADigest) {
                    // not in the pack
                }
                if (e == null) throw new PackReader.NotInPack(Text.of("squash.no_manifest", describe(), reference).english());
                return e.parse();
            }

            @Override public Manifest manifest(Descriptor d) throws IOException { return manifest(d.digest().toString()); }

            @Override public InputStream openBlob(Descriptor d) throws IOException {
                PackMeta.Blob b = blobs.get(d.digest());
                if (b == null || b.inParent() || b.squash() == null || b.squash().recipe()) {
                    throw new PackReader.NotInPack(Text.of("squash.no_blob", describe(), d.digest().shortForm()).english());
                }
                return open(b, false);
            }
        };
    }

    @Override public String describe() { return "pack " + metaFile.getFileName(); }

    @Override public Manifest manifest(String reference) throws IOException {
        Digest d;
        try {
            d = Digest.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new PackReader.NotInPack(describe() + " holds no manifest " + reference);
        }
        Manifest m = rewrite().find(d);
        if (m != null) return m;
        PackMeta.ManifestEntry e = manifests.get(d);
        if (e == null) throw new PackReader.NotInPack(describe() + " holds no manifest " + reference);
        return e.parse();
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        return manifest(descriptor.digest().toString());
    }

    @Override public InputStream openBlob(Descriptor d) throws IOException {
        rewrite();
        PackMeta.Blob b = byNewDigest.get(d.digest());
        if (b != null) return open(b, true);
        b = blobs.get(d.digest());
        if (b == null || PackMeta.Squashed.REBUILT.equals(b.squash() == null ? null : b.squash().stored())) {
            throw new PackReader.NotInPack(describe() + " holds no blob " + d.digest());
        }
        if (b.inParent()) throw new PackReader.NotInPack("blob " + d.digest().shortForm() + " is in the parent pack " + b.parent() + ": load that pack first");
        return open(b, false);
    }

    /** The bytes of a blob as they are pushed: stored, or rebuilt and compressed (in ferry's own form when {@code ferryForm}). */
    private InputStream open(PackMeta.Blob b, boolean ferryForm) throws IOException {
        PackMeta.Squashed q = b.squash();
        String what = describe() + ": layer " + b.digest().shortForm();
        if (!q.recipe()) return new dev.ferry.pack.BoundedInputStream(files.frame(b.file(), b.offset(), b.length()), b.size());
        LayerRebuild tar = new LayerRebuild(files, b.file(), b.offset(), b.length(), q.diffId(), q.tarSize(), what);
        return switch (q.stored()) {
            case PackMeta.Squashed.TAR -> tar;
            case PackMeta.Squashed.KEPT -> GzipForm.of(q).compress(tar);
            default -> GzipForm.FERRY.compress(tar);
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
