package dev.ferry.config;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * image-transfer's {@code transfer-rule.yaml}: a mapping of source to target, one rule a key.
 *
 * <pre>
 * ## tag
 * demo-ns/nginx:latest : image-transfer.tencentcloudcr.com/demo-ns/nginx:latest
 * ## repo
 * registry.hub.docker.com/{ns1}/{repo1}: image-transfer.tencentcloudcr.com/{ns1}/{repo1}
 * </pre>
 *
 * <p>As image-transfer reads them (its {@code NewRepoURL} and {@code GenTagURLPair}):
 * <ul>
 *   <li>A key with a tag is that image; with {@code tag1,tag2} those tags; without a tag every tag
 *       of the repository (a repository-level rule), whose value must not have a tag.</li>
 *   <li>A key without a registry is on Docker Hub ({@code nginx} is {@code library/nginx}); ferry
 *       reads it from {@code --from} when given, so a rule file serves a mirror too.
 *       {@code registry.hub.docker.com} is Docker Hub.</li>
 *   <li>A value without a tag gets the source's; an empty value is {@code --registry} with the key's
 *       namespace and name. A value without a registry is put on {@code --registry} (image-transfer:
 *       Docker Hub, which is what it means when no {@code --registry} is given); a value whose path
 *       is a bare name gets {@code --ns} in front.</li>
 *   <li>Unlike image-transfer, the registry part of a key or value follows docker's rule (a first
 *       component with {@code .} or {@code :}, or {@code localhost}), so a deep path
 *       {@code ns/team/app} is a Docker Hub path, not the registry {@code ns}.</li>
 * </ul>
 */
public final class TransferRules {
    private static final Text EXPECTED = Text.of("rules.expected");

    /** One rule as written, at its key's position. */
    public record Rule(String key, String value, int line, int column) {
        @Override public String toString() { return key + ": " + (value == null ? "" : value); }
    }

    /**
     * image-transfer's defaults.
     *
     * @param sourceRegistry where keys without a registry are read ({@code --from}); null: Docker Hub
     * @param registry       {@code --registry}: targets without a registry, and empty values
     * @param namespace      {@code --ns}: targets whose path is a bare name
     */
    public record Defaults(String sourceRegistry, String registry, String namespace) {
        public static final Defaults NONE = new Defaults(null, null, null);
    }

    /**
     * A rule with its defaults applied.
     *
     * @param source     {@code registry/path} to read
     * @param sourceTags the tags to copy; empty: every tag of the repository
     * @param target     {@code registry/path} to write
     * @param targetTag  the tag to write, or null for each source tag's own
     */
    public record Resolved(Rule rule, String source, List<String> sourceTags, String target, String targetTag) {
        public Resolved {
            sourceTags = List.copyOf(sourceTags);
        }

        public boolean wholeRepository() { return sourceTags.isEmpty(); }
    }

    private TransferRules() {
    }

