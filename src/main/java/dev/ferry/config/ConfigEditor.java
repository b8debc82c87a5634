package dev.ferry.config;

import dev.ferry.ref.Text;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Changes values in the text of a cfg.yaml and leaves every other byte as it was: comments, key order, quoting,
 * {@code ${NAME}} references, {@code password_file:} and keys ferry does not know. A value is found by its path
 * ({@code "maxconn"}, {@code "cache", "keepdays"}, {@code "target", "1", "user"}: a number picks an entry of a list)
 * and replaced where it is written; a key that is not there is added at the end of its mapping, with the mapping's
 * indentation (a missing {@code cache:} mapping is added too). Block style only: a value inside a flow mapping
 * ({@code {a: 1}}) is refused. The result is not checked: read it with {@link ConfigLoader#parse}.
 */
public final class ConfigEditor {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./:@+-]*");
    private static final Set<String> SPECIAL = Set.of("true", "false", "yes", "no", "on", "off", "null", "~", "y", "n");

    private final String bom;
    private String text;

    /** Edits {@code text}; a byte order mark in front and CRLF line ends stay (added lines end as the others do). */
    public ConfigEditor(String text) {
        String t = text == null ? "" : text;
        this.bom = t.startsWith("\uFEFF") ? "\uFEFF" : "";
        this.text = t.substring(bom.length());
    }

    /** The text with every change made so far. */
    public String text() {
        return bom + text;
    }

    /** The file's line end: CRLF when it uses them, else LF. */
    private String lines(String block) {
        return text.contains("\r\n") ? block.replace("\n", "\r\n") : block;
    }

    /** The value written at {@code path}, as written (unquoted, {@code ${NAME}} not replaced); null when there is none. */
    public String scalar(String... path) {
        Node n = find(compose(), path, path.length);
        return n instanceof ScalarNode s && !isNull(s) ? s.getValue() : null;
    }

    /** Whether {@code path} names a key that is written (with any value). */
    public boolean has(String... path) {
        Node parent = find(compose(), path, path.length - 1);
        return parent instanceof MappingNode m && tuple(m, path[path.length - 1]) != null;
    }

    /** Writes {@code value} at {@code path}; null (or empty) removes the key. */
    public ConfigEditor set(String value, String... path) {
        if (path.length == 0) throw new ConfigException(null, Text.of("settings.edit_no_key"), null);
        Node root = compose();
        boolean remove = value == null || value.isEmpty();
        if (root == null) {
            if (!remove) append(text.length(), path, 0, value, 0);
            return this;
        }
        Node node = root;
        for (int i = 0; i < path.length; i++) {
            String seg = path[i];
            boolean last = i == path.length - 1;
            if (node instanceof SequenceNode s) {
                int k = index(seg, s.getValue().size(), path);
                node = s.getValue().get(k);
                if (last) throw new ConfigException(null, Text.of("settings.edit_list_entry", String.join(".", path)), null);
                continue;
            }
            if (!(node instanceof MappingNode m)) throw new ConfigException(null, Text.of("settings.edit_not_in_mapping", String.join(".", path), seg), null);
            if (m.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                throw new ConfigException(null, Text.of("settings.edit_flow_mapping", String.join(".", path), "{...}"), null);
            }
            NodeTuple t = tuple(m, seg);
            if (t == null) {
                if (!remove) insert(m, path, i, value);
                return this;
            }
            Node v = t.getValueNode();
            if (last) {
                if (remove) removeTuple(t);
                else if (v instanceof ScalarNode sv) replaceScalar(sv, value);
                else throw new ConfigException(null, Text.of("settings.edit_not_a_value", String.join(".", path)), null);
                return this;
            }
            if (v instanceof ScalarNode sv && !(path[i + 1].chars().allMatch(Character::isDigit))) {
                if (remove) return this;
                // e.g. "cache: true" or "cache:" becomes a mapping holding the value
                int indent = t.getKeyNode().getStartMark().getColumn() + 2;
                String block = block(indent, path, i + 1, value);
                splice(sv.getStartMark().getIndex(), isNull(sv) ? sv.getStartMark().getIndex() : sv.getEndMark().getIndex(), lines(block));
                return this;
            }
            node = v;
        }
        return this;
    }

    // ------------------------------------------------------------------ finding

    private Node compose() {
        try {
            return new Yaml(YamlText.loaderOptions()).compose(new StringReader(text));
        } catch (RuntimeException e) {
            throw new ConfigException(null, 0, 0, Text.of("settings.edit_not_yaml", Text.of(e)), null, e);
        }
    }

    private static Node find(Node node, String[] path, int depth) {
        for (int i = 0; i < depth && node != null; i++) {
            if (node instanceof SequenceNode s) {
                if (!path[i].chars().allMatch(Character::isDigit) || path[i].isEmpty()) return null;
                int k = Integer.parseInt(path[i]);
                node = k < s.getValue().size() ? s.getValue().get(k) : null;
            } else if (node instanceof MappingNode m) {
                NodeTuple t = tuple(m, path[i]);
                node = t == null ? null : t.getValueNode();
            } else {
                return null;
            }
        }
        return node;
    }

    private static NodeTuple tuple(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) return t;
        }
        return null;
    }

    private static int index(String seg, int size, String[] path) {
        if (seg.isEmpty() || !seg.chars().allMatch(Character::isDigit) || Integer.parseInt(seg) >= size) {
            throw new ConfigException(null, Text.of("settings.edit_no_entry", String.join(".", path), seg), null);
        }
        return Integer.parseInt(seg);
    }

    private static boolean isNull(ScalarNode s) {
        return s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN && (s.getValue().isEmpty() || s.getValue().equals("~") || s.getValue().equals("null"));
    }

    // ------------------------------------------------------------------ writing

    private void replaceScalar(ScalarNode s, String value) {
        String written = s.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED ? quoted(value)
                : s.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED ? "'" + value.replace("'", "''") + "'"
                : scalar(value);
        int start = s.getStartMark().getIndex();
        int end = isNull(s) ? start : s.getEndMark().getIndex();
        splice(start, end, isNull(s) && start > 0 && text.charAt(start - 1) == ':' ? " " + written : written);
    }

    /** Adds {@code path[from..]} at the end of mapping {@code m}, indented as its keys are. */
    private void insert(MappingNode m, String[] path, int from, String value) {
        List<NodeTuple> tuples = m.getValue();
        if (tuples.isEmpty()) throw new ConfigException(null, Text.of("settings.edit_empty_mapping", String.join(".", path)), null);
        int indent = tuples.get(0).getKeyNode().getStartMark().getColumn();
        int end = tuples.get(tuples.size() - 1).getValueNode().getEndMark().getIndex();
        append(end, path, from, value, indent);
    }

    private void append(int after, String[] path, int from, String value, int indent) {
        String block = block(indent, path, from, value);
        int at;
        if (after > 0 && after <= text.length() && text.charAt(after - 1) == '\n') {
            at = after;
        } else {
            int nl = text.indexOf('\n', Math.max(0, Math.min(after, text.length())));
            at = nl < 0 ? text.length() : nl + 1;
            if (nl < 0 && !text.isEmpty()) block = "\n" + block;
        }
        splice(at, at, lines(block.startsWith("\n") ? block.substring(1) + "\n" : block + "\n"));
    }

    /** {@code key: value} lines for {@code path[from..]}, the first at {@code indent}, each deeper one two more; starts with a line break. */
    private static String block(int indent, String[] path, int from, String value) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < path.length; i++) {
            if (path[i].chars().allMatch(Character::isDigit)) throw new ConfigException(null, Text.of("settings.edit_no_entry", String.join(".", path), path[i]), null);
            b.append('\n').append(" ".repeat(indent + 2 * (i - from))).append(path[i]).append(':');
            if (i == path.length - 1) b.append(' ').append(scalar(value));
        }
        return b.toString();
    }

    private void removeTuple(NodeTuple t) {
        int start = text.lastIndexOf('\n', t.getKeyNode().getStartMark().getIndex() - 1) + 1;
        int valueEnd = t.getValueNode().getEndMark().getIndex();
        int nl = text.indexOf('\n', Math.max(valueEnd - 1, t.getKeyNode().getEndMark().getIndex()));
        int end = nl < 0 ? text.length() : nl + 1;
        if (!text.substring(start, t.getKeyNode().getStartMark().getIndex()).isBlank()) {
            throw new ConfigException(null, Text.of("settings.edit_shared_line", ((ScalarNode) t.getKeyNode()).getValue()), null);
        }
        splice(start, end, "");
    }

    private void splice(int start, int end, String with) {
        text = text.substring(0, start) + with + text.substring(end);
    }

    /** A value as YAML: plain when it reads back as the same text, else double-quoted. */
    static String scalar(String v) {
        return PLAIN.matcher(v).matches() && !SPECIAL.contains(v.toLowerCase(java.util.Locale.ROOT)) ? v : quoted(v);
    }

    private static String quoted(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
