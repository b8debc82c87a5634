package dev.ferry.tui;

import dev.ferry.app.Messages;

import java.util.List;

/**
 * The keys of the terminal UI in one place, so the window's footer, each screen's footer and the help screen name
 * them alike: the window's function keys (one per screen, and quit) and the keys of the browser and the settings.
 * The key names are the same in every language; what they do comes from the catalogue.
 */
public final class Keys {
    /** The window's keys: each shows one screen, or quits. */
    public static final String HELP = "F1";
    public static final String RELEASE = "F2";
    public static final String BROWSER = "F3";
    public static final String SETTINGS = "F4";
    public static final String QUIT = "F10";

    /** Keys a screen handles itself. */
    public static final String ENTER = "Enter";
    public static final String SPACE = "Space";
    public static final String ESC = "Esc";
    public static final String ADD = "F5";
    public static final String COMPARE = "F6";
    public static final String SAVE = "F5";
    public static final String LANGUAGE = "F6";
    public static final String REVERT = "F7";

    /** The catalogue keys of the screens' titles, for the header and the help screen. */
    public static final String RELEASE_TITLE = "tui.screen.release";
    public static final String BROWSER_TITLE = "tui.screen.browser";
    public static final String SETTINGS_TITLE = "tui.screen.settings";
    public static final String HELP_TITLE = "tui.screen.help";

    private Keys() {
    }

    /** The window's own keys, in the order the footer shows them after a screen's. */
    public static List<KeyHint> window(Messages m) {
        return List.of(
                new KeyHint(HELP, m.get("tui.key.help")),
                new KeyHint(RELEASE, m.get("tui.key.release")),
                new KeyHint(BROWSER, m.get("tui.key.browser")),
                new KeyHint(SETTINGS, m.get("tui.key.settings")),
                new KeyHint(QUIT, m.get("tui.key.quit")));
    }

    /** The registry browser's keys. */
    public static List<KeyHint> browser(Messages m) {
        return List.of(
                new KeyHint(ENTER, m.get("tui.key.browser.open")),
                new KeyHint(SPACE, m.get("tui.key.browser.mark")),
                new KeyHint(ADD, m.get("tui.key.browser.add")),
                new KeyHint(COMPARE, m.get("tui.key.browser.compare")),
                new KeyHint(ESC, m.get("tui.key.browser.back")));
    }

    /** The settings screen's keys. */
    public static List<KeyHint> settings(Messages m) {
        return List.of(
                new KeyHint(ENTER, m.get("tui.key.settings.edit")),
                new KeyHint(SAVE, m.get("tui.key.settings.save")),
                new KeyHint(LANGUAGE, m.get("tui.key.settings.language")),
                new KeyHint(REVERT, m.get("tui.key.settings.revert")));
    }

    /** The help screen's keys: it scrolls. */
    public static List<KeyHint> help(Messages m) {
        return List.of(new KeyHint("Up/Down PgUp/PgDn", m.get("tui.key.help.scroll")));
    }
}
