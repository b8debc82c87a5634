package dev.ferry.config;

import dev.ferry.ref.Text;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * image-transfer's {@code registry-secret.yaml}: credentials keyed by registry, or by
 * {@code registry/namespace}, which wins over the registry's own for that namespace.
 *
 * <pre>
 * ccr.ccs.tencentyun.com:
 *   username: xxx
 *   password: xxx
 *   insecure: true
 * </pre>
 *
 * <p>{@code insecure: true} allows plain HTTP and unverified TLS for that registry, as
 * image-transfer's does. {@code registry.hub.docker.com} is Docker Hub.
 */
public final class RegistrySecrets {
    private static final Set<String> FIELDS = Set.of("username", "password", "insecure");
    private static final Text EXPECTED = Text.of("secrets.expected", "REGISTRY: {username: USER, password: PASSWORD, insecure: true|false}");

    /** One entry; {@code namespace} is null for a registry's own. */
    public record Secret(String registry, String namespace, String username, String password, boolean insecure, int line) {
        @Override public String toString() {
            return "Secret[" + registry + (namespace == null ? "" : "/" + namespace) + ", " + username + ", password hidden]";
        }
    }

    private final Map<String, Secret> byKey;

    private RegistrySecrets(Map<String, Secret> byKey) {
        this.byKey = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byKey));
    }

    public static RegistrySecrets parse(String text, String name) {
        Node root = YamlText.compose(text, name);
        Map<String, Secret> out = new LinkedHashMap<>();
        if (root == null) return new RegistrySecrets(out);
        if (!(root instanceof MappingNode m)) throw error(name, root, Text.of("secrets.not_a_mapping"), EXPECTED);
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getValue().isBlank()) throw error(name, t.getKeyNode(), Text.of("secrets.no_registry"), EXPECTED);
            String key = k.getValue().strip();
            int slash = key.indexOf('/');
            String registry = TransferRules.host(slash < 0 ? key : key.substring(0, slash));
            String namespace = slash < 0 ? null : key.substring(slash + 1).replaceAll("/+$", "");
            if (!(t.getValueNode() instanceof MappingNode fields)) throw error(name, t.getValueNode(), Text.of("secrets.no_fields", key), EXPECTED);
            String user = null, password = null;
            boolean insecure = false;
            for (NodeTuple f : fields.getValue()) {
                String field = f.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                String value = f.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
                if (value == null) throw error(name, f.getValueNode(), Text.of("secrets.not_single", key + "." + field), EXPECTED);
                switch (field) {
                    case "username" -> user = value;
                    case "password" -> password = value;
                    case "insecure" -> {
                        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                            throw error(name, f.getValueNode(), Text.of("secrets.insecure", key, value), Text.of("settings.boolean_expected"));
                        }
                        insecure = value.equalsIgnoreCase("true");
                    }
                    default -> {
                        String closest = Suggestions.closest(field, FIELDS);
                        if (closest == null) closest = FIELDS.stream().filter(x -> !field.isEmpty() && x.startsWith(field)).findFirst().orElse(null);
                        throw error(name, f.getKeyNode(), Text.of("secrets.unknown_field", field, key),
                                closest != null ? Text.of("secrets.did_you_mean", closest) : Text.of("secrets.fields_expected"));
                    }
                }
            }
            out.put(namespace == null ? registry : registry + "/" + namespace,
                    new Secret(registry, namespace, user, password, insecure, k.getStartMark().getLine() + 1));
        }
        return new RegistrySecrets(out);
    }

    /**
     * The credentials for a repository: the entry of the longest namespace holding it
     * ({@code registry/a/b} before {@code registry/a}), else its registry's.
     */
    public Optional<Secret> lookup(String registry, String repository) {
        String host = TransferRules.host(registry);
        for (int i = repository.lastIndexOf('/'); i > 0; i = repository.lastIndexOf('/', i - 1)) {
            Secret s = byKey.get(host + "/" + repository.substring(0, i));
            if (s != null) return Optional.of(s);
        }
        return Optional.ofNullable(byKey.get(host));
    }

    /** Every entry, in the file's order. */
    public java.util.Collection<Secret> all() {
        return byKey.values();
    }

    private static ConfigException error(String name, Node n, Text problem, Text expected) {
        return new ConfigException(name, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1, problem, expected, null);
    }
}
