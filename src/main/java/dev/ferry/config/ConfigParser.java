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
            throw error(root, "the file holds " + describe(root) + " at the top level",
                    "expected a mapping of settings such as source:, target:, maxconn:");
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

        for (Map.Entry<String, NodeTuple> kv : entries(top, "the top level").entrySet()) {
            String key = kv.getKey();
            Node v = kv.getValue().getValueNode();
            switch (key) {
                case "source" -> sources = registries(v, key);
                case "target" -> targets = registries(v, key);
                case "maxconn" -> maxconn = integer(v, key, 1, maxconn, "");
                case "retries" -> retries = integer(v, key, 0, retries, "");
                case "interval" -> interval = integer(v, key, 1, interval, " (seconds)");
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
    private Map<String, NodeTuple> entries(MappingNode m, String where) {
        return entries(m, where, 0);
    }

    private Map<String, NodeTuple> entries(MappingNode m, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw error(m, "merge keys (<<) nest too deeply in " + where, "expected at most " + MAX_DEPTH + " levels");
        }
        Map<String, NodeTuple> own = new LinkedHashMap<>();
        List<Map<String, NodeTuple>> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (!(k instanceof ScalarNode sk)) {
                throw error(k, "a key in " + where + " is " + describe(k), "expected plain keys such as registry:");
            }
            if (Tag.MERGE.equals(k.getTag())) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode vm) {
                    merged.add(entries(vm, where, depth + 1));
                } else if (v instanceof SequenceNode vs) {
                    for (Node item : vs.getValue()) {
                        if (!(item instanceof MappingNode im)) {
                            throw error(item, "<< merges " + describe(item), "expected mappings (usually *aliases of mappings)");
                        }
                        merged.add(entries(im, where, depth + 1));
                    }
                } else {
                    throw error(v, "<< merges " + describe(v), "expected a mapping (usually an *alias of a mapping)");
                }
                continue;
            }
            String key = sk.getValue();
            NodeTuple previous = own.get(key);
            if (previous != null) {
                Mark first = previous.getKeyNode().getStartMark();
                throw error(k, "duplicate key \"" + key + "\" in " + where + " (first at line " + (first.getLine() + 1)
                        + ", column " + (first.getColumn() + 1) + ")", "expected each key once");
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

    private static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(n)) {
            return "nothing";
        }
        return "the value \"" + ((ScalarNode) n).getValue() + "\"";
    }

    private ConfigException error(Node n, String problem, String expected) {
        Mark m = n.getStartMark();
        return new ConfigException(name, m.getLine() + 1, m.getColumn() + 1, problem, expected);
    }

    /** {@link #describe(Node)} as a catalogue text. */
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

    private ConfigException error(Node n, int offset, String problem, String expected) {
        Mark m = n.getStartMark();
        return new ConfigException(name, m.getLine() + 1, m.getColumn() + 1 + offset, problem, expected);
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
            throw error(n, key + " is " + describe(n), "expected a single value, e.g. " + key + ": VALUE");
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
                    throw error(s, offset, key + " has \"${\" without a closing \"}\"",
                            "expected ${NAME} for an environment variable, or $${ for a literal ${");
                }
                String var = v.substring(i + 2, end);
                if (!VARIABLE.matcher(var).matches()) {
                    throw error(s, offset, key + " refers to \"${" + var + "}\", which is not a variable name",
                            "expected ${NAME} with NAME made of letters, digits and _, or $${ for a literal ${");
                }
                String value = env.get(var);
                if (value == null) {
                    throw error(s, offset, "environment variable " + var + " (used by " + key + ") is not set",
                            "expected it to be set, or the value written in the file ($${ for a literal ${)");
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

    private int integer(Node n, String key, int min, int dflt, String unit) {
        String expected = "expected a whole number of " + min + " or more" + unit + ", e.g. " + key + ": "
                + Math.max(min, dflt);
        String v = string(n, key);
        if (v == null) {
            return dflt;
        }
        String t = v.strip();
        if (!WHOLE_NUMBER.matcher(t).matches()) {
            throw error(n, key + " is \"" + v + "\", which is not a whole number", expected);
        }
        long value;
        try {
            value = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            throw error(n, key + " is " + t + ", which is far too large", expected);
        }
        if (value < min) {
            throw error(n, key + " is " + value + (value < 0 ? ", which is negative" : ""), expected);
        }
        if (value > Integer.MAX_VALUE) {
            throw error(n, key + " is " + value + ", which is far too large", expected);
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
                throw error(n, key + " is \"" + v + "\", which is not a boolean", "expected true or false");
        }
    }

    private String compressor(Node n) {
        String v = string(n, "compressor");
        if (v == null) {
            return null;
        }
        String c = v.strip().toLowerCase(Locale.ROOT);
        if (!FerryConfig.COMPRESSORS.contains(c)) {
            throw error(n, "compressor is \"" + v + "\", which ferry does not know",
                    "expected one of " + String.join(", ", FerryConfig.COMPRESSORS) + ", or no compressor: for the default");
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
        throw error(n, "lang is \"" + v + "\", a language ferry does not speak",
                "expected en_US or zh_CN (or en, zh), or no lang: to follow the environment");
    }

    // ---------------------------------------------------------------- registries

    private List<RegistryEntry> registries(Node n, String key) {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw error(n, key + " is " + describe(n) + ", not a list of registries",
                    "expected a list of entries, each starting with \"- registry: ADDRESS\"");
        }
        List<RegistryEntry> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            if (!(item instanceof MappingNode m)) {
                throw error(item, "an entry of " + key + " is " + describe(item) + ", not a registry",
                        "expected a mapping such as \"- registry: ADDRESS\" with optional user:, password:, name:");
            }
            out.add(registry(m, key, out.size()));
        }
        return out;
    }

    private RegistryEntry registry(MappingNode m, String list, int index) {
        String where = "a " + list + " registry";
        Map<String, NodeTuple> e = entries(m, where);
        for (NodeTuple t : e.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!REGISTRY_KEYS.contains(k)) warnUnknown(t.getKeyNode(), list + "[" + index + "].", k, REGISTRY_KEYS);
        }
        Node addressNode = value(e, "registry");
        String address = addressNode == null ? null : string(addressNode, "registry");
        if (address == null) {
            throw error(addressNode == null ? m : addressNode, where + " has no registry address",
                    "expected registry: HOST[:PORT], optionally after http:// or https://, e.g. registry: \"http://10.45.80.1\"");
        }
        Registries.Address a;
        try {
            a = Registries.parse(address);
        } catch (InvalidReferenceException ex) {
            throw error(addressNode, ex.getMessage(), "expected HOST[:PORT], optionally after http:// or https://");
        }
        if (!looksLikeRegistryHost(a.host())) {
            throw error(addressNode, "registry \"" + address + "\" is a bare name, which image references read as a"
                            + " repository on Docker Hub",
                    "expected a host with a '.' or a ':PORT' (registry.local, harbor:443), or localhost");
        }

        String repository = repository(value(e, "repository"));

        Node nameNode = value(e, "name");
        String explicitName = nameNode == null ? null : string(nameNode, "name");
        if (explicitName != null) {
            explicitName = explicitName.strip();
            for (int i = 0; i < explicitName.length(); i++) {
                char c = explicitName.charAt(i);
                if (Character.isWhitespace(c) || c == '/' || c == '@' || Character.isISOControl(c)) {
                    throw error(nameNode, "name \"" + explicitName + "\" contains " + (c == '/' || c == '@' ? "'" + c + "'" : "a space"),
                            "expected a short word such as nj or gz, without spaces, '/' or '@'");
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
                throw error(e.get("password_file").getKeyNode(), where + " has both password and password_file",
                        "expected only one of them");
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
                throw error(caNode, "ca file \"" + caText + "\" does not exist" + (Files.exists(ca) ? " as a file" : "")
                                + (Path.of(caText).isAbsolute() ? "" : " (looked for " + ca + ")"),
                        "expected a file of PEM certificates, relative to the directory of " + name);
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
    private boolean cleartextCredentials(Map<String, NodeTuple> e, String where, Registries.Address a, String address,
                                         String user, boolean insecure) {
        Node n = value(e, "cleartext_credentials");
        boolean cleartext = bool(n, "cleartext_credentials", false);
        if (cleartext && !insecure) {
            throw error(n, where + " has cleartext_credentials: true without insecure: true",
                    "expected insecure: true beside it (the two say that you trust the network), or no cleartext_credentials");
        }
        boolean hasUser = user != null && !user.isEmpty();
        if (hasUser && !cleartext && a.scheme() == Registries.Scheme.HTTP && !a.isLoopback()) {
            throw error(value(e, "registry"), "registry \"" + address + "\" is plain HTTP to a host not on this machine, so its user and"
                            + " password would travel in clear",
                    "expected https:// (or no scheme) for it; or, if you trust the network, insecure: true and cleartext_credentials: true");
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
        String expected = "expected a repository path such as yyyy or team/project (lowercase letters, digits, '.', '_', '-')";
        if (v.indexOf(':') >= 0 || v.indexOf('@') >= 0) {
            throw error(n, "repository \"" + v + "\" contains '" + (v.indexOf(':') >= 0 ? ':' : '@')
                    + "'; it replaces a path, not a tag or digest", expected);
        }
        try {
            ImageReference r = ImageReference.parse("localhost/" + v);
            if (!r.repository().equals(v)) {
                throw new InvalidReferenceException("repository", v, "not a repository path");
            }
        } catch (InvalidReferenceException ex) {
            throw error(n, "repository \"" + v + "\" is not valid: " + ex.reason(), expected);
        }
        return v;
    }

    private String readPassword(Node n, String pathText) {
        Path p = resolve(pathText);
        String shown = Path.of(pathText).isAbsolute() ? "" : " (looked for " + p + ")";
        try {
            String s = Files.readString(p, StandardCharsets.UTF_8);
            int end = s.length();
            while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
                end--;
            }
            s = s.substring(0, end);
            return s.isEmpty() ? null : s;
        } catch (NoSuchFileException ex) {
            throw error(n, "password_file \"" + pathText + "\" does not exist" + shown,
                    "expected a file holding the password, relative to the directory of " + name);
        } catch (IOException | RuntimeException ex) {
            throw error(n, "password_file \"" + pathText + "\" cannot be read: " + ex, 
                    "expected a readable UTF-8 file holding the password");
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
                    "registry name \"" + r.name() + "\" is already used by the registry at line " + first.line()
                            + ", column " + first.column() + (firstDefault ? " (its default name)" : ""),
                    "expected a different name: for each registry");
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
            throw error(n, "cache is " + describe(n), "expected a mapping with pathname:, keepdays:, keepsize:");
        }
        Map<String, NodeTuple> e = entries(m, "cache");
        for (NodeTuple t : e.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!CACHE_KEYS.contains(k)) warnUnknown(t.getKeyNode(), "cache.", k, CACHE_KEYS);
        }
        String pathname = string(value(e, "pathname"), "pathname");
        int keepdays = integer(value(e, "keepdays"), "keepdays", 1, CacheSettings.DEFAULT_KEEPDAYS, " (days)");
        long keepsize = CacheSettings.DEFAULT_KEEPSIZE;
        Node sizeNode = value(e, "keepsize");
        String size = sizeNode == null ? null : string(sizeNode, "keepsize");
        if (size != null) {
            try {
                keepsize = CacheSettings.parseSize(size);
            } catch (IllegalArgumentException ex) {
                throw error(sizeNode, "keepsize " + ex.getMessage().replaceFirst("^size ", ""),
                        "expected a number of GB (keepsize: 10), or a size with a unit: 500MB, 2GB, 1.5G, 10GiB");
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
            Map<String, NodeTuple> e = entries(m, "dingtalk");
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
            Map<String, NodeTuple> e = entries(m, "notify");
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
            throw error(n, "the file holds too many values", "expected at most " + MAX_EXTRA_NODES);
        }
        if (depth > MAX_DEPTH) {
            throw error(n, "values nest too deeply (or refer to themselves)", "expected at most " + MAX_DEPTH + " levels");
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
        for (Map.Entry<String, NodeTuple> kv : entries((MappingNode) n, "a mapping").entrySet()) {
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
