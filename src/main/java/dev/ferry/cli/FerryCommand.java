package dev.ferry.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** The top command: {@code ferry COMMAND}, and image-transmit's flags ({@code ferry -src=nj -dst=gz -lst=img.lst}). */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        description = {"Moves container images between registries and across air gaps.", ""},
        footer = {"", "Images are named as docker names them (nginx = docker.io/library/nginx:latest),",
                "or @NAME/REPO:TAG for a registry named in cfg.yaml, or oci:DIR[:TAG] for an OCI layout.",
                "cfg.yaml is read from --config FILE, else ./cfg.yaml, else ./data/cfg.yaml.",
                "Exit codes: 0 done, 1 failed, 2 bad usage or input."})
public final class FerryCommand implements Callable<Integer> {
    /** The commands, in the order help lists them (added by {@link Main#commandLine}); the hidden ones last. */
    static final List<Class<?>> SUBCOMMANDS = List.of(CopyCommand.class, SyncCommand.class, ComposeCommand.class, PlanCommand.class, SaveCommand.class,
            LoadCommand.class, InspectCommand.class, AnalyseCommand.class, TagsCommand.class, CatalogCommand.class, CacheCommand.class,
            LoginCommand.class, LogoutCommand.class, WatchCommand.class, ShellCommand.class, TuiCommand.class, CompleteCommand.class);

    final CliContext ctx;

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false, headingKey = "ferry.transmit.heading", heading = "%nimage-transmit's flags (ferry -src=nj -dst=gz -lst=img.lst runs ferry sync):%n")
    TransmitFlags transmit;

    static final class TransmitFlags {
        @Option(names = "-src", paramLabel = "NAME", description = "Source registry name (default: the first in cfg.yaml).")
        String src;

        @Option(names = "-dst", paramLabel = "NAME", description = "Target registry name (default: the first in cfg.yaml).")
        String dst;

        @Option(names = "-lst", paramLabel = "FILE", description = "Image list file (default: standard input).")
        String lst;

        @Option(names = "-img", paramLabel = "META", description = "Pack meta file to upload (upload mode).")
        String img;

        @Option(names = "-inc", paramLabel = "META", description = "Earlier pack meta file (incremental save mode).")
        String inc;

        @Option(names = "-out", paramLabel = "PREFIX", description = "Pack file name prefix (save mode).")
        String out;

        @Option(names = "-config", paramLabel = "FILE", hidden = true)
        java.nio.file.Path config;

        @Option(names = {"-watch", "--watch"}, description = "Watch mode: ship every new tag of the list's repositories (ferry watch).")
        boolean watch;
    }

    /**
     * {@code --lang zh_CN|en_US}, on every command and in the shell: set while the line is parsed, so the messages of
     * the run and its help ({@code ferry --lang zh_CN sync --help}) already speak it.
     */
    @Option(names = "--lang", paramLabel = "LANG", scope = ScopeType.INHERIT,
            description = "Language of messages and help: zh_CN or en_US (default: cfg.yaml lang, else LC_ALL, LC_MESSAGES, LANG, else English).")
    void lang(String value) {
        String lang = dev.ferry.app.Messages.supportedLanguage(value);
        if (lang == null) throw new ParameterException(spec.commandLine(), ctx.messages().get("usage.lang_unknown", value));
        ctx.language().fromFlag(lang);
        HelpLanguage.apply(spec.root().commandLine(), ctx.language().requested());
    }

    public FerryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override public Integer call() throws Exception {
        if (transmit == null) {
            spec.commandLine().usage(ctx.out());
            if (ctx.interactive()) ctx.out().println(ctx.messages().get("main.shell_hint")); // never waits for standard input
            return Main.OK;
        }
        TransmitFlags t = transmit;
        if (t.watch) {
            // watch mode: -src=NAME -dst=NAME -lst=FILE --watch, run as ferry watch with its defaults
            if (t.img != null || t.inc != null || t.out != null) throw UsageException.of("usage.watch_mode_flags");
            List<String> args = new java.util.ArrayList<>();
            if (t.lst != null) args.add(t.lst);
            if (t.src != null) args.addAll(List.of("--from", t.src));
            if (t.dst != null) args.addAll(List.of("--to", t.dst));
            if (t.config != null) args.addAll(List.of("--config", t.config.toString()));
            picocli.CommandLine watch = spec.commandLine().getSubcommands().get("watch");
            if (watch == null) throw new IllegalStateException("the watch command is not in the tree");
            return watch.execute(args.toArray(String[]::new));
        }
        if (t.img != null) {
            // upload mode: -img=META -dst=NAME
            LoadCommand load = new LoadCommand();
            load.parent = this;
            load.registryFlags = new RegistryFlags();
            load.registryFlags.configFile = t.config;
            load.meta = java.nio.file.Path.of(t.img);
            load.to = t.dst;
            if (t.src != null || t.lst != null) throw UsageException.of("usage.img_mode");
            return load.call();
        }
        if (t.dst == null) {
            // save mode: -src=NAME [-lst=FILE] [-inc=META] [-out=PREFIX]
            SaveCommand save = new SaveCommand();
            save.parent = this;
            save.registryFlags = new RegistryFlags();
            save.registryFlags.configFile = t.config;
            save.list = t.lst;
            save.from = t.src;
            save.prefix = t.out;
            save.dir = java.nio.file.Path.of("data");
            save.cacheFlags = new CacheFlags.ForTransfers(); // cfg.yaml's cache: applies, as in image-transmit
            if (t.inc != null) save.inc = List.of(java.nio.file.Path.of(t.inc));
            return save.call();
        }
        if (t.inc != null || t.out != null) throw UsageException.of("usage.save_mode_flags");
        SyncCommand sync = new SyncCommand();
        sync.parent = this;
        sync.registryFlags = new RegistryFlags();
        sync.registryFlags.configFile = t.config;
        sync.cacheFlags = new CacheFlags.ForTransfers(); // cfg.yaml's cache: applies, as in image-transmit
        sync.list = t.lst;
        sync.from = t.src;
        sync.to = List.of(t.dst);
        sync.output = OutputFormat.TEXT;
        return sync.call();
    }

    /** {@code --version}: ferry's version and commit, the Java running it (vendor, version, where) and the system. */
    static final class VersionProvider implements IVersionProvider {
        private final dev.ferry.app.Messages messages;

        VersionProvider(dev.ferry.app.Messages messages) {
            this.messages = messages;
        }

        @Override public String[] getVersion() {
            return new String[]{
                    messages.get("version.ferry", dev.ferry.app.Version.get(), dev.ferry.app.Version.commit()),
                    messages.get("version.java", System.getProperty("java.runtime.version", System.getProperty("java.version")),
                            System.getProperty("java.vendor"), System.getProperty("java.home")),
                    messages.get("version.os", System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"))};
        }
    }
}
