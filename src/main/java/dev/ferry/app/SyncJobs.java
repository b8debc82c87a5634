package dev.ferry.app;

import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.ImageTask;
import dev.ferry.engine.JobResult;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Text;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryImageSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code sync}: planned images from a registry to their targets, one engine for all; and {@code plan --check}. */
final class SyncJobs {
    private final SessionContext ctx;
    private final Targets targets;
    private final ExecutorService executor;

    SyncJobs(SessionContext ctx, Targets targets, ExecutorService executor) {
        this.ctx = ctx;
        this.targets = targets;
        this.executor = executor;
    }

    Job sync(Batch.SyncRequest req, JobSubscriber first) throws IOException {
        // a dry run writes nothing: it is a check of what a sync would do, and says so to every face
        PendingJob p = ctx.jobs.prepare(req.dryRun() ? JobKind.CHECK : JobKind.SYNC, "sync " + req.images().size() + " images", first);
        JobCache cache = ctx.jobCache(req.cache(), req.dryRun(), "sync", p.listener());
        List<ImageTask> tasks = new ArrayList<>();
        try {
            for (Batch.Planned pl : req.images()) {
                ImageReference s = pl.source();
                String image = pl.imageName();
                CallScope scope = p.scopeFor(image);
                List<dev.ferry.oci.Platform> platforms = pl.platforms().isEmpty() ? req.platforms() : pl.platforms();
                String shown = pl.targetNames();
                tasks.add(new ImageTask(image, cache.wrap(new RegistryImageSource(ctx.client(s.registry(), s.repository(), scope), s.repository())), s.reference(),
                        targets.sink(pl.to(), pl.target(), platforms, scope), pl.targetTag() == null && pl.to().isDaemon() ? "latest" : pl.targetTag(),
                        s.toString(), pl.to().isDaemon() ? pl.to().label() + ":" + shown : shown, targets.platformsFor(pl.to(), platforms),
                        pl.alsoTags()).withReferrers(req.referrers())); // a daemon keeps none: the engine says what it left behind
            }
        } catch (IOException | RuntimeException e) {
            tasks.forEach(t -> SessionContext.closeQuietly(t.sink()));
            cache.close();
            throw e;
        }
        // a daemon takes one archive stream at a time: more workers would only hold source connections idle
        int parallel = req.images().stream().allMatch(pl -> pl.to().isDaemon()) ? 1 : req.parallel();
        return ctx.jobs.start(p, tasks, parallel, req.retries(), req.dryRun(), () -> {
            tasks.forEach(t -> SessionContext.closeQuietly(t.sink()));
            cache.close();
        });
    }

    /**
     * Looks up every source of a plan ({@code parallel} at once): does it exist, and what digest has
     * it. Each image ends PLANNED (it exists; its digest is the result's source digest), INVALID
     * (not found) or FAILED (could not be asked).
     */
    Job check(List<Batch.Planned> planned, int parallel, JobSubscriber first) {
        PendingJob p = ctx.jobs.prepare(JobKind.CHECK, "check " + planned.size() + " sources", first);
        List<String[]> names = new ArrayList<>();
        for (Batch.Planned pl : planned) names.add(new String[]{name(pl), pl.source().toString(), pl.targetName()});
        p.expectNames(names);
        return ctx.jobs.start(p, List.of(), 1, 0, true, () -> { }, (engine, events) -> {
            long start = System.nanoTime();
            events.on(new Event.JobStarted(planned.size()));
            AtomicInteger done = new AtomicInteger();
            java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(Math.max(1, parallel));
            List<CompletableFuture<ImageResult>> fs = new ArrayList<>();
            for (Batch.Planned pl : planned) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    p.scope.cancel();
                    break;
                }
                CompletableFuture<ImageResult> f = CompletableFuture.supplyAsync(() -> {
                    try {
                        return checkOne(pl, p);
                    } finally {
                        slots.release();
                    }
                }, executor);
                fs.add(f.whenComplete((r, e) -> {
                    if (r != null) events.on(new Event.ImageFinished(r));
                    events.on(new Event.Checking("", Text.of("sync.looking_up"), done.incrementAndGet(), planned.size(), "images"));
                }));
            }
            List<ImageResult> results = new ArrayList<>();
            for (int i = 0; i < planned.size(); i++) {
                ImageResult r = null;
                try {
                    if (i < fs.size()) r = fs.get(i).get();
                } catch (InterruptedException e) {
                    p.scope.cancel(); // the job was cancelled: what is not done ends cancelled
                }
                if (r == null) {
                    Batch.Planned pl = planned.get(i);
                    r = new ImageResult(name(pl), pl.source().toString(), pl.targetName(), ImageResult.Status.CANCELLED, null, null,
                            List.of(), 0, 0, 0, 0, 0, 0, "cancelled");
                }
                results.add(r);
            }
            JobResult r = new JobResult(List.copyOf(results), (System.nanoTime() - start) / 1e9, p.scope.isCancelled());
            events.on(new Event.JobFinished(r));
            return r;
        });
    }

    private static String name(Batch.Planned pl) {
        return pl.source() + " -> " + pl.targetName();
    }

    private ImageResult checkOne(Batch.Planned pl, PendingJob p) {
        String image = name(pl);
        long start = System.nanoTime();
        ImageResult.Status status;
        dev.ferry.oci.Digest digest = null;
        dev.ferry.ref.Text error = null;
        if (p.scope.isCancelled()) {
            status = ImageResult.Status.CANCELLED;
            error = dev.ferry.ref.Text.of("engine.cancelled");
        } else {
            try {
                var head = new RegistryImageSource(ctx.client(pl.source().registry(), pl.source().repository(), p.scopeFor(image)), pl.source().repository())
                        .digestOf(pl.source().reference());
                digest = head.orElse(null);
                status = head.isPresent() ? ImageResult.Status.PLANNED : ImageResult.Status.INVALID;
                if (head.isEmpty()) error = dev.ferry.ref.Text.of("remote.detail.not_found");
            } catch (IOException e) {
                status = p.scope.isCancelled() ? ImageResult.Status.CANCELLED : ImageResult.Status.FAILED;
                error = p.scope.isCancelled() ? dev.ferry.ref.Text.of("engine.cancelled") : dev.ferry.ref.Text.of(e);
            }
        }
        return new ImageResult(image, pl.source().toString(), pl.targetName(), status, digest, null, List.of(), 0, 0, 0, 0, 0,
                (System.nanoTime() - start) / 1e9, error == null ? null : error.english(), null, error);
    }
}
