package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Messages;

import java.util.List;
import java.util.Locale;

/**
 * The keys of the terminal UI in one place, so the window's footer, each screen's footer and the help screen name
 * them alike: the window's function keys (one per screen, and quit) and the keys of the browser and the settings.
 * The key names are the same in every language; what they do comes from the catalogue. A key's name also reads back
 * as the key stroke it stands for ({@link #parse}), so a click on a footer key presses it.
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

    /** The key stroke a footer key names (a click on it presses it); null for a name it does not know. */
    static KeyStroke parse(String key) {
        if (key.matches("F([1-9]|1[0-2])")) return new KeyStroke(KeyType.valueOf(key));
        if (key.matches("Ctrl-[A-Z]")) return new KeyStroke(Character.toLowerCase(key.charAt(5)), true, false);
        if (key.matches("\\^[A-Z]")) return new KeyStroke(Character.toLowerCase(key.charAt(1)), true, false);
        if (key.equals("Esc")) return new KeyStroke(KeyType.Escape);
        return null;
    }

    /** Whether {@code k} is the key {@code name} names. */
    static boolean is(KeyStroke k, String name) {
        KeyStroke want = parse(name);
        if (want == null || k == null) return false;
        if (want.getKeyType() == KeyType.Character) {
            return k.getKeyType() == KeyType.Character && k.isCtrlDown()
                    && Character.toLowerCase(k.getCharacter()) == want.getCharacter();
        }
        return k.getKeyType() == want.getKeyType();
    }

    /** Function keys and Ctrl combinations: the screen's and the window's keys, offered before the focused component sees them. */
    static boolean isCommand(KeyStroke k) {
        String t = k.getKeyType().name().toUpperCase(Locale.ROOT);
        return t.matches("F\\d+") || k.getKeyType() == KeyType.Character && k.isCtrlDown();
    }
}
