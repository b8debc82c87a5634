package dev.ferry.cli;

import dev.ferry.app.Batch;
import dev.ferry.app.Session;
import dev.ferry.config.RegistrySecrets;
import dev.ferry.config.TransferRules;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * image-transfer's files and flags on {@code sync} and {@code watch}: {@code --rules transfer-rule.yaml} (its
 * {@code --ruleFile}), {@code --secrets registry-secret.yaml} ({@code --securityFile}), and the
 * defaults {@code --registry} and {@code --ns}.
 */
final class TransferFlags {
    @Option(names = {"--rules", "--ruleFile"}, paramLabel = "FILE", description = "image-transfer's transfer-rule.yaml: SOURCE: TARGET rules, tag- or repository-level, in place of LIST.")
    Path rules;

    @Option(names = {"--secrets", "--securityFile"}, paramLabel = "FILE", description = "image-transfer's registry-secret.yaml: credentials (and insecure) by registry or registry/namespace.")
    Path secrets;

    @Option(names = "--registry", paramLabel = "REGISTRY", description = "With --rules: the registry of targets that name none, and of empty targets.")
    String registry;

    @Option(names = "--ns", paramLabel = "NS", description = "With --rules: the namespace of targets that name none.")
    String namespace;

    static final TextInput.Kind RULES = new TextInput.Kind("transfer.not_found", "transfer.directory", "transfer.binary");

    private RegistrySecrets parsedSecrets;

    boolean active() {
        return rules != null;
    }

    /**
     * The secrets file's credentials: by registry, and by {@code registry/namespace} for a namespace's own
     * (which win over the registry's for its repositories, as image-transfer's do); its insecure registries
     * added to the flags'.
     */
    Map<String, RegistryFlags.Login> credentials(RegistryFlags flags) throws IOException {
        Map<String, RegistryFlags.Login> out = new LinkedHashMap<>();
        if (secrets == null) return out;
        parsedSecrets = RegistrySecrets.parse(TextInput.file(secrets.toString(), RULES), secrets.toString());
        for (RegistrySecrets.Secret s : parsedSecrets.all()) {
            if (s.username() != null) {
                out.put(s.namespace() == null ? s.registry() : s.registry() + "/" + s.namespace(),
                        new RegistryFlags.Login(s.username(), s.password() == null ? "" : s.password()));
            }
            if (s.insecure() && !flags.insecure.contains(s.registry())) flags.insecure.add(s.registry());
        }
        return out;
    }

    /** image-transfer's defaults of these flags, keys without a registry read from {@code from}. */
    TransferRules.Defaults defaults(String from) {
        return new TransferRules.Defaults(from, registry, namespace);
    }

    /** The rules, planned: each tag of each rule to its target. */
    List<Batch.Planned> plan(Session session, String from) throws IOException {
        String name = rules.toString();
        List<TransferRules.Rule> parsed = TransferRules.parse(TextInput.file(name, RULES), name);
        if (parsed.isEmpty()) throw UsageException.of("usage.list_empty", name);
        TransferRules.Defaults d = defaults(from);
        List<TransferRules.Resolved> resolved = new ArrayList<>();
        for (TransferRules.Rule r : parsed) resolved.add(TransferRules.resolve(r, d, name));
        return session.plan(resolved);
    }
}
