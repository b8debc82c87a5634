package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.Locale;

/** The keys of the footer as text ({@code F5}, {@code Ctrl-R} or {@code ^R}, {@code Esc}) and as the key strokes they stand for. */
final class Keys {
    private Keys() {}

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
