package dev.ferry.cli;

import dev.ferry.app.Session;
import dev.ferry.ref.Registries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ferry login REGISTRY [-u USER] [--password-stdin]}: docker login for a jump host without docker. The
 * credentials are tried against the registry first; only accepted ones are written, where docker keeps them.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a registry: check the user and password there, then keep them as docker login does.",
                "They go to the credential helper docker's config.json names for the registry (credsStore, credHelpers),",
                "else into the file itself: --authfile FILE, else REGISTRY_AUTH_FILE, else $DOCKER_CONFIG/config.json,",
                "else ~/.docker/config.json. Every later ferry command (and docker, skopeo, crane) finds them there.", ""},
        footer = {"", "Examples:",
                "  ferry login 10.45.46.109 -u deliver",
                "  echo \"$PASSWORD\" | ferry login 10.45.46.109 -u deliver --password-stdin",
                "  ferry login @gz -u deliver --authfile /data/auth.json"})
final class LoginCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry: an address (10.45.46.109:5000) or @NAME from cfg.yaml.")
    String registry;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "The user name (asked for when not given, on a terminal).")
    String user;

    @Option(names = "--password-stdin", description = "Read the password from standard input (its first line), not from a prompt.")
    boolean passwordStdin;

    @Mixin RegistryFlags registryFlags;

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        if (ctx.session() != null) throw UsageException.of("login.in_shell");
        String host = host(registry, registryFlags, ctx);
        Console console = System.console();
        String u = user;
        if (u == null) {
            if (console == null) throw UsageException.of("login.no_user", host);
            u = console.readLine("%s ", ctx.messages().get("login.user_prompt", host));
            u = u == null ? "" : u.strip();
        }
        if (u.isEmpty()) throw UsageException.of("login.no_user", host);
        String password;
        if (passwordStdin) {
            String in = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
            int nl = in.indexOf('\n');
            password = (nl < 0 ? in : in.substring(0, nl)).replaceAll("\r$", "");
        } else {
            if (console == null) throw UsageException.of("login.no_password", host);
            char[] chars = console.readPassword("%s ", ctx.messages().get("creds.prompt_registry", u, host));
            password = chars == null ? "" : new String(chars);
        }
        if (password.isEmpty()) throw UsageException.of("login.empty_password", host);
        try (SessionLease lease = registryFlags.session(ctx, Map.of(host, new RegistryFlags.Login(u, password)), 1)) {
            Session s = lease.session();
            s.login(host, u, password);
            try {
                s.verifyLogin(host);
            } catch (Exception e) {
                if (Session.errorKind(e) == dev.ferry.spi.ErrorKind.UNAUTHORIZED) throw UsageException.of("login.refused", host, u);
                throw e;
            }
            String where = s.saveLogin(host);
            ctx.out().println(ctx.messages().get("login.saved", u, host, where));
            return Main.OK;
        }
    }

    /** A registry written as an address or as @NAME of cfg.yaml. */
    static String host(String registry, RegistryFlags flags, CliContext ctx) {
        if (registry.startsWith("@")) {
            String h = dev.ferry.app.RegistrySettings.builder(flags.config(ctx)).build().names().get(registry.substring(1));
            if (h == null) throw UsageException.of("login.unknown_name", registry);
            return h;
        }
        return Registries.normaliseRegistry(registry);
    }
}