    /** The rules of a file, in order. */
    public static List<Rule> parse(String text, String name) {
        Node root = YamlText.compose(text, name);
        if (root == null) return List.of();
        if (!(root instanceof MappingNode m)) {
            throw new ConfigException(name, root.getStartMark().getLine() + 1, root.getStartMark().getColumn() + 1,
                    Text.of("rules.not_a_mapping"), EXPECTED, null);
        }
        List<Rule> out = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode(), v = t.getValueNode();
            int line = k.getStartMark().getLine() + 1, col = k.getStartMark().getColumn() + 1;
            if (!(k instanceof ScalarNode ks) || ks.getValue().isBlank()) throw new ConfigException(name, line, col, Text.of("rules.no_source"), EXPECTED, null);
            if (!(v instanceof ScalarNode vs)) {
                throw new ConfigException(name, v.getStartMark().getLine() + 1, v.getStartMark().getColumn() + 1,
                        Text.of("rules.target_not_a_name", ks.getValue()), EXPECTED, null);
            }
            String value = vs.getValue().isBlank() || vs.getTag().getValue().endsWith(":null") ? null : vs.getValue().strip();
            out.add(new Rule(ks.getValue().strip(), value, line, col));
        }
        return List.copyOf(out);
    }

    /** Applies the defaults to a rule. */
    public static Resolved resolve(Rule r, Defaults d, String name) {
        Parts key = split(r.key());
        String srcRegistry = key.registry != null ? key.registry : d.sourceRegistry() != null ? host(d.sourceRegistry()) : "docker.io";
        String srcPath = key.registry == null && d.sourceRegistry() == null && key.path.indexOf('/') < 0 ? "library/" + key.path : key.path;
        List<String> tags = key.tag == null ? List.of() : Arrays.stream(key.tag.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        String target;
        String targetTag;
        if (r.value() == null) {
            if (d.registry() == null) {
                throw new ConfigException(name, r.line(), r.column(), Text.of("rules.no_target", r.key()),
                        Text.of("rules.no_target_expected"), null);
            }
            int slash = key.path.lastIndexOf('/');
            String ns = slash >= 0 ? key.path.substring(0, slash) : d.namespace();
            target = host(d.registry()) + "/" + (ns == null || ns.isBlank() ? "" : ns + "/") + key.path.substring(slash + 1);
            targetTag = null;
        } else {
            Parts value = split(r.value());
            String registry = value.registry != null ? value.registry : d.registry() != null ? host(d.registry()) : "docker.io";
            String path = value.path.indexOf('/') < 0 && d.namespace() != null && !d.namespace().isBlank() ? d.namespace() + "/" + value.path : value.path;
            target = registry + "/" + path;
            targetTag = value.tag;
            if (targetTag != null && tags.isEmpty()) {
                throw new ConfigException(name, r.line(), r.column(), Text.of("rules.every_tag_to_one", r.key(), value.tag),
                        Text.of("rules.every_tag_to_one_expected"), null);
            }
            if (targetTag != null && tags.size() > 1 && !tags.contains(targetTag)) {
                throw new ConfigException(name, r.line(), r.column(), Text.of("rules.tags_to_one", key.tag, value.tag),
                        Text.of("rules.tags_to_one_expected"), null);
            }
            if (tags.size() > 1) targetTag = null;
        }
        check(srcRegistry + "/" + srcPath + (tags.isEmpty() ? "" : ":" + tags.get(0)), r, name, "rules.bad_source");
        check(target + (targetTag == null ? "" : ":" + targetTag), r, name, "rules.bad_target");
        return new Resolved(r, srcRegistry + "/" + srcPath, tags, target, targetTag);
    }

    private record Parts(String registry, String path, String tag) {}

    private static Parts split(String ref) {
        String s = ImageList.stripScheme(ref.strip());
        String rest = ImageMapper.withoutRegistry(s);
        String registry = rest.equals(s) ? null : host(s.substring(0, s.length() - rest.length() - 1));
        int slash = rest.lastIndexOf('/');
        int colon = rest.indexOf(':', slash + 1);
        String path = colon < 0 ? rest : rest.substring(0, colon);
        String tag = colon < 0 ? null : rest.substring(colon + 1);
        return new Parts(registry, path, tag);
    }

    /** A registry as references name it; image-transfer's registry.hub.docker.com is Docker Hub. */
    static String host(String registry) {
        String h = Registries.normaliseRegistry(registry.strip());
        return h.toLowerCase(Locale.ROOT).equals("registry.hub.docker.com") ? "docker.io" : h;
    }

    private static void check(String ref, Rule r, String name, String problemKey) {
        try {
            ImageReference.parse(ref);
        } catch (InvalidReferenceException e) {
            throw new ConfigException(name, r.line(), r.column(), Text.of(problemKey, r, Text.of(e)), EXPECTED, e);
        }
    }
}
