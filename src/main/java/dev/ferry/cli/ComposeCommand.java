package dev.ferry.cli;

import dev.ferry.app.Batch;
import dev.ferry.app.Job;
import dev.ferry.app.SaveRequest;
import dev.ferry.app.Session;
import dev.ferry.config.ComposeFile;
import dev.ferry.config.ComposeVariables;
import dev.ferry.config.ImageList;
import dev.ferry.config.ImageListEntry;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry compose docker-compose.yaml --to NAME}: every image of a compose file to a mirror, and the mirror's compose file. */
@Command(name = "compose", mixinStandardHelpOptions = true,
        description = {"Copy every image of a docker-compose file to a registry, and write the compose file that uses the copies.",
                "Variables (${VAR}, ${VAR:-default}) come from the environment, then the .env file beside the compose file;",
                "services with only build: are skipped. The mirror file is the same YAML with only the image: values changed.", ""},
        footer = {"", "Names: PREFIX/PATH:TAG, or with --flatten PREFIX/PATH-WITH-DASHES:TAG, the source's registry left out:",
                "  langgenius/dify-api:2.0.0-beta.2   -> PREFIX/langgenius-dify-api:2.0.0-beta.2",
                "  ghcr.io/chroma-core/chroma:0.5.20  -> PREFIX/chroma-core-chroma:0.5.20",
                "", "Examples:",
                "  ferry compose docker-compose.yaml --to aliyun --prefix yarnb-docker-mirrors --flatten --ignore ignore-images.txt \\",
                "      --platform linux/amd64 --write docker-compose-mirror.yaml",
                "  ferry compose docker-compose.yaml --to aliyun --save --platform linux/amd64    # a pack for the other side"})
final class ComposeCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", paramLabel = "COMPOSE_FILE", description = "docker-compose.yaml")
    Path file;

    @Option(names = "--to", paramLabel = "REGISTRY", description = "The mirror registry: a cfg.yaml name or an address (default: cfg.yaml's first target).")
    String to;

    @Option(names = "--from", paramLabel = "REGISTRY", description = "Read every image from this registry instead of the one it names (a mirror of Docker Hub, say).")
    String from;

    @Option(names = "--prefix", paramLabel = "PATH", description = "Namespace path of the copies at the mirror (default: cfg.yaml's repository of the target).")
    String prefix;

    @Option(names = "--flatten", description = "Join the image's path with '-' (langgenius/dify-api -> langgenius-dify-api).")
    boolean flatten;

    @Option(names = "--ignore", paramLabel = "FILE", description = "Images to leave out, one a line (e.g. ignore-images.txt).")
    Path ignore;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Copy only these platforms (repeatable), e.g. linux/amd64.")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--write", paramLabel = "FILE", description = "Write the mirror's compose file (e.g. docker-compose-mirror.yaml).")
    Path write;

    @Option(names = "--save", description = "Save the images into a pack (in --dir) instead of copying them; load it with ferry load on the other side.")
    boolean save;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "With --save: the folder for packs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", description = "Blobs moved at the same time (default: cfg.yaml maxconn, else 5).")
    Integer parallel;

    @Option(names = "--dry-run", description = "Resolve and check everything; write nothing (the mirror file is still written).")
    boolean dryRun;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Option(names = "--log", paramLabel = "FILE", description = "Log file of the run (default: data/ferry-sync-DATE-TIME.log).")
    Path log;

    @Mixin RegistryFlags registryFlags;

    @Mixin CacheFlags.ForTransfers cacheFlags;

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        var config = registryFlags.config(ctx);
        int workers = JobRun.workers(parallel, config.maxconn());
        List<Platform> ps = JobRun.platforms(platforms);
        String name = file.toString();
        String text = TextInput.file(name, COMPOSE);
        Path envFile = file.toAbsolutePath().getParent().resolve(".env");
        String dotEnv = Files.isRegularFile(envFile) ? Files.readString(envFile) : null;
        ComposeFile compose = ComposeFile.parse(text, name, ComposeVariables.of(ctx.env(), dotEnv));
        List<String> ignored = ignore == null ? List.of() : ComposeFile.ignoreList(TextInput.file(ignore.toString(), COMPOSE));
        var m = ctx.messages();
        for (String s : compose.buildOnly()) ctx.out().println(m.get("compose.build_only", s));

        try (SessionLease lease = registryFlags.session(ctx, Map.of(), workers)) {
            Session ferry = lease.session();
            Batch.Endpoint target = to == null && save ? null : ferry.endpoint(to, true);
            String path = prefix != null ? prefix : target == null ? null : target.repository();
            Map<ComposeFile.Image, String> mirrorNames = new LinkedHashMap<>();
            List<ImageListEntry> entries = new ArrayList<>();
            for (ComposeFile.Image i : compose.images()) {
                if (ignored.stream().anyMatch(l -> ComposeFile.ignores(l, i.image()))) {
                    ctx.out().println(m.get("compose.ignored", i.service(), i.image()));
                    continue;
                }
                String mirror = ComposeFile.mirrorName(i.image(), path, flatten);
                int at = mirror.indexOf('@');
                entries.add(new ImageListEntry(i.image(), at < 0 ? mirror : mirror.substring(0, at), i.line(),
                        new ImageListEntry.Extra(List.of(), List.of(), false, true)));
                if (target != null && !target.isDaemon()) mirrorNames.put(i, target.host() + "/" + mirror);
            }
            entries = ImageList.distinct(entries);
            if (entries.isEmpty()) throw UsageException.of("compose.nothing", name);
            int code = save ? save(ctx, ferry, entries, ps, workers, config) : sync(ctx, ferry, entries, ps, workers, config);
            if (write != null) {
                if (target == null) throw UsageException.of("compose.write_needs_to");
                Path parentDir = write.toAbsolutePath().getParent();
                if (parentDir != null) Files.createDirectories(parentDir);
                Files.writeString(write, compose.rewrite(mirrorNames));
                ctx.out().println(m.get("compose.written", write));
            }
            ctx.out().flush();
            return code;
        }
    }

    static final TextInput.Kind COMPOSE = new TextInput.Kind("transfer.not_found", "transfer.directory", "transfer.binary");

    private int sync(CliContext ctx, Session ferry, List<ImageListEntry> entries, List<Platform> ps, int workers,
                     dev.ferry.config.FerryConfig config) throws Exception {
        List<Batch.Planned> planned = ferry.plan(entries, from, to == null ? List.of() : List.of(to));
        JobRun run = new JobRun(ctx, quiet, dryRun ? null : "sync", log, true);
        Job job;
        try {
            job = ferry.sync(new Batch.SyncRequest(planned, ps, workers, registryFlags.retries(ctx), dryRun, cacheFlags.settings(ctx, config)),
                    run.subscriber());
        } catch (Exception e) {
            run.close();
            throw e;
        }
        JobResult result = run.await(job);
        SyncCommand.summary(ctx, result, run.log(), run.tally(), false);
        return result.ok() ? Main.OK : Main.FAILED;
    }

    private int save(CliContext ctx, Session ferry, List<ImageListEntry> entries, List<Platform> ps, int workers,
                     dev.ferry.config.FerryConfig config) throws Exception {
        return SaveCommand.run(ctx, ferry, new SaveRequest(entries, file.toString(), from, dir, config.outprefix(), config.compressor(),
                config.singlefile(), false, List.of(), ps, workers, registryFlags.retries(ctx), cacheFlags.settings(ctx, config)), quiet, log);
    }
}
