package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.CopyRequest;
import dev.ferry.app.Reshape;
import dev.ferry.app.Session;
import dev.ferry.app.ImageLocation;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry copy SRC DST}: one image, registry or OCI layout on either side. */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copy one image, with all its platforms, from SRC to DST.",
                "Streams registry to registry without temporary files; blobs the target has are skipped, blobs in another",
                "repository of the same registry are mounted. The tag is written last.", ""},
        footer = {"", "SRC and DST: REF (docker's naming), docker://REF, @NAME/REPO[:TAG] (cfg.yaml), oci:DIR[:TAG].",
                "When DST has no tag, the source's tag is kept.",
                "Passwords: --src-creds USER reads FERRY_SRC_PASSWORD (--dest-creds: FERRY_DEST_PASSWORD) or asks.",
                "Without credentials, those of docker login (~/.docker/config.json, DOCKER_CONFIG) are used.",
                "", "Examples:",
                "  ferry copy oci:examples/hello:1.0 127.0.0.1:5000/demo/hello:1.0",
                "  ferry copy registry.example.com/app/web:2.1 10.0.0.5:5000/app/web \\",
                "      --platform linux/amd64",
                "  ferry copy nginx:1.25 oci:./nginx-layout --output json"})
final class CopyCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "The image to copy.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "Where to copy it.")
    String target;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", completionCandidates = ValueLists.Platforms.class,
            description = "Copy only this platform (repeatable). One: that platform's manifest is the target. Several: a new index with those (new digest).")
    List<String> platforms = new ArrayList<>();

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", defaultValue = "4", description = "Blobs moved at the same time (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--squash", description = "All layers into one (whiteouts applied, history as one entry): a new image, new digests.")
    boolean squash;

    @Option(names = "--recompress", paramLabel = "gzip[:LEVEL]|zstd[:LEVEL]", description = "Write every layer compressed anew (zstd: OCI media types; docker before 23 cannot pull them).")
    String recompress;

    @Option(names = "--dry-run", description = "Show what would be copied; write nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--src-creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the source registry.")
    String srcCreds;

    @Option(names = "--dest-creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the target registry.")
    String destCreds;

    @Mixin RegistryFlags registryFlags;

    @Mixin CacheFlags.ForTransfers cacheFlags;

    @Mixin SkopeoFlags skopeo;

    @Mixin ReferrersFlag referrers = new ReferrersFlag();

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        JobRun.checkWorkers(parallel);
        List<Platform> ps = JobRun.platforms(platforms);

        Map<String, RegistryFlags.Login> creds = new LinkedHashMap<>();
        Map<String, String> names = RegistrySettings.builder(registryFlags.config(ctx)).build().names();
        ImageLocation from = ImageLocation.parse(source, names), to = ImageLocation.parse(target, names);
        putCreds(creds, from, RegistryFlags.credentials(srcCreds, "--src-creds", "FERRY_SRC_PASSWORD", ctx, registryOf(from)));
        putCreds(creds, to, RegistryFlags.credentials(destCreds, "--dest-creds", "FERRY_DEST_PASSWORD", ctx, registryOf(to)));

        skopeo.apply(ctx, registryFlags, platforms, registryOf(from), to instanceof ImageLocation.Registry r ? List.of(r.reference().registry()) : List.of(),
                registryOf(from) != null, registryOf(to) != null);
        try (SessionLease lease = registryFlags.session(ctx, creds, parallel)) {
            Session ferry = lease.session();
            JobRun run = new JobRun(ctx, quiet || output == OutputFormat.JSON && !ctx.interactive(), null, null, false);
            Job job;
            try {
                Reshape reshape = squash || recompress != null ? Reshape.of(squash, recompress) : null;
                if (reshape != null && reshape.zstd()) ctx.err().println(ctx.messages().get("copy.zstd_warning"));
                job = ferry.copy(new CopyRequest(source, target, ps, parallel, registryFlags.retries(ctx), dryRun,
                        cacheFlags.settings(ctx, registryFlags.config(ctx)), reshape, referrers.on(registryFlags.config(ctx))), run.subscriber());
            } catch (Exception e) {
                run.close();
                throw e;
            }
            JobResult result = run.await(job);
            ImageResult r = result.images().get(0);
            if (output == OutputFormat.JSON) {
                ObjectNode json = json(r, dryRun);
                PullLimitsJson.put(json, ferry.pullLimits());
                ctx.out().println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } else {
                printText(ctx, r, spec);
                if ((squash || recompress != null) && r.ok()) printSaving(ctx, ferry, ps, r);
            }
            ctx.out().flush();
            return r.ok() ? Main.OK : Main.FAILED;
        }
    }

    private static String registryOf(ImageLocation loc) {
        return loc instanceof ImageLocation.Registry r ? r.reference().registry() : null;
    }

    /** Seed 000's table: the source image's size, the new image's, and what was saved. */
    private void printSaving(CliContext ctx, Session ferry, List<Platform> ps, ImageResult r) throws java.io.IOException {
        var i = ferry.inspect(source);
        var pick = i.images().stream().filter(p -> ps.isEmpty() ? "linux/amd64".equals(p.platform()) : ps.get(0).toString().equals(p.platform()))
                .findFirst().orElse(i.images().get(0));
        long before = pick.totalSize(), after = r.bytesMoved() + r.bytesSkipped();
        var m = ctx.messages();
        ctx.out().println(m.get("copy.saving_head"));
        ctx.out().println(m.get("copy.saving", Format.bytes(before), Format.bytes(after),
                String.format(java.util.Locale.ROOT, "%.1f%%", before == 0 ? 0 : 100.0 * (before - after) / before)));
    }

    private static void putCreds(Map<String, RegistryFlags.Login> creds, ImageLocation loc, RegistryFlags.Login c) {
        if (c != null && loc instanceof ImageLocation.Registry r) creds.put(r.reference().registry(), c);
    }

    static ObjectNode json(ImageResult r, boolean dryRun) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("source", r.source());
        n.put("target", r.target());
        n.put("status", r.status().name().toLowerCase());
        n.put("dryRun", dryRun);
        n.put("sourceDigest", r.sourceDigest() == null ? null : r.sourceDigest().toString());
        n.put("targetDigest", r.targetDigest() == null ? null : r.targetDigest().toString());
        n.put("digestChanged", r.digestChanged());
        var ps = n.putArray("platforms");
        r.platforms().forEach(ps::add);
        var missing = n.putArray("missingPlatforms");
        r.missingPlatforms().forEach(missing::add);
        n.put("bytesMoved", r.bytesMoved());
        n.put("bytesSkipped", r.bytesSkipped());
        ObjectNode blobs = n.putObject("blobs");
        blobs.put("copied", r.blobsCopied());
        blobs.put("existing", r.blobsExisting());
        blobs.put("mounted", r.blobsMounted());
        ObjectNode refs = n.putObject("referrers");
        refs.put("copied", r.referrersCopied());
        refs.put("existing", r.referrersExisting());
        n.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        n.put("error", r.error());
        // what sort of failure, for scripts to group and retry: not_found, unauthorized, tls, network, rate_limited…
        n.put("errorKind", r.kind() == null ? null : r.kind().name().toLowerCase(java.util.Locale.ROOT));
        return n;
    }

    private static void printText(CliContext ctx, ImageResult r, picocli.CommandLine.Model.CommandSpec spec) {
        var out = ctx.out();
        var m = ctx.messages();
        switch (r.status()) {
            case FAILED, INVALID -> {
                ctx.err().println(m.get("copy.failed", r.source(), r.target(), r.errorText()));
                if (r.kind() == dev.ferry.spi.ErrorKind.UNAUTHORIZED) ctx.err().println(AuthHint.line(spec, m));
                return;
            }
            case CANCELLED -> {
                ctx.err().println(m.get("copy.cancelled", r.source(), r.target()));
                return;
            }
            case UP_TO_DATE -> out.println(m.get("copy.up_to_date", r.target(), r.targetDigest()));
            case PLANNED -> out.println(m.get("copy.planned", r.source(), r.target()));
            case COPIED -> out.println(m.get("copy.copied", r.source(), r.target()));
        }
        out.println("  " + m.get("copy.digest", r.targetDigest()));
        if (!r.platforms().isEmpty()) out.println("  " + m.get("copy.platforms", String.join(", ", r.platforms())));
        String moved = Format.bytes(r.bytesMoved()), skipped = Format.bytes(r.bytesSkipped()), took = Format.seconds(r.seconds());
        out.println("  " + (r.status() == ImageResult.Status.PLANNED
                ? m.get("copy.would_move", moved, skipped, r.blobsExisting(), r.blobsMounted(), took)
                : m.get("copy.result", moved, m.count(r.blobsCopied(), dev.ferry.app.Messages.Noun.BLOB), skipped, r.blobsExisting(), r.blobsMounted(), took)));
        if (r.referrersCopied() + r.referrersExisting() > 0) {
            out.println("  " + m.get(r.status() == ImageResult.Status.PLANNED ? "copy.referrers_planned" : "copy.referrers", r.referrersCopied(), r.referrersExisting()));
        }
        if (r.digestChanged()) out.println("  " + m.get("copy.digest_changed", r.sourceDigest()));
    }
}
