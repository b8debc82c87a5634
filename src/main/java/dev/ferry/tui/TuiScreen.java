package dev.ferry.tui;

import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.input.KeyStroke;

import java.util.List;

/**
 * One screen of the terminal UI (release, browser, settings, help): a component the main window shows while the
 * screen is chosen, and the keys the footer lists for it. Built once per UI, on the GUI thread; every method is
 * called on the GUI thread. What the screen shows and does lives in its presenter, not here.
 */
public interface TuiScreen {
    /** The screen's name in the header, in the workspace's current language. */
    String title();

    /** The component shown in the main window's body; the same object every time. */
    Component component();

    /** The keys this screen handles, for the footer (the window's own keys are added after them). */
    List<KeyHint> keys();

    /** The screen became the one shown: refresh what may have changed meanwhile (the release list, the language). */
    default void shown() {
    }

    /** A key the focused component did not take; true when the screen handled it. */
    default boolean onKey(KeyStroke key) {
        return false;
    }
}
