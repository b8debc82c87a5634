package dev.ferry.engine;

import dev.ferry.engine.Event.BlobOutcome;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.Failures;
import dev.ferry.spi.TransferFailure;

import dev.ferry.cache.BlobSightings;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Moves images from sources to sinks. Per image: resolve every manifest first (small, verified),
 * then move each distinct blob once per sink (skipped when there, mounted when the sink can,
 * otherwise streamed and verified), then child manifests, then the top manifest with its tag. A
 * tag is written last and only when everything under it is in place.
 *
 * <p>Blobs of all images share one pool of {@code parallel} workers. Failed blob transfers are
 * retried with backoff when the failure may be transient. One image failing never stops others.
 */
public final class Engine {

    /**
     * @param parallel   blob transfers at the same time
     * @param retries    how many times a failed blob transfer is tried again
     * @param retryDelay the first pause before a retry (doubles, with jitter)
     * @param dryRun     resolve and check only; write nothing
     */
    public record Settings(int parallel, int retries, Duration retryDelay, boolean dryRun) {
        public Settings {
            if (parallel < 1) throw new dev.ferry.ref.LocalizedArgumentException(Text.of("engine.parallel_range", parallel));
            if (retries < 0) throw new dev.ferry.ref.LocalizedArgumentException(Text.of("engine.retries_range", retries));
            if (retryDelay == null) retryDelay = Duration.ofSeconds(1);
        }
    }

    private final Settings settings;
    private final EventListener events;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final java.util.concurrent.Executor executor;
    private final TransferSlots slots;
    private final BlobSightings sightings;
    private volatile BoundedExecutor imagePool;
    private volatile BoundedExecutor blobPool;
    private volatile BlobMover blobs;
    private volatile TargetTags targetTags;

    /** An engine with threads of its own and no limit shared with other jobs. */
    public Engine(Settings settings, EventListener events) {
        this(settings, events, null, TransferSlots.NONE);
    }

    /**
     * @param executor the threads to work on, shared with other jobs (null: threads of its own, ended with the run)
     * @param slots    connection slots a blob transfer takes at its source and target, shared with other jobs
     */
    public Engine(Settings settings, EventListener events, java.util.concurrent.Executor executor, TransferSlots slots) {
        this(settings, events, executor, slots, BlobSightings.NONE);
    }

    /**
     * @param sightings where blobs were seen on each registry in earlier runs: a blob the target registry holds in
     *                  another repository is mounted from there instead of moved again
     */
    public Engine(Settings settings, EventListener events, java.util.concurrent.Executor executor, TransferSlots slots,
                  BlobSightings sightings) {
        this.settings = settings;
        this.events = events == null ? EventListener.NONE : events;
        this.executor = executor;
        this.slots = slots == null ? TransferSlots.NONE : slots;
        this.sightings = sightings == null ? BlobSightings.NONE : sightings;
    }

    /** Asks the job to stop: running transfers are abandoned and no further manifest or tag is written. */
    public void cancel() {
        cancelled.set(true);
        BoundedExecutor b = blobPool, i = imagePool;
        if (b != null) b.cancel();
        if (i != null) i.cancel();
    }

    public boolean isCancelled() { return cancelled.get(); }

