package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.Batch;
import dev.ferry.app.Session;
import dev.ferry.app.Job;
import dev.ferry.app.RegistrySettings;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry sync LIST --from SRC --to DST…}: image-transmit's direct mode, done by one engine for all images. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Copy every image of a list from one registry to one or more others.",
                "All manifests are resolved first; each distinct blob moves once per target registry (other repositories",
                "of that registry mount it); images already at the target cost one HEAD request on each side.", ""},
        footer = {"", "LIST: a file with one image per line (blank lines and # comments allowed, 'src -> dst' renames),",
                "or images.json (a JSON array of {source, target, tags, architectures}), or - (or nothing) for standard input. The registry part of each line is replaced by --from's.",
                "--from/--to: a registry named in cfg.yaml, or an address (127.0.0.1:5000). Without them: cfg.yaml's first.",
                "", "Examples:",
                "  ferry sync release.lst --from nj --to gz",
                "  ferry sync release.lst --from nj --to gz --to sh -j 8 -o json > report.json",
                "  echo '10.45.80.1/public/alpine:3.12 -> base/alpine:3.12' |",
                "      ferry sync --from nj --to gz",
                "  ferry sync images.json --to aliyun --namespace mirrors   # dockerTransfer's",
                "  ferry sync --rules transfer-rule.yaml --secrets registry-secret.yaml \\",
                "      --registry ccr.example.com --ns default",
                "  ferry sync --all-repos --from old --to new --exclude-repos '^tmp/' \\",
                "      --newest 5 --shard 0/4"})
