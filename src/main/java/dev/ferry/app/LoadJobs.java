package dev.ferry.app;

import dev.ferry.config.ImageList;
import dev.ferry.config.ImageListEntry;
import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.ImageTask;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Descriptor;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code load}: a pack, layout or archive into a registry or a daemon. The input's own check runs
 * first, inside the job (a damaged pack pushes nothing: by default every blob of a pack is hashed
 * before the first is pushed); input that is malformed or lies fails as a whole with
 * {@link BadInputException}. An image of an incremental pack whose parent-pack blobs the target
 * lacks fails before any of its blobs moves, naming the pack to load first.
 */
final class LoadJobs {
    /** Tried in order: the first that accepts the input reads it. */
    private static final List<LoadFormat> FORMATS = List.of(new PackDataFileFormat(), new ArchiveFormat(), new TransmitPackFormat(), new FerryPackFormat());

    private final SessionContext ctx;
    private final Targets targets;

    LoadJobs(SessionContext ctx, Targets targets) {
        this.ctx = ctx;
        this.targets = targets;
    }

    Job load(LoadRequest req, JobSubscriber first) throws IOException {
        Batch.Endpoint dst = Endpoints.endpoint(ctx.config(), req.to(), true);
        PendingJob p = ctx.jobs.prepare(JobKind.LOAD, "load " + req.meta() + " -> " + dst.label(), first);
        var platforms = targets.platformsFor(dst, List.of());
        LoadFormat.Opened opened = open(req, dst, (image, source, reference, target, tag, sourceName, targetName) ->
                new ImageTask(image, source, reference, targets.sink(dst, target, List.of(), p.scopeFor(image)), tag, sourceName, targetName, platforms)
                        .withReferrers(req.referrers())); // a daemon keeps none: the engine says what it left behind
        List<LoadFormat.Item> items = opened.items();
        List<ImageTask> tasks = items.stream().map(LoadFormat.Item::task).toList();
        int parallel = dst.isDaemon() ? 1 : req.parallel();
        return ctx.jobs.start(p, tasks, parallel, req.retries(), false, () -> {
            tasks.forEach(t -> SessionContext.closeQuietly(t.sink()));
            SessionContext.closeQuietly(opened.source());
        }, (engine, events) -> {
            if (opened.check() != LoadFormat.Check.NONE) {
                Text what = Text.of("load.checking", req.meta().getFileName());
                try {
                    opened.check().run(req.parallel(), req.verifyFirst(), req.images().isEmpty() ? null : items,
                            (done, total) -> events.on(new Event.Checking("", what, done, total, "bytes")));
                } catch (InvalidInputException e) {
                    throw BadInputException.of(e); // nothing was pushed: the pack is refused as a whole
                }
            }
            try {
                for (var c : opened.changes().get()) {
                    events.on(new Event.Warning(c.image(), Text.of(c.asTars() ? "load.new_digest_tars" : "load.new_digest", c.image(), c.from(), c.to(), c.layers())));
                }
            } catch (InvalidInputException e) {
                throw BadInputException.of(e);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return run(engine, events, items, tasks);
        });
    }

    /** What a load of {@code req} would do, without pushing or reading any blob: each image by its name in the input, and where it would go. */
    List<LoadRequest.Image> contents(LoadRequest req) throws IOException {
        Batch.Endpoint dst = Endpoints.endpoint(ctx.config(), req.to(), true);
        LoadFormat.Opened opened = open(req, dst, (image, source, reference, target, tag, sourceName, targetName) ->
                new ImageTask(image, source, reference, null, tag, sourceName, targetName, List.of()));
        try {
            return opened.items().stream().map(i -> new LoadRequest.Image(i.task().sourceName(), i.task().targetName())).toList();
        } finally {
            SessionContext.closeQuietly(opened.source());
        }
    }

    private LoadFormat.Opened open(LoadRequest req, Batch.Endpoint dst, LoadFormat.Sinks sinks) throws IOException {
        Path input = ctx.resolve(req.meta());
        if (!Files.exists(input)) {
            throw new BadInputException(req.meta().isAbsolute() ? Text.of("load.input_missing", req.meta())
                    : Text.of("load.input_missing_at", req.meta(), input));
        }
        Map<String, String> renames = renames(req);
        LoadFormat format = FORMATS.stream().filter(f -> f.accepts(input)).findFirst().orElseThrow();
        LoadFormat.Opened opened;
        try {
            opened = format.open(input, dst, renames, sinks);
        } catch (InvalidInputException e) {
            throw BadInputException.of(e);
        }
        try {
            return select(opened, req);
        } catch (RuntimeException e) {
            SessionContext.closeQuietly(opened.source());
            throw e;
        }
    }

    /**
     * Only the images {@code req} names (all when it names none), by any of their names in the input (an image
     * saved under several tags is one task: naming one of them loads it with all its tags). The input's check is
     * told the items kept: a ferry pack verifies only the blobs they need; an incremental pack's parent blobs are
     * checked per image as before.
     */
    private static LoadFormat.Opened select(LoadFormat.Opened opened, LoadRequest req) {
        if (req.images().isEmpty()) return opened;
        Set<String> known = new LinkedHashSet<>();
        for (LoadFormat.Item it : opened.items()) known.addAll(it.names());
        List<String> unknown = req.images().stream().filter(n -> !known.contains(n)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new BadInputException(Text.of("load.image_not_in_input", req.meta(), String.join(", ", unknown), String.join(", ", known)));
        }
        Set<String> wanted = new HashSet<>(req.images());
        List<LoadFormat.Item> kept = opened.items().stream().filter(i -> i.names().stream().anyMatch(wanted::contains)).toList();
        Set<String> keptNames = new HashSet<>();
        kept.forEach(i -> keptNames.addAll(i.names()));
        LoadFormat.Changes changes = () -> opened.changes().get().stream().filter(c -> keptNames.contains(c.image())).toList();
        return new LoadFormat.Opened(kept, opened.check(), opened.source(), changes);
    }

    private static JobResult run(dev.ferry.engine.Engine engine, EventListener events, List<LoadFormat.Item> items, List<ImageTask> tasks) {
        List<ImageTask> runnable = new ArrayList<>();
        Map<String, ImageResult> blocked = new HashMap<>();
        for (LoadFormat.Item it : items) {
            String missingFrom = null;
            try {
                for (Map.Entry<Descriptor, String> pb : it.parentBlobs()) {
                    if (!it.task().sink().hasBlob(pb.getKey())) {
                        missingFrom = pb.getValue();
                        break;
                    }
                }
            } catch (IOException e) {
                blocked.put(it.task().image(), blockedResult(it.task(), "check the parent pack's blobs at the target: " + e.getMessage()));
                continue;
            }
            if (missingFrom != null) {
                blocked.put(it.task().image(), blockedResult(it.task(), "the target lacks blobs of the parent pack " + missingFrom
                        + ": load " + missingFrom + " first (nothing of this image was pushed)"));
            } else {
                runnable.add(it.task());
            }
        }
        for (ImageResult r : blocked.values()) events.on(new Event.ImageFinished(r));
        JobResult ran = engine.run(runnable);
        List<ImageResult> all = new ArrayList<>();
        var done = ran.images().iterator();
        for (ImageTask t : tasks) all.add(blocked.containsKey(t.image()) ? blocked.get(t.image()) : done.next());
        return new JobResult(List.copyOf(all), ran.seconds(), ran.cancelled());
    }

    private static Map<String, String> renames(LoadRequest req) {
        Map<String, String> renames = new LinkedHashMap<>();
        if (req.renames() != null && !req.renames().isBlank()) {
            for (ImageListEntry e : ImageList.parse(req.renames(), "--rename")) {
                if (e.target() == null) throw new BadInputException(Text.of("load.rename_no_target", e.line()));
                renames.put(e.source(), e.target());
            }
        }
        return renames;
    }

    private static ImageResult blockedResult(ImageTask t, String why) {
        return new ImageResult(t.image(), t.sourceName(), t.targetName(), ImageResult.Status.FAILED,
                null, null, List.of(), 0, 0, 0, 0, 0, 0, why);
    }
}