    /** Runs the tasks and returns when all are finished, failed or cancelled. */
    public JobResult run(List<ImageTask> tasks) {
        long start = System.nanoTime();
        events.on(new Event.JobStarted(tasks.size()));
        ExecutorService own = executor == null ? Executors.newCachedThreadPool(daemon("ferry-engine")) : null;
        java.util.concurrent.Executor base = own != null ? own : executor;
        // largest blobs first: the long transfers start early instead of trailing at the end of the job
        blobPool = new BoundedExecutor(base, settings.parallel(), new java.util.PriorityQueue<>());
        blobs = new BlobMover(settings, events, cancelled, slots, blobPool, sightings);
        targetTags = new TargetTags(tasks);
        // resolving is a few small requests per image: many at once, so a long list is planned quickly
        imagePool = new BoundedExecutor(base, Math.max(1, Math.min(tasks.size(), Math.max(16, 2 * settings.parallel()))), new java.util.ArrayDeque<>());
        if (cancelled.get()) cancel();
        List<Future<ImageResult>> futures = new ArrayList<>();
        try {
            for (ImageTask t : tasks) {
                CompletableFuture<ImageResult> f = new CompletableFuture<>();
                try {
                    imagePool.execute(() -> {
                        try {
                            f.complete(runImage(t));
                        } catch (Throwable e) {
                            f.completeExceptionally(e);
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    f.complete(failed(t, ImageResult.Status.CANCELLED, null, Text.of("engine.cancelled_before_start"), 0, null));
                }
                futures.add(f);
            }
            List<ImageResult> results = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                ImageTask t = tasks.get(i);
                ImageResult r;
                try {
                    r = futures.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancel();
                    r = failed(t, ImageResult.Status.CANCELLED, null, Text.of("engine.cancelled"), 0, null);
                } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                    r = cancelled.get() ? failed(t, ImageResult.Status.CANCELLED, null, Text.of("engine.cancelled"), 0, null)
                            : failed(t, ImageResult.Status.FAILED, null, Text.verbatim(String.valueOf(e.getCause())), 0, null);
                }
                results.add(r);
            }
            JobResult jr = new JobResult(List.copyOf(results), (System.nanoTime() - start) / 1e9, cancelled.get());
            events.on(new Event.JobFinished(jr));
            return jr;
        } finally {
            if (own != null) own.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ one image

    /** The task's other tags that do not point at {@code digest} at the sink yet. */
    private static List<String> tagsWithout(ImageTask t, Digest digest) throws IOException {
        List<String> out = new ArrayList<>();
        for (String tag : t.alsoTags()) if (!Optional.of(digest).equals(t.sink().manifestDigest(tag))) out.add(tag);
        return out;
    }

    /**
     * What refers to {@code subject} and the sink lacks ({@code --referrers}); none when {@code same} is false (the
     * image written gets a new digest). A sink that keeps no referrers (a daemon) gets none, and the job is told once
     * what was left behind.
     */
    private ReferrerPlan referrers(ImageTask t, Digest subject, boolean same) throws IOException {
        if (!t.referrers()) return ReferrerPlan.NONE;
        if (!t.sink().keepsReferrers()) {
            List<dev.ferry.oci.Referrer> left = t.source().referrers(subject);
            if (!left.isEmpty()) {
                List<String> names = left.stream().map(r -> (r.artifactType() == null ? "" : r.artifactType() + " ") + r.digest().shortForm()).toList();
                events.on(new Event.Warning(t.image(), Text.of("engine.referrers_left_behind", t.targetName(), left.size(), t.sourceName(),
                        String.join(", ", names))));
            }
            return ReferrerPlan.NONE;
        }
        return same ? ReferrerPlan.of(t, subject) : ReferrerPlan.NONE;
    }

    private ImageResult runImage(ImageTask t) {
        long start = System.nanoTime();
        Manifest sourceTop = null;
        ReferrerPlan refs = null;
        // the sink's answer for the target tag, once asked: nothing asks it twice
        Optional<Digest> atSink = null;
        try {
            if (t.targetTag() != null && t.platforms().isEmpty()) {
                // HEAD both sides first: an image already there costs no manifest GET (pull limits); the sink first, as a
                // tag it lacks needs the source's manifest anyway (one request, not a HEAD and a GET)
                try {
                    atSink = targetTags.digestOf(t, t.targetTag());
                } catch (IOException e) {
                    // a target that refuses (a wrong password): an image the source lacks is said invalid first, as
                    // it is wherever it goes
                    ImageResult lacking = invalidAtSource(t, start);
                    if (lacking != null) return report(lacking);
                    throw e;
                }
                Optional<Digest> at = atSink.isPresent() ? t.source().digestOf(t.reference()) : Optional.empty();
                if (at.isPresent() && at.equals(atSink) && tagsWithout(t, at.get()).isEmpty()) {
                    // the image is there; with --referrers so must be what refers to it (a signature added since)
                    refs = referrers(t, at.get(), true);
                    if (refs.missing().isEmpty()) {
                        events.on(new Event.ImageResolved(t.image(), at.get(), List.of(), 0, 0));
                        return report(new ImageResult(t.image(), t.sourceName(), t.targetName(), ImageResult.Status.UP_TO_DATE,
                                at.get(), at.get(), List.of(), 0, 0, 0, 0, 0, (System.nanoTime() - start) / 1e9, null).withReferrers(0, refs.existing()));
                    }
                }
            }
            try {
                sourceTop = t.source().manifest(t.reference());
            } catch (IOException e) {
                if (e instanceof TransferFailure tf && tf.isNotFound()) {
                    return report(failed(t, ImageResult.Status.INVALID, null, e, start));
                }
                throw e;
            }
            ImagePlan plan = ImagePlan.of(t, sourceTop);
            // referrers refer to the source's digest: a platform-filtered image (a new digest) has none at the target
            if (refs == null) refs = referrers(t, sourceTop.digest(), plan.top().digest().equals(sourceTop.digest()));
            Set<Descriptor> wanted = new LinkedHashSet<>(plan.blobs());
            // one blob, once: a referrer's config may be another's under another media type (cosign's {} config)
            Set<Digest> planned = new java.util.HashSet<>();
            for (Descriptor b : plan.blobs()) planned.add(b.digest());
            for (Descriptor b : refs.blobs()) if (planned.add(b.digest())) wanted.add(b);
            long total = wanted.stream().mapToLong(Descriptor::size).sum();
            events.on(new Event.ImageResolved(t.image(), plan.top().digest(), plan.platforms(), wanted.size(), total));
            checkCancelled();

            boolean imageThere = false;
            if (t.targetTag() != null) {
                var existing = atSink != null ? atSink : targetTags.digestOf(t, t.targetTag());
                if (existing.isPresent() && existing.get().equals(plan.top().digest()) && tagsWithout(t, plan.top().digest()).isEmpty()) {
                    imageThere = true;
                    for (Descriptor b : plan.blobs()) {
                        if (!refs.blobs().contains(b)) events.on(new Event.BlobDone(t.image(), b.digest(), b.size(), BlobOutcome.EXISTS));
                    }
                    if (refs.missing().isEmpty()) {
                        return finish(t, ImageResult.Status.UP_TO_DATE, sourceTop, plan, 0, plan.blobs().size(), 0, 0, total, start, null, refs);
                    }
                    wanted = new LinkedHashSet<>(refs.blobs()); // the image is there: only what its referrers need is moved
                }
            }

            Map<Descriptor, CompletableFuture<BlobOutcome>> pending = new LinkedHashMap<>();
            java.util.Set<Descriptor> ownedElsewhere = new java.util.HashSet<>();
            for (Descriptor b : wanted) {
                boolean[] mine = new boolean[1];
                pending.put(b, blobs.blob(t, b, mine, plan.bytesOf(b)));
                if (!mine[0]) ownedElsewhere.add(b);
            }
            int copied = 0, existing = 0, mounted = 0;
            long moved = 0, skipped = 0;
            IOException firstError = null;
            for (var e : pending.entrySet()) {
                try {
                    BlobOutcome o = e.getValue().get();
                    // a blob another image of this job moves to the same place is counted there, once
                    if (ownedElsewhere.contains(e.getKey()) && o == BlobOutcome.COPIED) {
                        o = BlobOutcome.EXISTS;
                        // this image's view of it: at the target now, its bytes moved by the image that owns the transfer
                        events.on(new Event.BlobDone(t.image(), e.getKey().digest(), e.getKey().size(), BlobOutcome.SHARED));
                    }
                    switch (o) {
                        case COPIED -> { copied++; moved += e.getKey().size(); }
                        case MOUNTED -> { mounted++; skipped += e.getKey().size(); }
                        case EXISTS -> { existing++; skipped += e.getKey().size(); }
                        case PLANNED -> moved += e.getKey().size();
                        case SHARED -> { existing++; skipped += e.getKey().size(); }
                    }
                } catch (ExecutionException ex) {
                    if (firstError == null) firstError = ex.getCause() instanceof IOException io ? io : new IOException(String.valueOf(ex.getCause()), ex.getCause());
                }
            }
            if (firstError != null) throw firstError;
            checkCancelled();
            if (imageThere) {
                for (Descriptor b : plan.blobs()) {
                    if (refs.blobs().contains(b)) continue;
                    existing++;
                    skipped += b.size();
                }
            }
            if (settings.dryRun()) {
                return finish(t, ImageResult.Status.PLANNED, sourceTop, plan, copied, existing, mounted, moved, skipped, start, null, refs);
            }
            if (!imageThere) {
                for (Manifest child : plan.children()) {
                    checkCancelled();
                    t.sink().putManifest(child, null);
                }
                checkCancelled();
                t.sink().putManifest(plan.top(), t.targetTag());
                // the other tags of the same image: one manifest PUT each, nothing read again
                for (String tag : t.alsoTags()) {
                    checkCancelled();
                    t.sink().putManifest(plan.top(), tag);
                }
            }
            // what refers to the image, after it: a referrer's subject is at the target before the referrer
            for (ReferrerPlan.Item i : refs.missing()) {
                checkCancelled();
                // an index's children are part of the referrer: kept where it is kept (a pack keeps them beside it)
                for (Manifest c : i.children()) t.sink().putReferrer(c, new dev.ferry.oci.Referrer(c.descriptor(), null, null));
                t.sink().putReferrer(i.manifest(), i.referrer());
            }
            return finish(t, ImageResult.Status.COPIED, sourceTop, plan, copied, existing, mounted, moved, skipped, start, null, refs);
        } catch (InterruptedException | InterruptedIOException | CancelledException e) {
            return report(failed(t, ImageResult.Status.CANCELLED, sourceTop, Text.of("engine.cancelled_before_finish"), start, ErrorKind.CANCELLED));
        } catch (IOException | RuntimeException e) {
            if (cancelled.get()) return report(failed(t, ImageResult.Status.CANCELLED, sourceTop, Text.of("engine.cancelled_before_finish"), start, ErrorKind.CANCELLED));
            return report(failed(t, ImageResult.Status.FAILED, sourceTop, e, start));
        }
    }

    /** The image's result when its source does not have it (not found), else null. */
    private ImageResult invalidAtSource(ImageTask t, long start) {
        try {
            t.source().manifest(t.reference());
            return null;
        } catch (IOException e) {
            return e instanceof TransferFailure tf && tf.isNotFound() ? failed(t, ImageResult.Status.INVALID, null, e, start) : null;
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private void checkCancelled() throws CancelledException {
        if (cancelled.get() || Thread.currentThread().isInterrupted()) throw new CancelledException();
    }

    private ImageResult finish(ImageTask t, ImageResult.Status status, Manifest sourceTop, ImagePlan plan, int copied, int existing,
                               int mounted, long moved, long skipped, long start, String error, ReferrerPlan refs) {
        return report(new ImageResult(t.image(), t.sourceName(), t.targetName(), status, sourceTop.digest(), plan.top().digest(),
                plan.platforms(), copied, existing, mounted, moved, skipped, (System.nanoTime() - start) / 1e9, error, null, plan.missing())
                .withReferrers(refs.missing().size(), refs.existing()));
    }

    /** A failed image, said by {@code text}; {@code kind} null: the kind its status implies. */
    private ImageResult failed(ImageTask t, ImageResult.Status status, Manifest sourceTop, Text text, long start, ErrorKind kind) {
        ImageResult r = failed(t, status, sourceTop, text.english(), start, kind);
        return new ImageResult(r.image(), r.source(), r.target(), r.status(), r.sourceDigest(), r.targetDigest(), r.platforms(),
                0, 0, 0, 0, 0, r.seconds(), r.error(), r.kind(), text);
    }

    /** An image that {@code e} failed: its message, its kind, and its text for people. */
    private ImageResult failed(ImageTask t, ImageResult.Status status, Manifest sourceTop, Throwable e, long start) {
        ImageResult r = failed(t, status, sourceTop, message(e), start, Failures.kindOf(e));
        return new ImageResult(r.image(), r.source(), r.target(), r.status(), r.sourceDigest(), r.targetDigest(), r.platforms(),
                0, 0, 0, 0, 0, r.seconds(), r.error(), r.kind(), Text.of(e));
    }

    /** A failed image; {@code kind} null: the kind its status implies. */
    private ImageResult failed(ImageTask t, ImageResult.Status status, Manifest sourceTop, String error, long start, ErrorKind kind) {
        double secs = start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
        return new ImageResult(t.image(), t.sourceName(), t.targetName(), status, sourceTop == null ? null : sourceTop.digest(),
                null, List.of(), 0, 0, 0, 0, 0, secs, error, kind);
    }

    private ImageResult report(ImageResult r) {
        events.on(new Event.ImageFinished(r));
        return r;
    }
}
