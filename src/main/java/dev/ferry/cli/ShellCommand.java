package dev.ferry.cli;

import dev.ferry.app.RegistrySettings;
import dev.ferry.ref.Registries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

/** {@code ferry shell}: one session for many commands and jobs, interactive or from a script. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An interactive shell: open a registry, cd into repositories, ls, diff, copy with relative",
                "references (:TAG), run jobs in the background (&) and watch them (jobs, fg, wait, cancel).",
                "Every ferry command works in it. The flags given here hold for the whole session.", ""},
        footer = {"", "Examples:",
                "  ferry shell",
                "  ferry shell --config cfg.yaml --insecure 10.0.0.5:5000",
                "  ferry shell -c 'open @nj; ls'",
                "  ferry shell release.fsh      (a script: stops at the first failing command",
                "                               unless 'set errexit off')"})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A script of shell commands to run instead of a prompt.")
    Path script;

    @Option(names = "-c", paramLabel = "COMMANDS", description = "Commands to run (separated by ;) instead of a prompt.")
    String commands;

    @Option(names = "--creds", paramLabel = "REGISTRY=USER[:PASSWORD]",
            description = "Credentials for a registry, for the whole session (repeatable; password from FERRY_PASSWORD when omitted).")
    Map<String, String> creds = new LinkedHashMap<>();

    @Mixin RegistryFlags registryFlags;

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        if (ctx.session() != null) throw UsageException.of("usage.shell_nested");
        if (script != null && commands != null) throw UsageException.of("usage.shell_script_and_c");
        if (script != null && !Files.isRegularFile(script)) throw UsageException.of("usage.shell_no_script", script);
        ShellLauncher launcher = ServiceLoader.load(ShellLauncher.class, ShellCommand.class.getClassLoader()).findFirst()
                .orElseThrow(() -> UsageException.of("usage.shell_missing"));
        Map<String, RegistryFlags.Login> logins = new LinkedHashMap<>();
        Map<String, String> names = RegistrySettings.builder(registryFlags.config(ctx)).build().names();
        for (var e : creds.entrySet()) {
            String r = e.getKey().startsWith("@") ? names.get(e.getKey().substring(1)) : Registries.normaliseRegistry(e.getKey());
            if (r == null) throw UsageException.of("usage.shell_creds_name", e.getKey());
            logins.put(r, RegistryFlags.credentials(e.getValue(), "--creds " + e.getKey(), "FERRY_PASSWORD", ctx, r));
        }
        try (SessionLease lease = registryFlags.session(ctx, logins, 0)) {
            return launcher.run(ctx, lease.session(), script, commands);
        }
    }
}
