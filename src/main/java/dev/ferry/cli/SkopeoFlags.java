package dev.ferry.cli;

import dev.ferry.app.RegistrySettings;
import dev.ferry.ref.Registries;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Map;

/**
 * skopeo's spellings where they do not clash with ferry's (docs/coming-from-skopeo.md): {@code --all} (every
 * platform: what ferry does anyway), {@code --src-tls-verify=false} / {@code --dest-tls-verify=false} (ferry's
 * {@code --insecure} for the source or the target registry).
 */
final class SkopeoFlags {
    @Option(names = {"-a", "--all"}, description = "Every platform of an image, as skopeo copy --all (ferry's default; not with --platform).")
    boolean all;

    @Option(names = "--src-tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "skopeo's spelling: false allows plain HTTP and unverified TLS for the source registry (--insecure SOURCE).")
    Boolean srcTlsVerify;

    @Option(names = "--dest-tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "skopeo's spelling: false allows plain HTTP and unverified TLS for the target registries (--insecure TARGET).")
    Boolean destTlsVerify;

    /**
     * Applies these flags: {@code --all} beside {@code --platform} is refused; {@code --*-tls-verify=false} marks the
     * registries ({@code source}, {@code targets}: addresses or cfg.yaml names, null for cfg.yaml's first) insecure.
     */
    void apply(CliContext ctx, RegistryFlags flags, List<String> platforms, String source, List<String> targets, boolean hasSource, boolean hasTargets) {
        if (all && !platforms.isEmpty()) throw UsageException.of("usage.all_and_platform");
        var config = flags.config(ctx);
        Map<String, String> names = RegistrySettings.builder(config).build().names();
        if (Boolean.FALSE.equals(srcTlsVerify) && hasSource) {
            flags.insecure.add(host(source, names, config.sources()));
        }
        if (Boolean.FALSE.equals(destTlsVerify) && hasTargets) {
            if (targets.isEmpty()) flags.insecure.add(host(null, names, config.targets()));
            for (String t : targets) flags.insecure.add(host(t, names, config.targets()));
        }
    }

    private static String host(String nameOrAddress, Map<String, String> names, List<dev.ferry.config.RegistryEntry> fallback) {
        if (nameOrAddress == null || nameOrAddress.isBlank()) {
            if (fallback.isEmpty()) throw UsageException.of("usage.tls_verify_which");
            return fallback.get(0).host();
        }
        String n = nameOrAddress.startsWith("@") ? nameOrAddress.substring(1) : nameOrAddress;
        return names.getOrDefault(n, Registries.normaliseRegistry(nameOrAddress));
    }
}
