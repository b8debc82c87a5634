package dev.ferry.shell;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code sync --to gz <<EOF}: the lines after it, up to one that says {@code EOF}, are the command's standard input. */
final class Heredoc {
    private static final Pattern MARKER = Pattern.compile("\\s<<\\s*'?([A-Za-z_][A-Za-z0-9_]*)'?\\s*$");

    private Heredoc() {}

    /** The word that ends the input, or null when the line has no {@code <<WORD}. */
    static String marker(String line) {
        Matcher m = MARKER.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The line without its {@code <<WORD}. */
    static String strip(String line) {
        return MARKER.matcher(line).replaceFirst("");
    }
}
