package dev.ferry.config;

import dev.ferry.ref.Text;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.ferry.config.CfgNodes.described;
import static dev.ferry.config.CfgNodes.isNull;
import static dev.ferry.config.CfgNodes.value;

/**
 * Reads cfg.yaml text into a {@link FerryConfig}. Works on SnakeYAML's node tree only
 * ({@link Yaml#compose}): no object is ever constructed from a YAML tag, every scalar is read as the
 * text it is (so {@code password: 0123} stays {@code "0123"}), and every node keeps its position
 * for messages.
 *
 * <p>This class reads the top level and its small sections ({@code cache:}, {@code dingtalk:},
 * {@code notify:}); {@link RegistryEntryReader} reads {@code source:} and {@code target:}, and
 * {@link CfgNodes} the nodes themselves (merge keys, {@code ${NAME}}, numbers, booleans, errors
 * at their line and column).
 */
final class ConfigParser {

    /** At most this many aliases of collections (billion laughs). */
    static final int MAX_ALIASES = 50;
    static final int MAX_DEPTH = 50;

    /** The keys each place knows, in the order they are documented (cfg.yaml.example). */
    private static final List<String> TOP_KEYS = List.of("source", "target", "maxconn", "retries", "singlefile", "dockerfile",
            "compressor", "lang", "cache", "outprefix", "interval", "dingtalk", "skiptlsverify", "notify", "referrers");
    private static final List<String> CACHE_KEYS = List.of("pathname", "keepdays", "keepsize");
    private static final List<String> DINGTALK_KEYS = List.of("token", "secret", "url");
    private static final List<String> NOTIFY_KEYS = List.of("url", "secret");

    private final String name;
    private final Path file;
    private final CfgNodes nodes;
    private final RegistryEntryReader registries;

    /**
     * @param name    the source name used in messages
     * @param file    the file, kept in {@link FerryConfig#file()}; may be {@code null}
     * @param baseDir the directory relative {@code password_file:} and {@code ca:} paths are read from
     * @param env     environment variables for {@code ${NAME}}
     */
    ConfigParser(String name, Path file, Path baseDir, Map<String, String> env) {
        this.name = name;
        this.file = file;
        this.nodes = new CfgNodes(name, env == null ? Map.of() : env);
        this.registries = new RegistryEntryReader(nodes, name, baseDir);
    }

