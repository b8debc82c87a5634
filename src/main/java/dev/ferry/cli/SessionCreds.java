package dev.ferry.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --creds REGISTRY=USER[:PASSWORD]} of the commands that keep one session for many jobs: {@code ferry shell}, {@code ferry tui}. */
public final class SessionCreds {
    @Option(names = "--creds", paramLabel = "REGISTRY=USER[:PASSWORD]",
            description = "Credentials for a registry, for the whole session (repeatable; password from FERRY_PASSWORD when omitted).")
    Map<String, String> creds = new LinkedHashMap<>();

    /** The credentials given, by registry host ({@code @NAME}: a registry named in cfg.yaml). */
    Map<String, RegistryFlags.Login> logins(CliContext ctx, RegistryFlags flags) {
        return flags.logins(ctx, creds);
    }
}
