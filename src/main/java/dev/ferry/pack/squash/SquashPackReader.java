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
 * name such layers, and the indexes above them, are served rewritten. {@link #verify} rebuilds
 * every layer (diff_id and digest checked) before anything is pushed, and learns the new digests.
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
     * Checks the pack before anything is pushed: every data file there with its size; with
     * {@code BLOBS} also its sha256, every stored blob's digest and every layer rebuilt (size,
     * diff_id, and the digest of its compressed bytes); the config's diff_ids against the layers'.
     * Layers that get new digests are compressed either way, to learn them.
     */
    public void verify(int parallel, PackReader.Verification how, PackReader.Progress progress) throws IOException {
        List<String> problems = Collections.synchronizedList(new ArrayList<>(PackReader.dataFileProblems(metaFile, meta)));
        PackReader.refuse(metaFile, problems);
        boolean all = how == PackReader.Verification.BLOBS;
        List<PackMeta.Blob> todo = meta.blobs().stream().filter(b -> !b.inParent() && (all || PackMeta.Squashed.REBUILT.equals(b.squash().stored()))).toList();
        long total = (all ? meta.datafiles().stream().mapToLong(PackMeta.DataFile::size).sum() : 0) + todo.stream().mapToLong(PackMeta.Blob::size).sum();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            if (all) {
                for (PackMeta.DataFile f : meta.datafiles()) {
                    jobs.add(pool.submit(() -> {
                        String sha = ParentPacks.sha256(metaFile.toAbsolutePath().getParent().resolve(f.name()), n -> progress.hashed(done.addAndGet(n), total));
                        if (!sha.equals(f.sha256())) problems.add(f.name() + " does not hash to the sha256 in the meta file (damaged or tampered)");
                        return null;
                    }));
                }
            }
            for (PackMeta.Blob b : todo) {
                jobs.add(pool.submit(() -> {
                    try {
                        check(b);
                    } catch (InvalidInputException e) {
                        problems.add(e.getMessage());
                    } catch (IOException e) { // the codec's own words ("Data corruption detected"): say where
                        problems.add("blob " + b.digest().shortForm() + " in " + b.file() + ": " + e.getMessage() + " (damaged or tampered)");
                    }
                    progress.hashed(done.addAndGet(b.size()), total);
                    return null;
                }));
            }
            for (Future<?> j : jobs) j.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while verifying the pack");
        } catch (ExecutionException e) {
            throw new IOException("verify " + metaFile + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        problems.addAll(diffIdProblems());
        PackReader.refuse(metaFile, problems);
        rewrite = new ManifestRewrite(meta.images(), newLayers);
    }


    /** Reads one blob as load would push it; a layer with a new digest has it recorded. */
    private void check(PackMeta.Blob b) throws IOException {
        MessageDigest sha = sha256();
        long n;
        try (InputStream in = new DigestInputStream(open(b, PackMeta.Squashed.REBUILT.equals(b.squash().stored())), sha)) {
            n = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Digest got = Digest.parse("sha256:" + ContentRef.hex(sha.digest()));
        if (PackMeta.Squashed.REBUILT.equals(b.squash().stored())) {
            newLayers.put(b.digest(), new ManifestRewrite.Replacement(got, n));
            byNewDigest.put(got, b);
        } else if (!got.equals(b.digest()) || n != b.size()) {
            throw new InvalidInputException(Text.of("squash.blob_differs", b.digest().shortForm(), got.shortForm(), n));
        }
    }

    /** Every layer this pack rebuilds must have the diff_id its image's config gives it. */
    private List<String> diffIdProblems() throws IOException {
        List<String> problems = new ArrayList<>();
        for (PackMeta.ManifestEntry me : manifests.values()) {
            if (!(me.parse() instanceof ImageManifest im)) continue;
            PackMeta.Blob config = blobs.get(im.config().digest());
            if (config == null || config.inParent() || config.size() > (8 << 20)) continue;
            JsonNode ids;
            try (InputStream in = open(config, false)) {
                ids = JSON.readTree(in).path("rootfs").path("diff_ids");
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
                if (rewrite == null) verify(Runtime.getRuntime().availableProcessors(), PackReader.Verification.SIZES, (d, t) -> { });
            }
        }
        return rewrite;
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
            case PackMeta.Squashed.KEPT -> new GzipForm(q.gzipLevel(), q.gzipHeader()).compress(tar);
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
