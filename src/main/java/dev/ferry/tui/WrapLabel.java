package dev.ferry.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.Label;

/**
 * A label for a text that may be longer than a row (a note, an error with its hint): wrapped at word boundaries to the
 * narrowest width the UI draws at (the frame shows a notice instead below 80 columns), so it fits however wide the
 * terminal is. Wrapped when set, not while drawn: a label that changes its size while it is drawn is not laid out
 * again.
 */
final class WrapLabel extends Label {
    static final int COLUMNS = 79;

    WrapLabel() {
        super("");
    }

    /** Shows {@code text}, wrapped. */
    void show(String text) {
        setText(text.isEmpty() ? "" : String.join("\n", TerminalTextUtils.getWordWrappedText(COLUMNS, text)));
    }
}
