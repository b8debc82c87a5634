package dev.ferry.app;

import dev.ferry.config.ImageListEntry;
import dev.ferry.config.ImageMapper;
import dev.ferry.config.Mapping;
import dev.ferry.engine.ImageTask;
import dev.ferry.engine.JobResult;
import dev.ferry.pack.BlobStore;
import dev.ferry.pack.Compression;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.pack.PackFiles;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackWriter;
import dev.ferry.pack.ParentPacks;
import dev.ferry.pack.squash.SquashCodec;
import dev.ferry.pack.squash.SquashParents;
import dev.ferry.pack.squash.SquashStore;
import dev.ferry.ref.Text;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryImageSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** {@code save}: a list's images from a registry into a new offline pack. */
final class SaveJobs {
    private final SessionContext ctx;

    SaveJobs(SessionContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The pack's file names are known at once; the meta file is written when the job ends, listing
     * the images that were saved.
     */
    SaveJob save(SaveRequest req, JobSubscriber first) throws IOException {
        List<ImageListEntry> entries = req.images();
        Batch.Endpoint src = Endpoints.source(ctx.config(), entries, req.from());
        if (entries.isEmpty()) throw new BadInputException(Text.of("save.list_empty", req.listName()));
        ParentPacks parents;
        try {
            parents = ParentPacks.read(req.inc().stream().map(ctx::resolve).toList());
        } catch (InvalidInputException e) {
            throw BadInputException.of(e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException(Text.of("save.inc_missing", e.getFile()));
        }
        Compression compression;
        try {
            compression = Compression.parse(req.compression());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(Text.of(e));
        }
        BlobStore store = null;
        if (compression.squash()) {
            try {
                store = new SquashStore(SquashCodec.of(compression), req.keepDigests(), SquashParents.read(parents.metaFiles()));
            } catch (InvalidInputException e) {
                throw BadInputException.of(e);
            }
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Path dir = ctx.resolve(req.dir()).resolve(stamp.substring(0, 8));
        String base = (req.prefix() == null || req.prefix().isBlank() ? "" : req.prefix() + "_") + (parents.isEmpty() ? "img_full_" : "img_inc_") + stamp;
        if (!base.matches("[A-Za-z0-9._-]+")) throw new BadInputException(Text.of("save.prefix_invalid", req.prefix()));
        String unique = base;
        for (int n = 2; taken(dir, unique, compression); n++) {
            unique = base + "-" + n;
        }
        List<Path> leftovers = PackFiles.leftovers(dir);
        int files = req.singleFile() ? 1 : req.parallel();
        PackWriter writer = PackWriter.create(dir, unique, compression, files, req.dockerCompatible(), src.host(), "ferry " + Version.get(), parents, store);
        PendingJob p = ctx.jobs.prepare(JobKind.SAVE, "save " + entries.size() + " images to " + writer.metaFile().getFileName(), first);
        JobCache cache = ctx.jobCache(req.cache(), false, "save", p.listener());
        List<ImageTask> tasks = new ArrayList<>();
        try {
            for (ImageListEntry e : entries) {
                Mapping m = ImageMapper.map(e, src.host(), Endpoints.PACK_HOST, null);
                String target = m.target().toString().substring(Endpoints.PACK_HOST.length() + 1);
                String tag = m.target().tag().orElse(null);
                String id = m.source().toString();
                CallScope scope = p.scopeFor(id);
                tasks.add(new ImageTask(id, cache.wrap(new RegistryImageSource(ctx.client(m.source().registry(), m.source().repository(), scope), m.source().repository())),
                        m.source().reference(), writer.sinkFor(id, target), tag, id, "pack:" + target,
                        e.extra().platforms().isEmpty() ? req.platforms() : e.extra().platforms(), e.extra().alsoTags()).withReferrers(req.referrers()));
            }
        } catch (IOException | RuntimeException e) {
            writer.abort();
            cache.close();
            throw e;
        }
        AtomicReference<Path> meta = new AtomicReference<>();
        Job job = ctx.jobs.start(p, tasks, req.parallel(), req.retries(), false, cache::close, (engine, l) -> {
            JobResult r;
            try {
                r = engine.run(tasks);
            } catch (RuntimeException | Error e) {
                writer.abort();
                throw e;
            }
            Map<String, List<String>> done = new LinkedHashMap<>();
            for (var i : r.images()) if (i.ok()) done.put(i.image(), i.platforms());
            if (done.isEmpty() || r.cancelled()) {
                writer.abort();
                return r;
            }
            try {
                meta.set(writer.finish(done));
            } catch (IOException e) {
                writer.abort();
                Text failed = Text.of("save.meta_write_failed", writer.metaFile(), Text.of(e));
                throw new UncheckedIOException(failed.english(), new dev.ferry.ref.LocalizedIOException(failed, e));
            }
            return r;
        });
        SquashStore squash = store instanceof SquashStore q ? q : null;
        return new SaveJob(job, writer.metaFile(), writer.dataFiles(), writer.dockerCompatible(), meta::get, leftovers,
                () -> squash == null || meta.get() == null ? null : squashReport(meta.get(), squash));
    }

    /** Counts the layers of a squash pack's meta file by how they are stored. */
    private static SaveJob.SquashReport squashReport(Path metaFile, SquashStore store) {
        try {
            int kept = 0, rebuilt = 0, blobs = 0;
            for (PackMeta.Blob b : PackMeta.read(metaFile).blobs()) {
                if (b.inParent() || b.squash() == null) continue;
                switch (b.squash().stored()) {
                    case PackMeta.Squashed.KEPT, PackMeta.Squashed.TAR -> kept++;
                    case PackMeta.Squashed.REBUILT -> rebuilt++;
                    default -> { if (b.mediaType() != null && !b.mediaType().contains("json")) blobs++; }
                }
            }
            return new SaveJob.SquashReport(kept, rebuilt, blobs, store.storedContentBytes(), store.reusedContentBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a pack of this base name is there, finished or still being written. */
    private static boolean taken(Path dir, String base, Compression compression) {
        for (String name : List.of(base + PackFiles.META_SUFFIX, base + "_0" + compression.extension())) {
            if (Files.exists(dir.resolve(name)) || Files.exists(dir.resolve(name + PackFiles.PARTIAL))) return true;
        }
        return false;
    }
}
