package dev.ferry.config;

import dev.ferry.ref.Excerpt;
import dev.ferry.ref.Localized;
import dev.ferry.ref.Redaction;
import dev.ferry.ref.Text;

/**
 * A configuration file or image list that cannot be used. The message always says where, what is
 * wrong and what is expected:
 *
 * <pre>cfg.yaml:7:12: maxconn is -1; expected a whole number of 1 or more</pre>
 *
 * <p>Lines and columns are 1-based. When the position is unknown the message starts with the
 * source name alone ({@code cfg.yaml: ...}), or with {@code line N} when only the line is known
 * and the source has no name (an image list entry mapped on its own).
 */
public class ConfigException extends IllegalArgumentException implements Localized {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String problem;
    private final String expected;
    private final transient Text problemText;
    private final transient Text expectedText;

    /**
     * @param source   the file or stream the text came from, as shown to the user; may be {@code null}
     * @param line     1-based line, or 0 when unknown
     * @param column   1-based column, or 0 when unknown
     * @param problem  what is wrong, e.g. {@code maxconn is -1}
     * @param expected what would be right, e.g. {@code expected a whole number of 1 or more}; may be
     *                 {@code null}
     */
    public ConfigException(String source, int line, int column, String problem, String expected) {
        this(source, line, column, problem, expected, null);
    }

    public ConfigException(String source, int line, int column, String problem, String expected, Throwable cause) {
        this(source, line, column, Text.verbatim(problem), expected == null ? null : Text.verbatim(expected), cause);
    }

    /** {@code problem} and {@code expected} (may be null) as catalogue texts, written in the person's language by a face. */
    public ConfigException(String source, int line, int column, Text problem, Text expected, Throwable cause) {
        super(format(source, line, column, problem.english(), expected == null ? null : expected.english()), cause);
        this.source = source;
        this.line = Math.max(0, line);
        this.column = line > 0 ? Math.max(0, column) : 0;
        this.problem = problem.english();
        this.expected = expected == null ? null : expected.english();
        this.problemText = problem;
        this.expectedText = expected;
    }

    /** A problem with a whole file, as catalogue texts. */
    public ConfigException(String source, Text problem, Text expected) {
        this(source, 0, 0, problem, expected, null);
    }

    /** Where, what is wrong and what is expected, as {@link #getMessage()} says it, in the catalogue's words. */
    @Override public Text text() {
        Text p = problemText == null ? Text.verbatim(problem) : problemText.key() == null ? Text.verbatim(Excerpt.shorten(Redaction.redact(problem))) : problemText;
        Text e = expectedText == null || expected == null || expected.isEmpty() ? null : expectedText;
        Text where = source != null ? Text.verbatim(source + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : ""))
                : line > 0 ? (column > 0 ? Text.of("settings.where_line_column", line, column) : Text.of("settings.where_line", line)) : null;
        if (where == null) return e == null ? p : Text.of("settings.error_expected", p, e);
        return e == null ? Text.of("settings.error_at", where, p) : Text.of("settings.error_at_expected", where, p, e);
    }

    /** A problem with a whole file (not found, unreadable, no such registry name in it). */
    public ConfigException(String source, String problem, String expected) {
        this(source, 0, 0, problem, expected, null);
    }

    static String format(String source, int line, int column, String problem, String expected) {
        StringBuilder b = new StringBuilder();
        if (source != null) {
            b.append(source);
            if (line > 0) {
                b.append(':').append(line);
                if (column > 0) {
                    b.append(':').append(column);
                }
            }
            b.append(": ");
        } else if (line > 0) {
            b.append("line ").append(line);
            if (column > 0) {
                b.append(", column ").append(column);
            }
            b.append(": ");
        }
        b.append(Excerpt.shorten(Redaction.redact(problem)));
        if (expected != null && !expected.isEmpty()) {
            b.append("; ").append(expected);
        }
        return b.toString();
    }

    /** The same problem, reported against a named source ({@code img.lst}) when it had none. */
    public ConfigException withSource(String name) {
        if (source != null || name == null) {
            return this;
        }
        ConfigException e = new ConfigException(name, line, column, problemText != null ? problemText : Text.verbatim(problem),
                expectedText != null ? expectedText : expected == null ? null : Text.verbatim(expected), getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** The file or stream name, or {@code null}. */
    public String source() {
        return source;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** What is wrong, without position and expectation. */
    public String problem() {
        return problem;
    }

    /** What is wrong, without position and expectation, as a catalogue text (to be written in the person's language). */
    public Text problemText() {
        return problemText != null ? problemText : Text.verbatim(problem);
    }

    /** What would be right, or {@code null}. */
    public String expected() {
        return expected;
    }
}
