package dev.ferry.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** The top command: {@code ferry COMMAND}, and image-transmit's flags ({@code ferry -src=nj -dst=gz -lst=img.lst}). */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = FerryCommand.VersionProvider.class,
        description = {"Moves container images between registries and across air gaps.", ""},
        subcommands = {CopyCommand.class, SyncCommand.class, PlanCommand.class, InspectCommand.class, TagsCommand.class, CatalogCommand.class},
        footer = {"", "Images are named as docker names them (nginx = docker.io/library/nginx:latest),",
                "or @NAME/REPO:TAG for a registry named in cfg.yaml, or oci:DIR[:TAG] for an OCI layout.",
                "cfg.yaml is read from --config FILE, else ./cfg.yaml, else ./data/cfg.yaml.",
                "Exit codes: 0 done, 1 failed, 2 bad usage or input."})
public final class FerryCommand implements Callable<Integer> {
    final CliContext ctx;

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = false, heading = "%nimage-transmit's flags (ferry -src=nj -dst=gz -lst=img.lst runs ferry sync):%n")
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
    }

    public FerryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override public Integer call() throws Exception {
        if (transmit == null) {
            spec.commandLine().usage(ctx.out());
            return Main.OK;
        }
        TransmitFlags t = transmit;
        if (t.img != null || t.inc != null || t.out != null || t.dst == null) {
            String mode = t.img != null ? "upload mode (-img)" : t.inc != null ? "incremental save mode (-inc)"
                    : t.out != null ? "-out (pack file prefix)" : "save mode (-src without -dst)";
            throw new UsageException(mode + " is not available yet: offline packs (ferry save / ferry load) are being built. "
                    + "Direct mode works now: ferry -src=NAME -dst=NAME -lst=FILE");
        }
        SyncCommand sync = new SyncCommand();
        sync.parent = this;
        sync.registryFlags = new RegistryFlags();
        sync.registryFlags.configFile = t.config;
        sync.list = t.lst;
        sync.from = t.src;
        sync.to = List.of(t.dst);
        sync.output = OutputFormat.TEXT;
        return sync.call();
    }

    static final class VersionProvider implements IVersionProvider {
        @Override public String[] getVersion() {
            return new String[]{Main.versionLine()};
        }
    }
}
