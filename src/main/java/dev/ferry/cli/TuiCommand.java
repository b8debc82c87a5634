package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/** {@code ferry tui}: the full-screen terminal UI (release screen, live progress) in one session. */
@Command(name = "tui", mixinStandardHelpOptions = true,
        description = {"A full-screen terminal UI: choose the source and the target, paste the image list, Verify,",
                "then Transmit (or Download / Upload a pack) and watch the progress. Keys: F1 help, F10 quit.",
                "Needs a terminal of at least 80x24. The flags given here hold for the whole session.", ""},
        footer = {"", "Examples:",
                "  ferry tui",
                "  ferry tui --config cfg.yaml --creds @gz=deliver"})
final class TuiCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Mixin SessionCreds sessionCreds;

    @Mixin RegistryFlags registryFlags;

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        if (ctx.session() != null) throw UsageException.of("usage.tui_nested");
        String term = ctx.env().get("TERM");
        if (System.console() == null || term == null || term.isBlank() || term.equals("dumb")) {
            throw UsageException.of("usage.tui_no_terminal", term == null || term.isBlank() ? "unset" : term);
        }
        TuiLauncher launcher = ServiceLoader.load(TuiLauncher.class, TuiCommand.class.getClassLoader()).findFirst()
                .orElseThrow(() -> UsageException.of("usage.tui_missing"));
        try (SessionLease lease = registryFlags.session(ctx, registryFlags.settings(ctx, sessionCreds.logins(ctx, registryFlags)), 0, launcher.prompt())) {
            return launcher.run(ctx, lease.session());
        }
    }
}
