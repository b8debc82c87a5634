package dev.ferry.config;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Registries;

import dev.ferry.ref.Text;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads cfg.yaml text into a {@link FerryConfig}. Works on SnakeYAML's node tree only
 * ({@link Yaml#compose}): no object is ever constructed from a YAML tag, every scalar is read as the
 * text it is (so {@code password: 0123} stays {@code "0123"}), and every node keeps its position
 * for messages.
 */
final class ConfigParser {

    /** At most this many aliases of collections (billion laughs). */
    static final int MAX_ALIASES = 50;
    /** At most this many nodes are turned into Java values for {@link FerryConfig#extra()}. */
    private static final int MAX_EXTRA_NODES = 100_000;
    static final int MAX_DEPTH = 50;

    /** The keys each place knows, in the order they are documented (cfg.yaml.example). */
    private static final List<String> TOP_KEYS = List.of("source", "target", "maxconn", "retries", "singlefile", "dockerfile",
            "compressor", "lang", "cache", "outprefix", "interval", "dingtalk", "skiptlsverify", "notify", "referrers");
    private static final List<String> REGISTRY_KEYS = List.of("registry", "name", "user", "password", "password_file",
            "repository", "insecure", "ca", "cleartext_credentials");
    private static final List<String> CACHE_KEYS = List.of("pathname", "keepdays", "keepsize");
    private static final List<String> DINGTALK_KEYS = List.of("token", "secret", "url");
    private static final List<String> NOTIFY_KEYS = List.of("url", "secret");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private final String name;
    private final Path file;
    private final Path baseDir;
    private final Map<String, String> env;
    private final List<ConfigWarning> warnings = new ArrayList<>();

    /**
     * @param name    the source name used in messages
     * @param file    the file, kept in {@link FerryConfig#file()}; may be {@code null}
     * @param baseDir the directory relative {@code password_file:} and {@code ca:} paths are read from
     * @param env     environment variables for {@code ${NAME}}
     */
    ConfigParser(String name, Path file, Path baseDir, Map<String, String> env) {
        this.name = name;
        this.file = file;
        this.baseDir = baseDir;
        this.env = env == null ? Map.of() : env;
    }

    FerryConfig parse(String text) {
        Node root = compose(text);
        if (root == null || isNull(root)) {
            return withFile(FerryConfig.empty());
        }
        if (!(root instanceof MappingNode top)) {
            throw error(root, Text.of("settings.top_level", described(root)), Text.of("settings.top_level_expected"));
        }
        List<RegistryEntry> sources = List.of();
        List<RegistryEntry> targets = List.of();
        int maxconn = FerryConfig.DEFAULT_MAXCONN;
        int retries = FerryConfig.DEFAULT_RETRIES;
        int interval = FerryConfig.DEFAULT_INTERVAL;
        boolean singlefile = false;
        boolean dockerfile = false;
        boolean skiptlsverify = false;
        String compressor = null;
        String lang = null;
        String outprefix = null;
        CacheSettings cache = null;
        List<DingTalk> dingtalk = List.of();
        List<Webhook> notify = List.of();
        Map<String, Object> extra = new LinkedHashMap<>();
        int[] budget = {MAX_EXTRA_NODES};

        for (Map.Entry<String, NodeTuple> kv : entries(top, Text.of("settings.where_top")).entrySet()) {
            String key = kv.getKey();
            Node v = kv.getValue().getValueNode();
            switch (key) {
                case "source" -> sources = registries(v, key);
                case "target" -> targets = registries(v, key);
                case "maxconn" -> maxconn = integer(v, key, 1, maxconn, "settings.whole_number_expected");
                case "retries" -> retries = integer(v, key, 0, retries, "settings.whole_number_expected");
                case "interval" -> interval = integer(v, key, 1, interval, "settings.whole_number_seconds_expected");
                case "singlefile" -> singlefile = bool(v, key, false);
                case "referrers" -> extra.put(key, bool(v, key, false)); // read through FerryConfig.referrers()
                case "dockerfile" -> dockerfile = bool(v, key, false);
                case "skiptlsverify" -> skiptlsverify = bool(v, key, false);
                case "compressor" -> compressor = compressor(v);
                case "lang" -> lang = lang(v);
                case "outprefix" -> outprefix = string(v, key);
                case "cache" -> cache = cache(v);
                case "dingtalk" -> dingtalk = dingtalk(v);
                case "notify" -> notify = webhooks(v);
                default -> {
                    warnUnknown(kv.getValue().getKeyNode(), "", key, TOP_KEYS);
                    extra.put(key, toJava(v, 0, budget));
                }
            }
        }
        checkNames(sources, targets);
        return new FerryConfig(sources, targets, maxconn, retries, singlefile, dockerfile, compressor, lang, cache,
                outprefix, interval, dingtalk, skiptlsverify, file, extra, warnings, notify);
    }

    private FerryConfig withFile(FerryConfig c) {
        return new FerryConfig(c.sources(), c.targets(), c.maxconn(), c.retries(), c.singlefile(), c.dockerfile(),
                c.compressor(), c.lang(), c.cache(), c.outprefix(), c.interval(), c.dingtalk(), c.skiptlsverify(), file,
                c.extra(), c.warnings(), c.webhooks());
    }

    /**
     * The one rule for keys ferry does not know, wherever they are: a warning naming the key (with
     * where it is, e.g. {@code source[0].pasword}) and the known key it most likely meant; the
     * value is ignored (kept in {@link FerryConfig#extra()} at the top level), never shown.
     */
    private void warnUnknown(Node keyNode, String prefix, String key, List<String> known) {
        Mark m = keyNode.getStartMark();
        warnings.add(new ConfigWarning(name, m.getLine() + 1, m.getColumn() + 1, prefix + key, Suggestions.closest(key, known), known));
    }

    // ---------------------------------------------------------------- YAML

    private Node compose(String text) {
        return YamlText.compose(text, name);
    }

    /**
     * The keys of a mapping in order, with YAML merge keys ({@code <<: *defaults}) applied: keys
     * written in the mapping win over merged ones, and earlier merged mappings over later ones.
     * Every key must be a scalar and appear once.
     */
    private Map<String, NodeTuple> entries(MappingNode m, Text where) {
        return entries(m, where, 0);
    }

    private Map<String, NodeTuple> entries(MappingNode m, Text where, int depth) {
        if (depth > MAX_DEPTH) {
            throw error(m, Text.of("settings.merge_too_deep", where), Text.of("settings.expected_levels", MAX_DEPTH));
        }
        Map<String, NodeTuple> own = new LinkedHashMap<>();
        List<Map<String, NodeTuple>> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode sk)) {
                throw error(k, Text.of("settings.key_not_plain", where, described(k)), Text.of("settings.key_not_plain_expected"));
            }
            if (Tag.MERGE.equals(k.getTag())) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode vm) {
                    merged.add(entries(vm, where, depth + 1));
                } else if (v instanceof SequenceNode vs) {
                    for (Node item : vs.getValue()) {
                        if (!(item instanceof MappingNode im)) {
                            throw error(item, Text.of("settings.merges", described(item)), Text.of("settings.merges_list_expected"));
                        }
                        merged.add(entries(im, where, depth + 1));
                    }
                } else {
                    throw error(v, Text.of("settings.merges", described(v)), Text.of("settings.merges_expected"));
                }
                continue;
            }
            String key = sk.getValue();
            NodeTuple previous = own.get(key);
            if (previous != null) {
                Mark first = previous.getKeyNode().getStartMark();
                throw error(k, Text.of("settings.duplicate_key", key, where, first.getLine() + 1, first.getColumn() + 1),
                        Text.of("settings.duplicate_key_expected"));
            }
            own.put(key, t);
        }
        if (merged.isEmpty()) {
            return own;
        }
        Map<String, NodeTuple> all = new LinkedHashMap<>(own);
        for (Map<String, NodeTuple> more : merged) {
            more.forEach(all::putIfAbsent);
        }
        return all;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    /** What a node is, for a message: a mapping, a list, nothing, or the value "x". */
    private static Text described(Node n) {
        if (n instanceof MappingNode) {
            return Text.of("settings.node_mapping");
        }
        if (n instanceof SequenceNode) {
            return Text.of("settings.node_list");
        }
        if (isNull(n)) {
            return Text.of("settings.node_nothing");
        }
        return Text.of("settings.node_value", ((ScalarNode) n).getValue());
    }

    private ConfigException error(Node n, Text problem, Text expected) {
        Mark m = n.getStartMark();
        return new ConfigException(name, m.getLine() + 1, m.getColumn() + 1, problem, expected, null);
    }

    private ConfigException error(Node n, int offset, Text problem, Text expected) {
        Mark m = n.getStartMark();
        return new ConfigException(name, m.getLine() + 1, m.getColumn() + 1 + offset, problem, expected, null);
    }

    // ---------------------------------------------------------------- scalars

    /**
     * The text of a scalar with {@code ${NAME}} substituted; {@code null} for an empty value
     * ({@code user:}, {@code ~}, {@code null}) or an empty string.
     */
    private String string(Node n, String key) {
        if (n == null || isNull(n)) {
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            throw error(n, Text.of("settings.key_is", key, described(n)), Text.of("settings.single_value_expected", key));
        }
        String v = substitute(s, key);
        return v.isEmpty() ? null : v;
    }

    /**
     * Replaces {@code ${NAME}} with the environment variable NAME; {@code $${} stands for a literal
     * {@code ${}. A variable that is not set is an error.
     */
    private String substitute(ScalarNode s, String key) {
        String v = s.getValue();
        if (v.indexOf('$') < 0) {
            return v;
        }
        boolean plain = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && v.indexOf('\n') < 0;
        StringBuilder out = new StringBuilder(v.length());
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == '$' && v.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && v.startsWith("${", i)) {
                int offset = plain ? i : 0;
                int end = v.indexOf('}', i + 2);
                if (end < 0) {
                    throw error(s, offset, Text.of("settings.variable_unclosed", key, "${", "}"),
                            Text.of("settings.variable_unclosed_expected", "${NAME}", "$${", "${"));
                }
                String var = v.substring(i + 2, end);
                if (!VARIABLE.matcher(var).matches()) {
                    throw error(s, offset, Text.of("settings.variable_name", key, "${" + var + "}"),
                            Text.of("settings.variable_name_expected", "${NAME}", "$${", "${"));
                }
                String value = env.get(var);
                if (value == null) {
                    throw error(s, offset, Text.of("settings.variable_unset", var, key),
                            Text.of("settings.variable_unset_expected", "$${", "${"));
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private int integer(Node n, String key, int min, int dflt, String expectedKey) {
        Text expected = Text.of(expectedKey, min, key, Math.max(min, dflt));
        String v = string(n, key);
        if (v == null) {
            return dflt;
        }
        String t = v.strip();
        if (!WHOLE_NUMBER.matcher(t).matches()) {
            throw error(n, Text.of("settings.not_whole_number", key, v), expected);
        }
        long value;
        try {
            value = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw error(n, Text.of("settings.far_too_large", key, t), expected);
        }
        if (value < min) {
            throw error(n, value < 0 ? Text.of("settings.negative", key, value) : Text.of("settings.key_is_number", key, value), expected);
        }
        if (value > Integer.MAX_VALUE) {
            throw error(n, Text.of("settings.far_too_large", key, value), expected);
        }
        return (int) value;
    }

    private boolean bool(Node n, String key, boolean dflt) {
        String v = string(n, key);
        if (v == null) {
            return dflt;
        }
        switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                throw error(n, Text.of("settings.not_boolean", key, v), Text.of("settings.boolean_expected"));
        }
    }

    private String compressor(Node n) {
        String v = string(n, "compressor");
        if (v == null) {
            return null;
        }
        String c = v.strip().toLowerCase(Locale.ROOT);
        if (!FerryConfig.COMPRESSORS.contains(c)) {
            throw error(n, Text.of("settings.compressor_unknown", v),
                    Text.of("settings.compressor_expected", String.join(", ", FerryConfig.COMPRESSORS)));
        }
        return c;
    }

    private String lang(Node n) {
        String v = string(n, "lang");
        if (v == null) {
            return null;
        }
        String l = FerryConfig.language(v);
        if (l != null) {
            return l;
        }
        throw error(n, Text.of("settings.lang_unknown", v), Text.of("settings.lang_expected"));
    }

    // ---------------------------------------------------------------- registries

    private List<RegistryEntry> registries(Node n, String key) {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, Text.of("settings.registries_not_a_list", key, described(n)), Text.of("settings.registries_not_a_list_expected"));
        }
        List<RegistryEntry> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode m)) {
                throw error(item, Text.of("settings.registry_entry", key, described(item)), Text.of("settings.registry_entry_expected"));
            }
            out.add(registry(m, key, out.size()));
        }
        return out;
    }

    private RegistryEntry registry(MappingNode m, String list, int index) {
        Text where = Text.of("settings.where_registry", list);
        Map<String, NodeTuple> e = entries(m, where);
        for (NodeTuple t : e.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!REGISTRY_KEYS.contains(k)) warnUnknown(t.getKeyNode(), list + "[" + index + "].", k, REGISTRY_KEYS);
        }
        Node addressNode = value(e, "registry");
        String address = addressNode == null ? null : string(addressNode, "registry");
        if (address == null) {
            throw error(addressNode == null ? m : addressNode, Text.of("settings.registry_no_address", where),
                    Text.of("settings.registry_no_address_expected"));
        }
        Registries.Address a;
        try {
            a = Registries.parse(address);
        } catch (InvalidReferenceException ex) {
            throw error(addressNode, Text.of(ex), Text.of("settings.registry_address_expected"));
        }
        if (!looksLikeRegistryHost(a.host())) {
            throw error(addressNode, Text.of("settings.registry_bare", address), Text.of("settings.registry_bare_expected"));
        }

        String repository = repository(value(e, "repository"));

        Node nameNode = value(e, "name");
        String explicitName = nameNode == null ? null : string(nameNode, "name");
        if (explicitName != null) {
            explicitName = explicitName.strip();
            for (int i = 0; i < explicitName.length(); i++) {
                char c = explicitName.charAt(i);
                if (Character.isWhitespace(c) || c == '/' || c == '@' || Character.isISOControl(c)) {
                    throw error(nameNode, Text.of("settings.name_contains", explicitName, c == '/' || c == '@' ? Text.verbatim("'" + c + "'") : Text.of("ref.char_space")),
                            Text.of("settings.name_contains_expected"));
                }
            }
        }

        String user = string(value(e, "user"), "user");
        Node passwordNode = value(e, "password");
        String password = passwordNode == null ? null : string(passwordNode, "password");
        Node passwordFileNode = value(e, "password_file");
        String passwordFile = passwordFileNode == null ? null : string(passwordFileNode, "password_file");
        if (passwordFile != null) {
            if (password != null) {
                throw error(e.get("password_file").getKeyNode(), Text.of("settings.password_both", where),
                        Text.of("settings.password_both_expected"));
            }
            password = readPassword(passwordFileNode, passwordFile);
        }

        boolean insecure = bool(value(e, "insecure"), "insecure", false);
        boolean cleartext = cleartextCredentials(e, where, a, address, user, insecure);
        Node caNode = value(e, "ca");
        Path ca = null;
        String caText = caNode == null ? null : string(caNode, "ca");
        if (caText != null) {
            ca = resolve(caText);
            if (!Files.isRegularFile(ca)) {
                Text missing = Text.of(Files.exists(ca) ? "settings.ca_not_a_file" : "settings.ca_missing", caText);
                throw error(caNode, Path.of(caText).isAbsolute() ? missing : Text.of("settings.looked_for", missing, ca),
                        Text.of("settings.ca_expected", name));
            }
        }

        Mark mark = m.getStartMark();
        String entryName = explicitName != null ? explicitName : RegistryEntry.defaultName(a.host(), repository);
        return new RegistryEntry(entryName, a.host(), a.scheme(), user, password, repository, insecure, ca,
                mark.getLine() + 1, mark.getColumn() + 1, cleartext);
    }

    /**
     * {@code cleartext_credentials:}, and the rule it lifts: a user and password never go over
     * plain HTTP to a host not on this machine unless the entry says both {@code insecure: true}
     * and {@code cleartext_credentials: true}. An {@code http://} address with a user and without
     * them is refused here, before anything is sent.
     */
    private boolean cleartextCredentials(Map<String, NodeTuple> e, Text where, Registries.Address a, String address,
                                         String user, boolean insecure) {
        Node n = value(e, "cleartext_credentials");
        boolean cleartext = bool(n, "cleartext_credentials", false);
        if (cleartext && !insecure) {
            throw error(n, Text.of("settings.cleartext_alone", where), Text.of("settings.cleartext_alone_expected"));
        }
        boolean hasUser = user != null && !user.isEmpty();
        if (hasUser && !cleartext && a.scheme() == Registries.Scheme.HTTP && !a.isLoopback()) {
            throw error(value(e, "registry"), Text.of("settings.plain_http_credentials", address), Text.of("settings.plain_http_credentials_expected"));
        }
        return cleartext;
    }

    private static Node value(Map<String, NodeTuple> e, String key) {
        NodeTuple t = e.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** Whether docker reads {@code host/x} as a registry: localhost, or a '.' or ':' in it. */
    static boolean looksLikeRegistryHost(String host) {
        return host.equals("localhost") || host.indexOf('.') >= 0 || host.indexOf(':') >= 0;
    }

    private String repository(Node n) {
        String v = n == null ? null : string(n, "repository");
        if (v == null) {
            return null;
        }
        Text expected = Text.of("settings.repository_expected");
        if (v.indexOf(':') >= 0 || v.indexOf('@') >= 0) {
            throw error(n, Text.of("settings.repository_tag", v, String.valueOf(v.indexOf(':') >= 0 ? ':' : '@')), expected);
        }
        try {
            ImageReference r = ImageReference.parse("localhost/" + v);
            if (!r.repository().equals(v)) {
                throw new InvalidReferenceException("repository", v, Text.of("settings.not_a_repository_path"));
            }
        } catch (InvalidReferenceException ex) {
            throw error(n, Text.of("settings.repository_invalid", v, ex.reasonText()), expected);
        }
        return v;
    }

    private String readPassword(Node n, String pathText) {
        Path p = resolve(pathText);
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8);
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
                end--;
            }
            s = s.substring(0, end);
            return s.isEmpty() ? null : s;
        } catch (NoSuchFileException ex) {
            Text missing = Text.of("settings.password_file_missing", pathText);
            throw error(n, Path.of(pathText).isAbsolute() ? missing : Text.of("settings.looked_for", missing, p),
                    Text.of("settings.password_file_expected", name));
        } catch (IOException | RuntimeException ex) {
            throw error(n, Text.of("settings.password_file_unreadable", pathText, ex.toString()),
                    Text.of("settings.password_file_unreadable_expected"));
        }
    }

    private Path resolve(String pathText) {
        Path p = Path.of(pathText);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
    }

    /**
     * Names must be unique across sources and targets. Two registries that both carry the default
     * name (same address and repository, no name: given) are allowed: they can only differ in
     * credentials, and each list is searched first for its own registries.
     */
    private void checkNames(List<RegistryEntry> sources, List<RegistryEntry> targets) {
        List<RegistryEntry> all = new ArrayList<>(sources);
        all.addAll(targets);
        all.sort(Comparator.comparingInt(RegistryEntry::line).thenComparingInt(RegistryEntry::column));
        Map<String, RegistryEntry> seen = new HashMap<>();
        for (RegistryEntry r : all) {
            RegistryEntry first = seen.putIfAbsent(r.name(), r);
            if (first == null) {
                continue;
            }
            boolean firstDefault = first.name().equals(RegistryEntry.defaultName(first.host(), first.repository()));
            boolean thisDefault = r.name().equals(RegistryEntry.defaultName(r.host(), r.repository()));
            if (firstDefault && thisDefault) {
                continue;
            }
            throw new ConfigException(name, r.line(), r.column(),
                    Text.of(firstDefault ? "settings.name_taken_default" : "settings.name_taken", r.name(), first.line(), first.column()),
                    Text.of("settings.name_taken_expected"), null);
        }
    }

    // ---------------------------------------------------------------- cache, dingtalk

    private CacheSettings cache(Node n) {
        if (isNull(n)) {
            return null;
        }
        if (n instanceof ScalarNode) {
            return bool(n, "cache", false) ? CacheSettings.DEFAULTS : null;
        }
        if (!(n instanceof MappingNode m)) {
            throw error(n, Text.of("settings.key_is", "cache", described(n)), Text.of("settings.cache_expected"));
        }
        Map<String, NodeTuple> e = entries(m, Text.verbatim("cache"));
        for (NodeTuple t : e.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!CACHE_KEYS.contains(k)) warnUnknown(t.getKeyNode(), "cache.", k, CACHE_KEYS);
        }
        String pathname = string(value(e, "pathname"), "pathname");
        int keepdays = integer(value(e, "keepdays"), "keepdays", 1, CacheSettings.DEFAULT_KEEPDAYS, "settings.whole_number_days_expected");
        long keepsize = CacheSettings.DEFAULT_KEEPSIZE;
        Node sizeNode = value(e, "keepsize");
        String size = sizeNode == null ? null : string(sizeNode, "keepsize");
        if (size != null) {
            try {
                keepsize = CacheSettings.parseSize(size);
            } catch (IllegalArgumentException ex) {
                Text why = Text.of(ex);
                throw error(sizeNode, "settings.size_empty".equals(why.key()) ? Text.of("settings.keepsize_empty") : Text.of("settings.keepsize_problem", why),
                        Text.of("settings.keepsize_expected"));
            }
        }
        return new CacheSettings(pathname == null ? CacheSettings.DEFAULT_PATHNAME : pathname, keepdays, keepsize);
    }

    private List<DingTalk> dingtalk(Node n) {
        if (isNull(n)) {
            return List.of();
        }
        List<Node> items;
        if (n instanceof SequenceNode seq) {
            items = seq.getValue();
        } else {
            throw error(n, Text.of("settings.dingtalk_not_a_list", described(n)), Text.of("settings.dingtalk_not_a_list_expected"));
        }
        List<DingTalk> out = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            Node item = items.get(index);
            if (!(item instanceof MappingNode m)) {
                throw error(item, Text.of("settings.dingtalk_entry", described(item)), Text.of("settings.dingtalk_entry_expected"));
            }
            Map<String, NodeTuple> e = entries(m, Text.verbatim("dingtalk"));
            for (NodeTuple t : e.values()) {
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                if (!DINGTALK_KEYS.contains(k)) warnUnknown(t.getKeyNode(), "dingtalk[" + index + "].", k, DINGTALK_KEYS);
            }
            String token = string(value(e, "token"), "token");
            String secret = string(value(e, "secret"), "secret");
            if (token == null && secret == null) {
                continue; // the sample's empty template
            }
            if (token == null) {
                throw error(m, Text.of("settings.dingtalk_no_token"), Text.of("settings.dingtalk_no_token_expected"));
            }
            String url = string(value(e, "url"), "url");
            if (url != null && !url.matches("https?://\\S+")) {
                throw error(value(e, "url"), Text.of("settings.dingtalk_url"), Text.of("settings.dingtalk_url_expected", DingTalk.DEFAULT_URL));
            }
            out.add(new DingTalk(token, secret, url));
        }
        return out;
    }

    private List<Webhook> webhooks(Node n) {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, Text.of("settings.notify_not_a_list", described(n)), Text.of("settings.notify_not_a_list_expected"));
        }
        List<Webhook> out = new ArrayList<>();
        for (int index = 0; index < seq.getValue().size(); index++) {
            Node item = seq.getValue().get(index);
            if (item instanceof ScalarNode) {
                item = null;
            }
            if (!(item instanceof MappingNode m)) {
                throw error(seq.getValue().get(index), Text.of("settings.notify_entry", described(seq.getValue().get(index))), Text.of("settings.notify_entry_expected"));
            }
            Map<String, NodeTuple> e = entries(m, Text.verbatim("notify"));
            for (NodeTuple t : e.values()) {
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                if (!NOTIFY_KEYS.contains(k)) warnUnknown(t.getKeyNode(), "notify[" + index + "].", k, NOTIFY_KEYS);
            }
            String url = string(value(e, "url"), "url");
            if (url == null || !url.matches("https?://\\S+")) {
                throw error(m, Text.of("settings.notify_no_url"), Text.of("settings.notify_no_url_expected"));
            }
            out.add(new Webhook(url, string(value(e, "secret"), "secret")));
        }
        return out;
    }

    // ---------------------------------------------------------------- extra

    private Object toJava(Node n, int depth, int[] budget) {
        if (--budget[0] < 0) {
            throw error(n, Text.of("settings.too_many_values"), Text.of("settings.at_most", MAX_EXTRA_NODES));
        }
        if (depth > MAX_DEPTH) {
            throw error(n, Text.of("settings.nest_too_deeply"), Text.of("settings.expected_levels", MAX_DEPTH));
        }
        if (n instanceof ScalarNode s) {
            return scalar(s);
        }
        if (n instanceof SequenceNode seq) {
            List<Object> list = new ArrayList<>();
            for (Node item : seq.getValue()) {
                list.add(toJava(item, depth + 1, budget));
            }
            return Collections.unmodifiableList(list);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> kv : entries((MappingNode) n, Text.of("settings.node_mapping")).entrySet()) {
            map.put(kv.getKey(), toJava(kv.getValue().getValueNode(), depth + 1, budget));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Object scalar(ScalarNode s) {
        String v = s.getValue();
        Tag tag = s.getTag();
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        if (Tag.BOOL.equals(tag)) {
            String l = v.toLowerCase(Locale.ROOT);
            return l.equals("true") || l.equals("yes") || l.equals("on");
        }
        if (Tag.INT.equals(tag) && WHOLE_NUMBER.matcher(v).matches()) {
            try {
                return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }
}
