package dev.ferry.cli;

import dev.ferry.app.ImageLocation;
import dev.ferry.app.RegistrySettings;
import dev.ferry.ref.Registries;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.HashMap;
import java.util.Map;

/** What inspect, tags and catalog share: a parent, registry flags, credentials and output format. */
abstract class LookCommand {
    @ParentCommand FerryCommand parent;

    @Mixin RegistryFlags registryFlags;

    @Option(names = "--creds", paramLabel = "USER[:PASSWORD]", description = "Credentials for the registry (password from FERRY_PASSWORD when omitted).")
    String creds;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "skopeo's spelling: false allows plain HTTP and unverified TLS for this registry (--insecure REGISTRY).")
    Boolean tlsVerify;

    CliContext ctx() { return parent.ctx; }

    /** A session whose credentials (if given) apply to the registry of {@code location}. */
    SessionLease session(String location, boolean registryOnly) {
        Map<String, RegistryFlags.Login> c = new HashMap<>();
        if (creds != null) {
            Map<String, String> names = RegistrySettings.builder(registryFlags.config(ctx())).build().names();
            String registry = registryOnly
                    ? (location.startsWith("@") ? names.get(location.substring(1)) : Registries.normaliseRegistry(location))
                    : ImageLocation.parse(location, names) instanceof ImageLocation.Registry r ? r.reference().registry() : null;
            RegistryFlags.Login given = RegistryFlags.credentials(creds, "--creds", "FERRY_PASSWORD", ctx(), registry);
            if (registry != null) c.put(registry, given);
        }
        if (Boolean.FALSE.equals(tlsVerify)) {
            Map<String, String> names = RegistrySettings.builder(registryFlags.config(ctx())).build().names();
            String registry = registryOnly
                    ? (location.startsWith("@") ? names.get(location.substring(1)) : Registries.normaliseRegistry(location))
                    : ImageLocation.parse(location, names) instanceof ImageLocation.Registry r ? r.reference().registry() : null;
            if (registry != null) registryFlags.insecure.add(registry);
        }
        return registryFlags.session(ctx(), c, 0);
    }
}
