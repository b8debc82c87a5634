package dev.ferry.ref;

/**
 * Thrown when an image reference, or one of its parts (tag, digest, registry,
 * repository), is not valid.
 *
 * <p>The message always names what was being parsed, quotes the offending input
 * and says what is wrong with it, for example
 * {@code invalid image reference "Nginx": repository name must be lowercase}.
 * {@link #input()} and {@link #reason()} give the two halves separately.
 */
public class InvalidReferenceException extends IllegalArgumentException implements Localized {

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String input;
    private final String reason;
    private final transient Text reasonText;

    /**
     * An invalid image reference.
     *
     * @param input  the text that was parsed (may be {@code null})
     * @param reason what is wrong with it, in lower case without a trailing full stop
     */
    public InvalidReferenceException(String input, Text reason) {
        this("image reference", input, reason);
    }

    /**
     * An invalid value of some other kind.
     *
     * @param subject what was being parsed: {@code "tag"}, {@code "digest"}, {@code "registry"}, {@code "repository"}
     *                or {@code "image reference"}
     * @param input   the text that was parsed (may be {@code null})
     * @param reason  what is wrong with it, a catalogue text
     */
    public InvalidReferenceException(String subject, String input, Text reason) {
        super("invalid " + subject + " " + quote(input) + ": " + reason.english());
        this.subject = subject;
        this.input = input;
        this.reason = reason.english();
        this.reasonText = reason;
    }

    /** The whole message in the catalogue's words: {@code invalid registry "x": ...}. */
    @Override public Text text() {
        return Text.of("ref.invalid", subjectText(subject), quote(input), reasonText == null ? Text.verbatim(reason) : reasonText);
    }

    /** Why the input was rejected, as a catalogue text. */
    public Text reasonText() {
        return reasonText == null ? Text.verbatim(reason) : reasonText;
    }

    private static Text subjectText(String subject) {
        return switch (subject) {
            case "image reference" -> Text.of("ref.subject.image_reference");
            case "registry" -> Text.of("ref.subject.registry");
            case "repository" -> Text.of("ref.subject.repository");
            case "tag" -> Text.of("ref.subject.tag");
            case "digest" -> Text.of("ref.subject.digest");
            default -> Text.verbatim(subject);
        };
    }

    /** What was being parsed, e.g. {@code "image reference"} or {@code "registry"}. */
    public String subject() {
        return subject;
    }

    /** The rejected input exactly as given; {@code null} if {@code null} was given. */
    public String input() {
        return input;
    }

    /** Why the input was rejected, without the subject and input. */
    public String reason() {
        return reason;
    }

    /**
     * Quotes a value for an error message: surrounds it with double quotes, escapes quotes,
     * backslashes and control characters, takes out credentials ({@link Redaction}) and cuts
     * very long values ({@link Excerpt}).
     */
    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        String shown = Excerpt.of(Redaction.redact(s));
        StringBuilder b = new StringBuilder(shown.length() + 16).append('"');
        for (int i = 0; i < shown.length(); i++) {
            char c = shown.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.isWhitespace(c) && c != ' ') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
