package dev.ferry.config;

import dev.ferry.ref.Text;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading the nodes of one cfg.yaml: mappings with their merge keys, scalars as the text they are
 * with {@code ${NAME}} from the environment, whole numbers and booleans; every error a
 * {@link ConfigException} at the node's line and column, every unknown key a warning.
 */
final class CfgNodes {
    /** At most this many nodes are turned into Java values for {@link FerryConfig#extra()}. */
    static final int MAX_EXTRA_NODES = 100_000;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private final String name;
    private final Map<String, String> env;
    private final List<ConfigWarning> warnings = new ArrayList<>();

    /**
     * @param name the source name used in messages
     * @param env  environment variables for {@code ${NAME}}
     */
    CfgNodes(String name, Map<String, String> env) {
        this.name = name;
        this.env = env;
    }

    /** The warnings so far, in the order they were found. */
    List<ConfigWarning> warnings() {
        return warnings;
    }

    /**
     * The one rule for keys ferry does not know, wherever they are: a warning naming the key (with
     * where it is, e.g. {@code source[0].pasword}) and the known key it most likely meant; the
     * value is ignored (kept in {@link FerryConfig#extra()} at the top level), never shown.
     */
    void warnUnknown(Node keyNode, String prefix, String key, List<String> known) {
        Mark m = keyNode.getStartMark();
        warnings.add(new ConfigWarning(name, m.getLine() + 1, m.getColumn() + 1, prefix + key, Suggestions.closest(key, known), known));
    }

    /** {@link #warnUnknown} for each key of a mapping's entries that is not among {@code known}. */
    void warnUnknownKeys(Map<String, NodeTuple> e, String prefix, List<String> known) {
        for (NodeTuple t : e.values()) {
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (!known.contains(k)) warnUnknown(t.getKeyNode(), prefix, k, known);
        }
    }

    /**
     * The keys of a mapping in order, with YAML merge keys ({@code <<: *defaults}) applied: keys
     * written in the mapping win over merged ones, and earlier merged mappings over later ones.
     * Every key must be a scalar and appear once.
     */
    Map<String, NodeTuple> entries(MappingNode m, Text where) {
        return entries(m, where, 0);
    }

    private Map<String, NodeTuple> entries(MappingNode m, Text where, int depth) {
        if (depth > ConfigParser.MAX_DEPTH) {
            throw error(m, Text.of("settings.merge_too_deep", where), Text.of("settings.expected_levels", ConfigParser.MAX_DEPTH));
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

    static boolean isNull(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    /** What a node is, for a message: a mapping, a list, nothing, or the value "x". */
    static Text described(Node n) {
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

    ConfigException error(Node n, Text problem, Text expected) {
        Mark m = n.getStartMark();
        return new ConfigException(name, m.getLine() + 1, m.getColumn() + 1, problem, expected, null);
    }

    private ConfigException error(Node n, int offset, Text problem, Text expected) {
        Mark m = n.getStartMark();
        return new ConfigException(name, m.getLine() + 1, m.getColumn() + 1 + offset, problem, expected, null);
    }


    /**
     * The text of a scalar with {@code ${NAME}} substituted; {@code null} for an empty value
     * ({@code user:}, {@code ~}, {@code null}) or an empty string.
     */
    String string(Node n, String key) {
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

    int integer(Node n, String key, int min, int dflt, String expectedKey) {
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

    boolean bool(Node n, String key, boolean dflt) {
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

    /** The value of {@code key} in a mapping's entries; null when the key is not there. */
    static Node value(Map<String, NodeTuple> e, String key) {
        NodeTuple t = e.get(key);
        return t == null ? null : t.getValueNode();
    }

    // ---------------------------------------------------------------- extra

    /** A node as plain Java values (for {@link FerryConfig#extra()}), at most {@code budget[0]} nodes of them. */
    Object toJava(Node n, int depth, int[] budget) {
        if (--budget[0] < 0) {
            throw error(n, Text.of("settings.too_many_values"), Text.of("settings.at_most", MAX_EXTRA_NODES));
        }
        if (depth > ConfigParser.MAX_DEPTH) {
            throw error(n, Text.of("settings.nest_too_deeply"), Text.of("settings.expected_levels", ConfigParser.MAX_DEPTH));
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
