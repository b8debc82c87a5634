package dev.ferry.config;

import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Variables in a docker-compose file as docker compose fills them in: {@code ${VAR}},
 * {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}} (unset), {@code ${VAR:?message}}
 * and {@code ${VAR?message}} (an error), {@code $VAR}, and {@code $$} for a dollar sign. Values come
 * from the environment, then from the {@code .env} file beside the compose file ({@code KEY=VALUE}
 * lines, {@code #} comments, optional quotes and {@code export}).
 */
public final class ComposeVariables {
    private final Map<String, String> values;

    private ComposeVariables(Map<String, String> values) {
        this.values = values;
    }

    /** The environment over the {@code .env} text (null: no such file). */
    public static ComposeVariables of(Map<String, String> env, String dotEnv) {
        Map<String, String> v = new LinkedHashMap<>(dotEnv == null ? Map.of() : parseDotEnv(dotEnv));
        v.putAll(env);
        return new ComposeVariables(v);
    }

    /** A {@code .env} file's variables. */
    static Map<String, String> parseDotEnv(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : text.split("\r\n|\r|\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring("export ".length()).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') && value.charAt(value.length() - 1) == value.charAt(0)) {
                value = value.substring(1, value.length() - 1);
            } else {
                int hash = value.indexOf(" #");
                if (hash >= 0) value = value.substring(0, hash).strip();
            }
            out.put(key, value);
        }
        return out;
    }

    /**
     * The text with its variables filled in.
     *
     * @throws IllegalArgumentException for {@code ${VAR:?message}} with VAR unset, or a {@code ${} not closed
     */
    public String interpolate(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                b.append(c);
                continue;
            }
            char n = s.charAt(i + 1);
            if (n == '$') {
                b.append('$');
                i++;
            } else if (n == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) throw new LocalizedArgumentException(Text.of("compose.variable_unclosed", "${", "}"));
                b.append(expression(s.substring(i + 2, close)));
                i = close;
            } else if (Character.isLetter(n) || n == '_') {
                int end = i + 1;
                while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) end++;
                b.append(values.getOrDefault(s.substring(i + 1, end), ""));
                i = end - 1;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String expression(String e) {
        int k = 0;
        while (k < e.length() && (Character.isLetterOrDigit(e.charAt(k)) || e.charAt(k) == '_')) k++;
        String name = e.substring(0, k);
        String rest = e.substring(k);
        String value = values.get(name);
        boolean empty = value == null || value.isEmpty();
        if (rest.isEmpty()) return value == null ? "" : value;
        if (rest.startsWith(":-")) return empty ? interpolate(rest.substring(2)) : value;
        if (rest.startsWith("-")) return value == null ? interpolate(rest.substring(1)) : value;
        if (rest.startsWith(":?") || rest.startsWith("?")) {
            boolean missing = rest.startsWith(":?") ? empty : value == null;
            if (missing) {
                String msg = rest.substring(rest.indexOf('?') + 1);
                throw new LocalizedArgumentException(msg.isBlank() ? Text.of("compose.variable_unset", name) : Text.of("compose.variable_unset_because", name, msg));
            }
            return value;
        }
        if (rest.startsWith(":+")) return empty ? "" : interpolate(rest.substring(2));
        if (rest.startsWith("+")) return value == null ? "" : interpolate(rest.substring(1));
        throw new LocalizedArgumentException(Text.of("compose.variable_unknown", "${" + e + "}"));
    }
}
