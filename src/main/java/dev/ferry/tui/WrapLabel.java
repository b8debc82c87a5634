package dev.ferry.tui;

import com.googlecode.lanterna.gui2.Container;
import com.googlecode.lanterna.gui2.Label;

/** A label that wraps its text at the width its container has (a long error, a note), however wide the terminal is. */
final class WrapLabel extends Label {
    WrapLabel() {
        super("");
    }

    @Override
    protected void onBeforeDrawing() {
        Container parent = getParent();
        int columns = parent == null ? 0 : parent.getSize().getColumns();
        Integer width = columns > 10 ? columns - 1 : null;
        if (width != null && !width.equals(getLabelWidth())) setLabelWidth(width); // laid out again on the next redraw
    }
}
