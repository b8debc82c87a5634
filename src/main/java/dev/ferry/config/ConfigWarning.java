package dev.ferry.config;

import java.util.List;

/**
 * Something in a configuration file that ferry ignored but the person probably meant: a key it
 * does not know, wherever it is (at the top level, in a registry, cache: or dingtalk: entry). The
 * file is still used; a front end shows the warning ({@link #toString()} is the English text).
 *
 * @param source  the file, as in messages
 * @param line    1-based line of the key
 * @param column  1-based column of the key
 * @param key     where the key is and its name: {@code maxconnn}, {@code source[0].pasword}, {@code cache.keepday}
 * @param closest the known key it most likely meant, or null when none is near
 * @param known   the keys known where it is
 */
public record ConfigWarning(String source, int line, int column, String key, String closest, List<String> known) {
    public ConfigWarning {
        known = List.copyOf(known);
    }

    /** {@code FILE:LINE:COLUMN}. */
    public String where() {
        return ConfigException.format(source, line, column, "", null).replaceFirst(": $", "");
    }

    @Override public String toString() {
        return where() + ": unknown key \"" + key + "\", ignored; "
                + (closest != null ? "did you mean \"" + closest + "\"?" : "the keys known there: " + String.join(", ", known));
    }
}
