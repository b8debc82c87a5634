package dev.ferry.cli;

import dev.ferry.app.Session;
import dev.ferry.app.Job;
import dev.ferry.app.LoadRequest;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
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

/** {@code ferry load META --to DST}: image-transmit's upload mode, every byte verified. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load an offline pack into a registry. The meta file is checked as a whole and every data file is read",
                "once (its sha256, every blob's tar header and digest) before anything is pushed (--trust-pack skips that read);",
                "every blob is hashed again as it streams; blobs the target has are skipped; tags are written last.",
                "Started again after an interruption, it moves only what is still missing.",
                "Also loads OCI layout folders and OCI or docker archives (.tar) made by skopeo, docker save or ctr export.", ""},
        footer = {"", "Examples:",
                "  ferry load data/20261122/img_full_20261122143000_meta.yaml --to gz",
                "  ferry load pack_meta.yaml --to 10.0.0.5:5000 \\",
                "      --rename 'public/web:3.2 -> customer/web:3.2'",
                "  ferry load pack_meta.yaml --to gz --image public/web:3.2 --image public/db:9"})
final class LoadCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", paramLabel = "META", description = "A pack's _meta.yaml (its data files beside it), an OCI layout folder, or an image archive .tar.")
    Path meta;

    @Option(names = "--to", paramLabel = "REGISTRY", description = "Target registry: cfg.yaml name or address (default: cfg.yaml's first target).")
    String to;

    @Option(names = "--image", paramLabel = "NAME", description = {"Load only this image of the pack (repeatable), by its name in the pack",
            "(the OLD of --rename); default: every image."})
    List<String> images = new ArrayList<>();

    @Option(names = "--rename", paramLabel = "'OLD -> NEW'", description = "Rename an image on the way (repeatable); OLD is its name in the pack.")
    List<String> renames = new ArrayList<>();

    @Option(names = "--renames", paramLabel = "FILE", description = "A file of 'OLD -> NEW' lines.")
    Path renameFile;

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", description = "Blobs pushed at the same time (default: cfg.yaml maxconn, else 5).")
    Integer parallel;

    @Option(names = "--trust-pack", description = {"Stream a pack's blobs straight to the target without reading them all first:",
            "faster, for a pack whose origin you trust. Each blob is still hashed as it streams, but a damaged one is",
            "found only when its image is pushed, after other images of the pack may have been."})
    boolean trustPack;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--log", paramLabel = "FILE", description = "Log file of the run (default: data/ferry-load-DATE-TIME.log).")
    Path log;

    @Mixin RegistryFlags registryFlags;

    @Mixin SkopeoFlags skopeo = new SkopeoFlags();
    @Mixin NotifyFlags notifyFlags = new NotifyFlags();

    @Mixin ReferrersFlag referrers = new ReferrersFlag();

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        var config = registryFlags.config(ctx);
        if (notifyFlags.test) return notifyFlags.sendTest(ctx, config);
        int workers = JobRun.workers(parallel, config.maxconn());
        StringBuilder r = new StringBuilder(String.join("\n", renames));
        if (renameFile != null) r.append('\n').append(TextInput.file(renameFile.toString(), TextInput.RENAMES));
        if (skopeo != null && to != null && (to.equals("docker") || to.startsWith("containerd") || to.equals("ctr"))) skopeo = null;
        if (skopeo != null) skopeo.apply(ctx, registryFlags, List.of(), null, to == null ? List.of() : List.of(to), false, true);
        try (SessionLease lease = registryFlags.session(ctx, Map.of(), workers)) {
            Session ferry = lease.session();
            JobRun run = new JobRun(ctx, quiet, "load", log, true);
            Job job;
            try {
                job = ferry.load(new LoadRequest(meta, to, r.toString(), workers, registryFlags.retries(ctx), !trustPack, referrers.on(config), images), run.subscriber());
            } catch (Exception e) {
                run.close();
                throw e;
            }
            JobResult result = run.await(job);
            long bad = result.failed();
            var m = ctx.messages();
            BlobTally t = run.tally();
            ctx.out().println(m.get("load.summary", result.images().size() - bad, m.count(result.images().size(), dev.ferry.app.Messages.Noun.IMAGE), Format.bytes(t.pushedBytes()),
                    m.count(t.pushed(), dev.ferry.app.Messages.Noun.BLOB), Format.bytes(t.mountedBytes()), Format.bytes(t.alreadyThereBytes()), Format.seconds(result.seconds())));
            SyncCommand.referrers(ctx, result, false);
            for (ImageResult i : result.images()) if (!i.ok()) ctx.out().println("  " + m.get("job.image_failed", i.target(), i.errorText()));
            ctx.out().flush();
            notifyFlags.afterJob(ctx, config, dev.ferry.app.JobKind.LOAD, meta.getFileName() + " -> " + (to == null ? "-" : to), result);
            return result.ok() ? Main.OK : Main.FAILED;
        }
    }
}
