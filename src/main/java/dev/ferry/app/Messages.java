package dev.ferry.app;

import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;

import java.text.MessageFormat;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * The catalogue of every text a person reads, looked up by key: English in
 * {@code dev/ferry/messages.properties}, other languages beside it
 * ({@code messages_zh_CN.properties}), each a UTF-8 property file of {@link MessageFormat}
 * patterns. A key missing from a language falls back to English; a locale with no bundle at all
 * is English.
 *
 * <p>Patterns take plain placeholders only ({@code {0}}, never {@code {0,number}}): numbers are
 * written as Java writes them (12345, not 12,345), and sizes, durations and decimals are formatted
 * by the caller and passed as strings. A single quote in a pattern is written twice
 * ({@code doesn''t}), as MessageFormat wants.
 *
 * <p>Instances are immutable and may be shared between threads.
 */
public final class Messages {
    /** The base name of the bundle. */
    public static final String BUNDLE = "dev.ferry.messages";
    /** The language of the base bundle. */
    public static final Locale ENGLISH = Locale.US;

    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(ResourceBundle bundle) {
        this.bundle = bundle;
        this.locale = bundle.getLocale().equals(Locale.ROOT) ? ENGLISH : bundle.getLocale();
    }

    /** The English catalogue. */
    public static Messages english() {
        return English.INSTANCE;
    }

    /** The catalogue closest to {@code locale} (zh_CN, then zh; plain zh is zh_CN), else English. */
    public static Messages forLocale(Locale locale) {
        if (locale == null || locale.getLanguage().equals(ENGLISH.getLanguage())) return english();
        if (locale.getLanguage().equals("zh") && locale.getCountry().isEmpty()) locale = Locale.SIMPLIFIED_CHINESE; // LANG=zh
        ResourceBundle b = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(), NO_FALLBACK);
        return b.getLocale().equals(Locale.ROOT) ? english() : new Messages(b);
    }

    /**
     * The catalogue a person asked for: cfg.yaml's {@code lang} ({@code zh_CN}, {@code en_US}),
     * else {@code LC_ALL}, {@code LC_MESSAGES}, {@code LANG}; English when none names a language
     * or the one named has no bundle.
     *
     * @param cfgLang cfg.yaml's {@code lang}, or null when there is none
     */
    public static Messages fromEnvironment(String cfgLang, Map<String, String> env) {
        return forLocale(requestedLocale(cfgLang, env));
    }

    /** The locale asked for, as {@link #fromEnvironment} reads it, whether or not it has a bundle; null for none. */
    public static Locale requestedLocale(String cfgLang, Map<String, String> env) {
        Locale l = parseLocale(cfgLang);
        for (String name : new String[]{"LC_ALL", "LC_MESSAGES", "LANG"}) {
            if (l != null) return l;
            l = parseLocale(env.get(name));
        }
        return l;
    }

    /**
     * A POSIX locale name as a locale: {@code zh_CN.UTF-8}, {@code zh_CN}, {@code zh-CN},
     * {@code zh}, {@code de_DE@euro}; {@code C} and {@code POSIX} are English. Null for an unset or
     * empty value, or one that names no language (it is passed over, as the C library does).
     */
    public static Locale parseLocale(String name) {
        if (name == null) return null;
        String s = name.strip();
        int cut = indexOfAny(s, ".@");
        if (cut >= 0) s = s.substring(0, cut);
        if (s.isEmpty()) return null;
        if (s.equals("C") || s.equals("POSIX")) return ENGLISH;
        String[] parts = s.split("[_-]", 3);
        try {
            Locale.Builder b = new Locale.Builder().setLanguage(parts[0]);
            if (parts.length > 1) b.setRegion(parts[1]);
            return b.build();
        } catch (IllformedLocaleException e) {
            return null;
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) return i;
        }
        return -1;
    }

    /**
     * A language name as {@code --lang}, cfg.yaml's {@code lang} and the shell's {@code set lang} take it ({@code zh_CN},
     * {@code zh}, {@code en_US}, {@code en}, {@code zh_CN.UTF-8}, any case), normalised to {@code zh_CN} or
     * {@code en_US}; null for one ferry does not speak.
     */
    public static String supportedLanguage(String name) {
        return dev.ferry.config.FerryConfig.language(name);
    }

    /** The language of these texts (English when the one asked for has no bundle). */
    public Locale locale() {
        return locale;
    }

    /**
     * A count with its noun: the noun's key for one for 1, else its key for other numbers ("1 blob", "3 blobs"), so no
     * text says "1 layers"; a language without plural forms gives both keys the same pattern.
     */
    public String count(long n, Noun noun) {
        return get(n == 1 ? noun.one : noun.other, n);
    }

    /** The nouns counted in texts, with their keys for one and for any other number. */
    public enum Noun {
        IMAGE("unit.image.one", "unit.image.other"),
        BLOB("unit.blob.one", "unit.blob.other"),
        LAYER("unit.layer.one", "unit.layer.other"),
        LINE("unit.line.one", "unit.line.other"),
        BAD_LINE("unit.bad_line.one", "unit.bad_line.other"),
        ROUND("unit.round.one", "unit.round.other"),
        REPOSITORY("unit.repository.one", "unit.repository.other"),
        TAG("unit.tag.one", "unit.tag.other");

        private final String one;
        private final String other;

        Noun(String one, String other) {
            this.one = one;
            this.other = other;
        }
    }

    /**
     * The text of {@code key} with its placeholders filled. A key the catalogue lacks gives
     * {@code !key!} and the arguments, so a run never fails over a text (a test keeps every key
     * present). Numbers come out as {@link String#valueOf} writes them (MessageFormat would group
     * their digits by locale); every other value as its text, with credentials taken out and cut to
     * a readable length ({@link Text}): a message neither echoes a password nor buries itself
     * under a 2 MB value.
     */
    public String get(String key, Object... args) {
        return text(Text.of(key, args));
    }

    /** {@code text} in this language: its arguments that are texts too. */
    public String text(Text text) {
        return text.render(k -> Text.pattern(bundle, k), locale);
    }

    /** What {@code failure} says to a person, in this language ({@link Text#of(Throwable)}). */
    public String failure(Throwable failure) {
        return text(Text.of(failure));
    }

    /** The short title of an error kind, e.g. "not found". */
    public String title(ErrorKind kind) {
        return get(kind.messageKey());
    }

    /** What to try about an error kind. */
    public String hint(ErrorKind kind) {
        return get(kind.hintKey());
    }

    @Override public String toString() {
        return "Messages[" + locale + "]";
    }

    private static final class English {
        static final Messages INSTANCE = new Messages(ResourceBundle.getBundle(BUNDLE, Locale.ROOT, Messages.class.getClassLoader(), NO_FALLBACK));
    }
}