    FerryConfig parse(String text) {
        Node root = compose(text);
        if (root == null || isNull(root)) {
            return withFile(FerryConfig.empty());
        }
        if (!(root instanceof MappingNode top)) {
            throw nodes.error(root, Text.of("settings.top_level", described(root)), Text.of("settings.top_level_expected"));
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
        int[] budget = {CfgNodes.MAX_EXTRA_NODES};

        for (Map.Entry<String, NodeTuple> kv : nodes.entries(top, Text.of("settings.where_top")).entrySet()) {
            String key = kv.getKey();
            Node v = kv.getValue().getValueNode();
            switch (key) {
                case "source" -> sources = registries.list(v, key);
                case "target" -> targets = registries.list(v, key);
                case "maxconn" -> maxconn = nodes.integer(v, key, 1, maxconn, "settings.whole_number_expected");
                case "retries" -> retries = nodes.integer(v, key, 0, retries, "settings.whole_number_expected");
                case "interval" -> interval = nodes.integer(v, key, 1, interval, "settings.whole_number_seconds_expected");
                case "singlefile" -> singlefile = nodes.bool(v, key, false);
                case "referrers" -> extra.put(key, nodes.bool(v, key, false)); // read through FerryConfig.referrers()
                case "dockerfile" -> dockerfile = nodes.bool(v, key, false);
                case "skiptlsverify" -> skiptlsverify = nodes.bool(v, key, false);
                case "compressor" -> compressor = compressor(v);
                case "lang" -> lang = lang(v);
                case "outprefix" -> outprefix = nodes.string(v, key);
                case "cache" -> cache = cache(v);
                case "dingtalk" -> dingtalk = dingtalk(v);
                case "notify" -> notify = webhooks(v);
                default -> {
                    nodes.warnUnknown(kv.getValue().getKeyNode(), "", key, TOP_KEYS);
                    extra.put(key, nodes.toJava(v, 0, budget));
                }
            }
        }
        registries.checkNames(sources, targets);
        return new FerryConfig(sources, targets, maxconn, retries, singlefile, dockerfile, compressor, lang, cache,
                outprefix, interval, dingtalk, skiptlsverify, file, extra, nodes.warnings(), notify);
    }

    private FerryConfig withFile(FerryConfig c) {
        return new FerryConfig(c.sources(), c.targets(), c.maxconn(), c.retries(), c.singlefile(), c.dockerfile(),
                c.compressor(), c.lang(), c.cache(), c.outprefix(), c.interval(), c.dingtalk(), c.skiptlsverify(), file,
                c.extra(), c.warnings(), c.webhooks());
    }

    private Node compose(String text) {
        return YamlText.compose(text, name);
    }

    // ---------------------------------------------------------------- scalars with a meaning

    private String compressor(Node n) {
        String v = nodes.string(n, "compressor");
        if (v == null) {
            return null;
        }
        String c = v.strip().toLowerCase(Locale.ROOT);
        if (!FerryConfig.COMPRESSORS.contains(c)) {
            throw nodes.error(n, Text.of("settings.compressor_unknown", v),
                    Text.of("settings.compressor_expected", String.join(", ", FerryConfig.COMPRESSORS)));
        }
        return c;
    }

    private String lang(Node n) {
        String v = nodes.string(n, "lang");
        if (v == null) {
            return null;
        }
        String l = FerryConfig.language(v);
        if (l != null) {
            return l;
        }
        throw nodes.error(n, Text.of("settings.lang_unknown", v), Text.of("settings.lang_expected"));
    }

    // ---------------------------------------------------------------- cache, dingtalk, notify

    private CacheSettings cache(Node n) {
        if (isNull(n)) {
            return null;
        }
        if (n instanceof ScalarNode) {
            return nodes.bool(n, "cache", false) ? CacheSettings.DEFAULTS : null;
        }
        if (!(n instanceof MappingNode m)) {
            throw nodes.error(n, Text.of("settings.key_is", "cache", described(n)), Text.of("settings.cache_expected"));
        }
        Map<String, NodeTuple> e = nodes.entries(m, Text.verbatim("cache"));
        nodes.warnUnknownKeys(e, "cache.", CACHE_KEYS);
        String pathname = nodes.string(value(e, "pathname"), "pathname");
        int keepdays = nodes.integer(value(e, "keepdays"), "keepdays", 1, CacheSettings.DEFAULT_KEEPDAYS, "settings.whole_number_days_expected");
        long keepsize = CacheSettings.DEFAULT_KEEPSIZE;
        Node sizeNode = value(e, "keepsize");
        String size = sizeNode == null ? null : nodes.string(sizeNode, "keepsize");
        if (size != null) {
            try {
                keepsize = CacheSettings.parseSize(size);
            } catch (IllegalArgumentException ex) {
                Text why = Text.of(ex);
                throw nodes.error(sizeNode, "settings.size_empty".equals(why.key()) ? Text.of("settings.keepsize_empty") : Text.of("settings.keepsize_problem", why),
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
            throw nodes.error(n, Text.of("settings.dingtalk_not_a_list", described(n)), Text.of("settings.dingtalk_not_a_list_expected"));
        }
        List<DingTalk> out = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            Node item = items.get(index);
            if (!(item instanceof MappingNode m)) {
                throw nodes.error(item, Text.of("settings.dingtalk_entry", described(item)), Text.of("settings.dingtalk_entry_expected"));
            }
            Map<String, NodeTuple> e = nodes.entries(m, Text.verbatim("dingtalk"));
            nodes.warnUnknownKeys(e, "dingtalk[" + index + "].", DINGTALK_KEYS);
            String token = nodes.string(value(e, "token"), "token");
            String secret = nodes.string(value(e, "secret"), "secret");
            if (token == null && secret == null) {
                continue; // the sample's empty template
            }
            if (token == null) {
                throw nodes.error(m, Text.of("settings.dingtalk_no_token"), Text.of("settings.dingtalk_no_token_expected"));
            }
            String url = nodes.string(value(e, "url"), "url");
            if (url != null && !url.matches("https?://\\S+")) {
                throw nodes.error(value(e, "url"), Text.of("settings.dingtalk_url"), Text.of("settings.dingtalk_url_expected", DingTalk.DEFAULT_URL));
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
            throw nodes.error(n, Text.of("settings.notify_not_a_list", described(n)), Text.of("settings.notify_not_a_list_expected"));
        }
        List<Webhook> out = new ArrayList<>();
        for (int index = 0; index < seq.getValue().size(); index++) {
            Node item = seq.getValue().get(index);
            if (item instanceof ScalarNode) {
                item = null;
            }
            if (!(item instanceof MappingNode m)) {
                throw nodes.error(seq.getValue().get(index), Text.of("settings.notify_entry", described(seq.getValue().get(index))), Text.of("settings.notify_entry_expected"));
            }
            Map<String, NodeTuple> e = nodes.entries(m, Text.verbatim("notify"));
            nodes.warnUnknownKeys(e, "notify[" + index + "].", NOTIFY_KEYS);
            String url = nodes.string(value(e, "url"), "url");
            if (url == null || !url.matches("https?://\\S+")) {
                throw nodes.error(m, Text.of("settings.notify_no_url"), Text.of("settings.notify_no_url_expected"));
            }
            out.add(new Webhook(url, nodes.string(value(e, "secret"), "secret")));
        }
        return out;
    }
}
