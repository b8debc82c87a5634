package dev.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry logout REGISTRY}: forgets what {@code ferry login} (or docker login) kept for a registry. */
@Command(name = "logout", mixinStandardHelpOptions = true,
        description = {"Forget the credentials kept for a registry: its entry in docker's config.json (or --authfile FILE)",
                "and what its credential helper holds.", ""},
        footer = {"", "Example:", "  ferry logout 10.45.46.109"})
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry: an address or @NAME from cfg.yaml.")
    String registry;

    @Mixin RegistryFlags registryFlags;

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        if (ctx.session() != null) throw UsageException.of("login.in_shell");
        String host = LoginCommand.host(registry, registryFlags, ctx);
        try (SessionLease lease = registryFlags.session(ctx, Map.of(), 1)) {
            boolean had = lease.session().forgetSavedLogin(host);
            ctx.out().println(ctx.messages().get(had ? "logout.removed" : "logout.none", host));
            return Main.OK;
        }
    }
}
