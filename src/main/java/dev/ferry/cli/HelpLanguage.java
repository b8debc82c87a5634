package dev.ferry.cli;

import picocli.CommandLine;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The language of the help: the English stays in the commands' annotations; other languages come from the picocli
 * resource bundle {@code dev/ferry/cli/help_LANG.properties} (keys as picocli looks them up: {@code ferry.sync.usage.description.0},
 * an option's longest name without dashes, {@code LIST[0]} for a positional). A language without one is English.
 */
final class HelpLanguage {
    static final String BUNDLE = "dev.ferry.cli.help";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private HelpLanguage() {}

    /** The help bundle of {@code locale} (plain {@code zh} is zh_CN), or null for English or a language without one. */
    static ResourceBundle bundle(Locale locale) {
        if (locale == null || locale.getLanguage().equals("en")) return null;
        Locale l = locale.getLanguage().equals("zh") && locale.getCountry().isEmpty() ? Locale.SIMPLIFIED_CHINESE : locale;
        try {
            ResourceBundle b = ResourceBundle.getBundle(BUNDLE, l, HelpLanguage.class.getClassLoader(), NO_FALLBACK);
            return b.getLocale().equals(Locale.ROOT) ? null : b;
        } catch (MissingResourceException e) {
            return null;
        }
    }

    /** Makes the help of {@code root} and all its subcommands speak {@code locale} (English: the annotations). */
    static void apply(CommandLine root, Locale locale) {
        ResourceBundle b = bundle(locale);
        if (b != null || root.getResourceBundle() != null) root.setResourceBundle(b);
    }
}
