package dev.ferry.pack.squash;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackReader;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSink;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes every layer a squash pack rebuilds into the sinks of the images that need it, each layer
 * once and in parallel (largest first, on all cores): rebuilt from its recipe and compressed as it
 * streams, its diff_id (by {@link LayerRebuild}) and its blob digest computed as the bytes flow.
 * The sink commits a blob only when its stream ended cleanly — a layer that does not rebuild to its
 * diff_id, or whose compressed bytes are not its digest, is abandoned — and no manifest is pushed
 * before all of this is done. A layer that gets a new digest ({@code rebuilt}) learns it here, so
 * the manifests can be rewritten. A sink failing (a network fault) is not the pack's fault: that
 * layer is left to the engine, which retries.
 */
final class LayerPush {
    /** One image of the pack to load, by its top manifest's digest, and the sink it goes to. */
    record Target(Digest image, ImageSink sink) {}

    /** What pushing learnt: new digests of rebuilt layers, and what is wrong with the pack. */
    record Outcome(Map<Digest, Descriptor> newDigests, List<String> problems) {}

    interface Opener {
        /** The layer's bytes as they are pushed (in ferry's own gzip form when {@code ferryForm}). */
        InputStream open(PackMeta.Blob b, boolean ferryForm) throws IOException;
    }

    private final PackMeta meta;
    private final Opener opener;
    private final String pack;

    LayerPush(PackMeta meta, Opener opener, String pack) {
        this.meta = meta;
        this.opener = opener;
        this.pack = pack;
    }

    /** The layers this pack rebuilds that each of its images needs, by the image's top digest. */
    private Map<Digest, Set<Digest>> layersByImage() throws IOException {
        Map<Digest, Set<Digest>> out = new LinkedHashMap<>();
        for (PackMeta.Image i : meta.images()) {
            Set<Digest> layers = new java.util.LinkedHashSet<>();
            for (PackMeta.ManifestEntry me : i.manifests()) {
                if (me.parse() instanceof ImageManifest im) for (Descriptor d : im.layers()) layers.add(d.digest());
            }
            out.put(i.digest(), layers);
        }
        return out;
    }

    Outcome run(List<Target> targets, int parallel, PackReader.Progress progress) throws IOException {
        Map<Digest, Set<Digest>> byImage = layersByImage();
        Map<Digest, PackMeta.Blob> blobs = meta.blobIndex();
        // each layer with the sinks that need it, each sink once
        Map<PackMeta.Blob, List<ImageSink>> work = new LinkedHashMap<>();
        for (Target t : targets) {
            for (Digest l : byImage.getOrDefault(t.image(), Set.of())) {
                PackMeta.Blob b = blobs.get(l);
                if (b == null || b.inParent() || b.squash() == null || !b.squash().recipe()) continue;
                List<ImageSink> sinks = work.computeIfAbsent(b, k -> new ArrayList<>());
                if (sinks.stream().noneMatch(s -> s == t.sink() || s.describe().equals(t.sink().describe()))) sinks.add(t.sink());
            }
        }
        List<PackMeta.Blob> order = new ArrayList<>(work.keySet());
        order.sort(Comparator.comparingLong(PackMeta.Blob::size).reversed());
        long total = order.stream().mapToLong(PackMeta.Blob::size).sum();
        AtomicLong done = new AtomicLong();
        Map<Digest, Descriptor> learnt = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(Math.max(parallel, 1), Math.max(2, cores))), r -> {
            Thread th = new Thread(r, "ferry-squash-push");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (PackMeta.Blob b : order) {
                jobs.add(pool.submit(() -> {
                    push(b, work.get(b), learnt, problems, n -> progress.hashed(done.addAndGet(n), total));
                    return null;
                }));
            }
            for (Future<?> j : jobs) j.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(Text.of("squash.push_interrupted", pack).english());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(Map.copyOf(learnt), List.copyOf(problems));
    }

    private void push(PackMeta.Blob b, List<ImageSink> sinks, Map<Digest, Descriptor> learnt, List<String> problems,
                      java.util.function.LongConsumer progress) throws IOException {
        boolean rebuilt = PackMeta.Squashed.REBUILT.equals(b.squash().stored());
        ImageSink first = sinks.get(0);
        Descriptor d = new Descriptor(b.mediaType(), b.digest(), b.size());
        if (!rebuilt && first.hasBlob(d)) return;
        InputStream raw = opener.open(b, rebuilt);
        // a layer that keeps its digest is checked against it as it flows; a rebuilt one's digest is what it comes out as
        Watched content = new Watched(rebuilt ? raw : new VerifyingInputStream(raw, d, Text.of("squash.push_what", pack, b.digest().shortForm()).english(), null), progress);
        try (content) {
            if (rebuilt) {
                d = first.putNewBlob(b.mediaType(), content);
                learnt.put(b.digest(), d);
            } else {
                first.putBlob(d, content);
            }
        } catch (IOException | RuntimeException e) {
            IOException bad = content.failure;
            if (bad != null) { // the pack's bytes are wrong: the upload was abandoned, and nothing that names this layer may be pushed
                problems.add(bad instanceof InvalidInputException || bad instanceof dev.ferry.oci.BlobVerificationException ? bad.getMessage()
                        : Text.of("squash.push_damaged", b.digest().shortForm(), b.file(), String.valueOf(bad.getMessage())).english());
            }
            return; // else the sink failed: the engine moves this layer, with its retries (a rebuilt layer's digest is then learnt on its own)
        }
        // the other sinks: already there, mounted from the first, or left to the engine
        for (ImageSink s : sinks.subList(1, sinks.size())) {
            try {
                if (s.hasBlob(d)) continue;
                var at = first.location();
                if (at.isPresent()) s.mountBlob(d, at.get());
            } catch (IOException e) {
                // the engine moves it
            }
        }
    }

    /** The pack's side of a push: remembers the first failure reading it threw (a sink's failure is not one). */
    private static final class Watched extends FilterInputStream {
        private final java.util.function.LongConsumer progress;
        volatile IOException failure;

        Watched(InputStream in, java.util.function.LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                if (n > 0) progress.accept(n);
                return n;
            } catch (IOException e) {
                if (failure == null) failure = e;
                throw e;
            }
        }
    }
}
