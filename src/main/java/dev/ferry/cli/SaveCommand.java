package dev.ferry.cli;

import dev.ferry.app.Session;
import dev.ferry.app.SaveJob;
import dev.ferry.app.SaveRequest;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry save LIST --from SRC}: image-transmit's download mode, into an offline pack. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Save the images of a list into an offline pack: data files and a _meta.yaml that ferry load reads.",
                "Each blob is stored once per pack and verified as it streams; --inc leaves out what earlier packs hold.", ""},
        footer = {"", "Files: DIR/YYYYMMDD/[PREFIX_]img_full_YYYYMMDDhhmmss_N.tar[.lz4|.xz] (.squash) and …_meta.yaml (img_inc_ when incremental).",
                "--single-file --compress none --docker-format writes one file that docker load, skopeo and ctr also read.",
                "", "Examples:",
                "  ferry save release.lst --from nj --compress lz4",
                "  ferry save daily.lst --from nj \\",
                "      --inc data/20261101/img_full_20261101090000_meta.yaml"})
final class SaveCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LIST", description = "Image list file, or - for standard input (the default).")
    String list;

    @Option(names = "--from", paramLabel = "REGISTRY", description = "Source registry: cfg.yaml name or address (default: cfg.yaml's first source).")
    String from;

    @Option(names = {"--out", "--prefix"}, paramLabel = "PREFIX", description = "File name prefix (default: cfg.yaml outprefix).")
    String prefix;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "Folder for packs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--compress", paramLabel = "KIND", completionCandidates = ValueLists.Compressions.class, description = "none (tar), lz4 (fast), xz (small), squash (smallest: file contents once, solid zstd) or squash-xz (default: cfg.yaml compressor, else none).")
    String compress;

    @Option(names = "--keep-digests", description = "Squash packs: store layers ferry cannot compress back to their exact bytes as blobs, so no image digest changes on load.")
    boolean keepDigests;

    @Option(names = "--single-file", description = "One data file instead of one per worker (default: cfg.yaml singlefile).")
    Boolean singleFile;

    @Option(names = "--docker-format", description = "With --single-file and no compression: a file docker load, skopeo and ctr also read (default: cfg.yaml dockerfile).")
    Boolean dockerFormat;

    @Option(names = "--inc", paramLabel = "META", description = "An earlier pack's meta file: its blobs are left out (repeatable).")
    List<Path> inc = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", completionCandidates = ValueLists.Platforms.class, description = "Save only these platforms (repeatable).")
    List<String> platforms = new ArrayList<>();

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", description = "Blobs downloaded at the same time, one data file each (default: cfg.yaml maxconn, else 5).")
    Integer parallel;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text, or json: the final report on standard output.")
    OutputFormat output;

    @Option(names = "--log", paramLabel = "FILE", description = "Log file of the run (default: data/ferry-save-DATE-TIME.log).")
    Path log;

    @Mixin RegistryFlags registryFlags;

    @Mixin SelectionFlags selection;
    @Mixin SkopeoFlags skopeo = new SkopeoFlags();
    @Mixin NotifyFlags notifyFlags = new NotifyFlags();

    @Mixin CacheFlags.ForTransfers cacheFlags;

    @Mixin ReferrersFlag referrers = new ReferrersFlag();

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        var config = registryFlags.config(ctx);
        if (notifyFlags.test) return notifyFlags.sendTest(ctx, config);
        int workers = JobRun.workers(parallel, config.maxconn());
        List<Platform> ps = JobRun.platforms(platforms);
        String compression = compress != null ? compress : config.compressor();
        if ("squashfs".equals(compression)) {
            ctx.err().println(ctx.messages().get("save.squashfs"));
            compression = "squash";
        }
        boolean single = singleFile != null ? singleFile : config.singlefile();
        boolean docker = dockerFormat != null ? dockerFormat : config.dockerfile();
        if (docker && (!single || (compression != null && !compression.equals("none") && !compression.equals("tar")))) {
            throw UsageException.of("usage.docker_format");
        }
        String listName = list == null || list.equals("-") ? "<stdin>" : list;
        if (selection == null) selection = new SelectionFlags();
        boolean whole = selection.wholeRegistry();
        if (whole && list != null) throw UsageException.of("usage.all_repos_and_list", list);
        var parsed = whole ? List.<dev.ferry.config.ImageListEntry>of() : dev.ferry.config.ImageInputs.parse(SyncCommand.readList(list, ctx), listName);
        if (skopeo != null) skopeo.apply(ctx, registryFlags, platforms, from, List.of(), true, false);
        try (SessionLease lease = registryFlags.session(ctx, Map.of(), workers)) {
            Session ferry = lease.session();
            var entries = selection.shareOf(selection.entries(ferry, from, parsed));
            return run(ctx, ferry, new SaveRequest(entries, listName, from, dir, prefix != null ? prefix : config.outprefix(), compression,
                    single, docker, inc, ps, workers, registryFlags.retries(ctx), cacheFlags.settings(ctx, config), keepDigests, referrers.on(config)), quiet, output, log,
                    (meta, result) -> notifyFlags.afterJob(ctx, config, dev.ferry.app.JobKind.SAVE, listName + " -> " + (meta == null ? "-" : meta.getFileName()), result));
        }
    }

    /** Runs a save and reports it: its files, the images that failed, the meta file; then {@code after} (null: nothing) hears of it. */
    static int run(CliContext ctx, Session ferry, SaveRequest request, boolean quiet, Path log,
                   java.util.function.BiConsumer<Path, JobResult> after) throws Exception {
        return run(ctx, ferry, request, quiet, OutputFormat.TEXT, log, after);
    }

    /** As {@link #run(CliContext, Session, SaveRequest, boolean, Path, java.util.function.BiConsumer)}; {@code output} JSON: the report as JSON on standard output instead. */
    static int run(CliContext ctx, Session ferry, SaveRequest request, boolean quiet, OutputFormat output, Path log,
                   java.util.function.BiConsumer<Path, JobResult> after) throws Exception {
        boolean json = output == OutputFormat.JSON;
        JobRun run = new JobRun(ctx, quiet || json && !ctx.interactive(), "save", log, true);
        SaveJob save;
        try {
            save = ferry.save(request, run.subscriber());
        } catch (Exception e) {
            run.close();
            throw e;
        }
        for (Path f : save.leftovers()) ctx.err().println(ctx.messages().get("save.leftover", f));
        if (!json) for (Path f : save.dataFiles()) ctx.out().println(ctx.messages().get("save.data_file", f));
        JobResult result = run.await(save.job());
        if (json) {
            ctx.out().println(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report(ferry, save, result)));
            ctx.out().flush();
            if (after != null) after.accept(save.metaFile(), result);
            return result.ok() ? Main.OK : Main.FAILED;
        }
        long bad = result.failed();
        var m = ctx.messages();
        String images = m.count(result.images().size(), dev.ferry.app.Messages.Noun.IMAGE), written = Format.bytes(result.bytesMoved()), took = Format.seconds(result.seconds());
        // a full pack holds every blob it needs: what its images share is stored once, nothing is left to a parent
        ctx.out().println(request.inc().isEmpty() ? m.get("save.summary_full", result.images().size() - bad, images, written, took)
                : m.get("save.summary_incremental", result.images().size() - bad, images, written, Format.bytes(result.bytesSkipped()), took));
        SyncCommand.referrers(ctx, result, false);
        for (ImageResult r : result.images()) if (!r.ok()) ctx.out().println("  " + m.get("job.image_failed", r.source(), r.errorText()));
        for (ImageResult r : result.images()) {
            if (r.ok() && !r.missingPlatforms().isEmpty()) ctx.out().println("  " + m.get("sync.missing_platforms", r.target(), String.join(", ", r.missingPlatforms())));
        }
        Path meta = save.metaFile();
        if (meta != null) {
            ctx.out().println(m.get("save.meta_file", meta));
            SaveJob.SquashReport q = save.squashReport();
            if (q != null) ctx.out().println(m.get("save.squash_layers", q.kept(), q.rebuilt(), q.blobs(), Format.bytes(q.contentsStored()), Format.bytes(q.contentsReused())));
            if (save.dockerCompatible()) ctx.out().println(m.get("save.docker_compatible", save.dataFiles().get(0)));
        } else {
            ctx.out().println(m.get("save.nothing"));
        }
        ctx.out().flush();
        if (after != null) after.accept(meta, result);
        return result.ok() ? Main.OK : Main.FAILED;
    }

    /** The {@code -o json} report of a save: its files, totals and images (as sync reports them), and the pull limits. */
    static com.fasterxml.jackson.databind.node.ObjectNode report(Session ferry, SaveJob save, JobResult result) {
        var n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        n.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        n.put("cancelled", result.cancelled());
        n.put("total", result.images().size());
        n.put("succeeded", result.images().stream().filter(ImageResult::ok).count());
        n.put("failed", result.failed());
        n.put("bytesWritten", result.bytesMoved());
        n.put("bytesSkipped", result.bytesSkipped());
        n.put("metaFile", save.metaFile() == null ? null : save.metaFile().toString());
        var files = n.putArray("dataFiles");
        save.dataFiles().forEach(f -> files.add(f.toString()));
        var arr = n.putArray("images");
        for (ImageResult r : result.images()) {
            var o = CopyCommand.json(r, false);
            o.remove("dryRun");
            arr.add(o);
        }
        PullLimitsJson.put(n, ferry.pullLimits());
        return n;
    }
}
