package dev.ferry.ref;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.function.Function;

/**
 * A text for a person, not yet in a language: a key of the catalogue ({@code dev/ferry/messages*.properties}) and
 * its arguments, or a text that is not ours and stays as it came (what a registry or the system said). Any layer can
 * make one — an exception that implements {@link Localized} carries it — and a face writes it in the person's
 * language ({@code app.Messages#text}); {@link #english()} writes it in English, for logs and {@code getMessage()}.
 *
 * <p>Arguments that are texts are written in the same language. Numbers come out as Java writes them (no digit
 * grouping); every other argument as its string, with credentials taken out ({@link Redaction}) and cut to a readable
 * length ({@link Excerpt}). Immutable.
 */
public final class Text {
    private static final String BUNDLE = "dev.ferry.messages";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String key;
    private final String verbatim;
    private final Object[] args;

    private Text(String key, String verbatim, Object[] args) {
        this.key = key;
        this.verbatim = verbatim;
        this.args = args;
    }

    /** The catalogue's text {@code key} with {@code args} (strings, numbers, other texts). */
    public static Text of(String key, Object... args) {
        return new Text(java.util.Objects.requireNonNull(key, "key"), null, args.clone());
    }

    /** A text that is not ours (a server's message, a name): the same in every language. */
    public static Text verbatim(String text) {
        return new Text(null, text == null ? "" : text, new Object[0]);
    }

    /**
     * What {@code failure} says to a person: the text of the first {@link Localized} in its cause chain, looking
     * through wrappers that add nothing (no message of their own, or their cause's), else its message as it came (its
     * class name when it has none).
     */
    public static Text of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 20; depth++) {
            if (t instanceof Localized l && l.text() != null) return l.text();
            Throwable c = t.getCause();
            if (c == null || c == t || !addsNothing(t, c)) break;
            t = c;
        }
        String m = t.getMessage();
        return verbatim(m == null || m.isBlank() ? t.getClass().getSimpleName() : m);
    }

    private static boolean addsNothing(Throwable wrapper, Throwable cause) {
        String m = wrapper.getMessage();
        return m == null || m.equals(cause.getMessage()) || m.equals(cause.toString());
    }

    /** The key, or null for a verbatim text. */
    public String key() { return key; }

    public List<Object> args() { return Arrays.asList(args.clone()); }

    /**
     * This text written with {@code patterns} (a key's pattern, null when the catalogue lacks it) in {@code locale}.
     * A key without a pattern gives {@code !key!} and the arguments, so a run never fails over a text.
     */
    public String render(Function<String, String> patterns, Locale locale) {
        if (key == null) return verbatim;
        Object[] plain = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof Text t) plain[i] = t.render(patterns, locale);
            else if (a instanceof Number n) plain[i] = String.valueOf(n);
            else if (a != null) plain[i] = Excerpt.shorten(Redaction.redact(a.toString()));
        }
        String pattern = patterns.apply(key);
        if (pattern == null) return "!" + key + "!" + (args.length == 0 ? "" : " " + Arrays.toString(plain));
        try {
            return new MessageFormat(pattern, locale).format(plain);
        } catch (IllegalArgumentException e) {
            return pattern + (args.length == 0 ? "" : " " + Arrays.toString(plain));
        }
    }

    /** The pattern of {@code key} in {@code bundle}, or null. */
    public static String pattern(ResourceBundle bundle, String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /** In English (the base catalogue). */
    public String english() {
        return render(k -> pattern(English.BUNDLE, k), Locale.US);
    }

    @Override public String toString() {
        return english();
    }

    private static final class English {
        static final ResourceBundle BUNDLE = ResourceBundle.getBundle(Text.BUNDLE, Locale.ROOT, Text.class.getClassLoader(), NO_FALLBACK);
    }
}