final class SyncCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LIST", description = "Image list file, or - for standard input (the default).")
    String list;

    @Option(names = "--from", paramLabel = "REGISTRY", description = "Source registry: a cfg.yaml name or an address (default: cfg.yaml's first source).")
    String from;

    @Option(names = "--to", paramLabel = "REGISTRY", description = "Target registry (repeatable; default: cfg.yaml's first target).")
    List<String> to = new ArrayList<>();

    @Option(names = "--namespace", paramLabel = "NS", description = "Put every image under this namespace of the target (images.json's targets; default: cfg.yaml's repository).")
    String namespace;

    @Option(names = {"-j", "--parallel", "--routines"}, paramLabel = "N", description = "Blobs moved at the same time, across all images (default: cfg.yaml maxconn, else 5).")
    Integer parallel;

    @Option(names = "--qps", paramLabel = "N", description = "Requests per second to each registry at most (default: no limit).")
    Double qps;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", completionCandidates = ValueLists.Platforms.class, description = "Copy only these platforms (repeatable), as in copy.")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--dry-run", description = "Resolve and check everything; write nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text, or json: the final report on standard output.")
    OutputFormat output;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the JSON report to FILE.")
    Path report;

    @Option(names = "--log", paramLabel = "FILE", description = "Log file of the run (default: data/ferry-sync-DATE-TIME.log).")
    Path log;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--retry", paramLabel = "N", description = "image-transfer's name for --retries.", hidden = true)
    Integer retry;

    @Mixin RegistryFlags registryFlags;

    @Mixin TransferFlags transfer;

    @Mixin SelectionFlags selection;

    @Mixin NotifyFlags notifyFlags = new NotifyFlags();

    @Mixin CacheFlags.ForTransfers cacheFlags;

    @Mixin SkopeoFlags skopeo = new SkopeoFlags();

    @Mixin ReferrersFlag referrers = new ReferrersFlag();

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        var config = registryFlags.config(ctx);
        if (notifyFlags.test) return notifyFlags.sendTest(ctx, config);
        int workers = JobRun.workers(parallel, config.maxconn());
        if (qps != null && qps <= 0) throw UsageException.of("usage.qps_positive");
        List<Platform> ps = JobRun.platforms(platforms);
        if (transfer == null) transfer = new TransferFlags();
        if (transfer.active() && list != null) throw UsageException.of("usage.rules_and_list", list);
        if (retry != null) registryFlags.retries = retry;
        String listName = list == null || list.equals("-") ? "<stdin>" : list;
        if (selection == null) selection = new SelectionFlags();
        boolean whole = selection.wholeRegistry();
        if (whole && list != null) throw UsageException.of("usage.all_repos_and_list", list);
        var entries = transfer.active() || whole ? List.<dev.ferry.config.ImageListEntry>of()
                : dev.ferry.config.ImageInputs.parse(readList(list, ctx), listName);
        int shards = selection.shard().count();

        if (qps != null && ctx.session() != null) throw UsageException.of("usage.shell_session_flag", "--qps");
        if (skopeo != null) skopeo.apply(ctx, registryFlags, platforms, from, to.stream().filter(t -> !t.equals("docker") && !t.startsWith("containerd")).toList(), true, true);
        var credentials = transfer.credentials(registryFlags);
        RegistrySettings settings = ctx.session() != null ? null : registryFlags.settings(ctx, credentials);
        if (qps != null && settings != null) settings = settings.withQps(qps / shards); // the shards share the registries' limit
        try (SessionLease lease = registryFlags.session(ctx, settings, workers)) {
            Session ferry = lease.session();
            List<Batch.Planned> planned = selection.share(transfer.active() ? transfer.plan(ferry, from)
                    : ferry.plan(selection.entries(ferry, from, entries), from, to, namespace));
            if (planned.isEmpty()) throw UsageException.of("usage.list_empty", listName);
            JobRun run = new JobRun(ctx, quiet, dryRun ? null : "sync", log, true);
            Instant started = Instant.now();
            Job job;
            try {
                job = ferry.sync(new Batch.SyncRequest(planned, ps, workers, registryFlags.retries(ctx), dryRun,
                        cacheFlags.settings(ctx, config), referrers.on(config)), run.subscriber());
            } catch (Exception e) {
                run.close();
                throw e;
            }
            JobResult result = run.await(job);
            RunLog runLog = run.log();
            ObjectNode json = report(planned, result, started, dryRun);
            PullLimitsJson.put(json, ferry.pullLimits());
            String pretty = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
            if (report != null) {
                Path parentDir = report.toAbsolutePath().getParent();
                if (parentDir != null) Files.createDirectories(parentDir);
                Files.writeString(report, pretty + "\n");
            }
            if (output == OutputFormat.JSON) ctx.out().println(pretty);
            else summary(ctx, result, runLog, run.tally(), dryRun);
            ctx.out().flush();
            if (!dryRun) notifyFlags.afterJob(ctx, config, dev.ferry.app.JobKind.SYNC, listName + ": " + (from == null ? "-" : from) + " -> "
                    + (to.isEmpty() ? "-" : String.join(", ", to)), result);
            return result.ok() ? Main.OK : Main.FAILED;
        }
    }

    static String readList(String list, CliContext ctx) throws IOException {
        return TextInput.list(list, ctx);
    }

    static ObjectNode report(List<Batch.Planned> planned, JobResult result, Instant started, boolean dryRun) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("started", started.toString());
        n.put("seconds", Math.round(result.seconds() * 1000) / 1000.0);
        n.put("dryRun", dryRun);
        n.put("cancelled", result.cancelled());
        n.put("total", result.images().size());
        n.put("succeeded", result.images().stream().filter(ImageResult::ok).count());
        n.put("failed", result.images().stream().filter(i -> i.status() == ImageResult.Status.FAILED || i.status() == ImageResult.Status.CANCELLED).count());
        n.put("invalid", result.images().stream().filter(i -> i.status() == ImageResult.Status.INVALID).count());
        n.put("bytesMoved", result.bytesMoved());
        n.put("bytesSkipped", result.bytesSkipped());
        ArrayNode arr = n.putArray("images");
        for (int i = 0; i < result.images().size(); i++) {
            ImageResult r = result.images().get(i);
            ObjectNode o = CopyCommand.json(r, dryRun);
            o.remove("dryRun");
            if (i < planned.size()) o.put("line", planned.get(i).line());
            arr.add(o);
        }
        return n;
    }

    /** The images' referrers ({@code --referrers}), counted in one line; nothing when there were none. */
    static void referrers(CliContext ctx, JobResult result, boolean dryRun) {
        int copied = result.images().stream().mapToInt(ImageResult::referrersCopied).sum();
        int there = result.images().stream().mapToInt(ImageResult::referrersExisting).sum();
        if (copied + there > 0) ctx.out().println(ctx.messages().get(dryRun ? "sync.referrers_planned" : "sync.referrers", copied, there));
    }

    static void summary(CliContext ctx, JobResult result, RunLog log, BlobTally tally, boolean dryRun) {
        var out = ctx.out();
        var m = ctx.messages();
        long bad = result.failed();
        long invalid = result.images().stream().filter(i -> i.status() == ImageResult.Status.INVALID).count();
        long upToDate = result.images().stream().filter(i -> i.status() == ImageResult.Status.UP_TO_DATE).count();
        String images = m.count(result.images().size(), dev.ferry.app.Messages.Noun.IMAGE), there = Format.bytes(tally.alreadyThereBytes()), took = Format.seconds(result.seconds());
        if (dryRun) {
            out.println(m.get("sync.summary_dry_run", images, result.images().size() - bad, upToDate, bad - invalid, invalid, Format.bytes(result.bytesMoved()), there, took));
        } else {
            out.println(m.get(result.cancelled() ? "sync.summary_cancelled" : "sync.summary", images, result.images().size() - bad, upToDate, bad - invalid, invalid,
                    Format.bytes(tally.pushedBytes()), m.count(tally.pushed(), dev.ferry.app.Messages.Noun.BLOB), Format.bytes(tally.mountedBytes()), there, took));
        }
        referrers(ctx, result, dryRun);
        for (ImageResult r : result.images()) {
            if (r.ok() && !r.missingPlatforms().isEmpty()) out.println("  " + m.get("sync.missing_platforms", r.target(), String.join(", ", r.missingPlatforms())));
        }
        if (bad > 0) {
            out.println(m.get("sync.failed_images"));
            java.util.Set<dev.ferry.spi.ErrorKind> kinds = new java.util.TreeSet<>();
            for (ImageResult r : result.images()) {
                if (!r.ok()) out.println("  " + m.get("sync.failed_image", r.source(), r.target(), r.errorText()));
                if (!r.ok() && r.kind() != null) kinds.add(r.kind());
            }
            for (var k : kinds) out.println(m.get("sync.hint", m.title(k), m.hint(k))); // what to try, once per kind of failure
        }
        if (log != null) out.println(m.get("sync.log", log.file()));
    }
}
