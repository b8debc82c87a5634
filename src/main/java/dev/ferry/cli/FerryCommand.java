package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: {@code ferry COMMAND}. */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = FerryCommand.VersionProvider.class,
        description = {"Moves container images between registries and across air gaps.", ""},
        subcommands = {CopyCommand.class, InspectCommand.class, TagsCommand.class, CatalogCommand.class},
        footer = {"", "Images are named as docker names them (nginx = docker.io/library/nginx:latest),",
                "or @NAME/REPO:TAG for a registry named in cfg.yaml, or oci:DIR[:TAG] for an OCI layout.",
                "Exit codes: 0 done, 1 failed, 2 bad usage or input."})
public final class FerryCommand implements Runnable {
    final CliContext ctx;

    @Spec CommandSpec spec;

    public FerryCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override public void run() {
        spec.commandLine().usage(ctx.out());
    }

    static final class VersionProvider implements IVersionProvider {
        @Override public String[] getVersion() {
            return new String[]{Main.versionLine()};
        }
    }
}
