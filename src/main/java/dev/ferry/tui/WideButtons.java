package dev.ferry.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.graphics.ThemeDefinition;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.TextGUIGraphics;

/**
 * Buttons whose label may start with a Chinese character. Lanterna's button draws the label's first character (the
 * highlighted one) and then the rest one column further: a first character two columns wide is overwritten by the
 * second ("校验" came out as "< 验 >"). This renderer draws the rest after the first character's own width.
 */
final class WideButtons {
    private WideButtons() {}

    static Button of(String label, Runnable action) {
        Button b = new Button(label, action);
        b.setRenderer(new Renderer());
        return b;
    }

    static final class Renderer extends Button.DefaultButtonRenderer {
        @Override public void drawComponent(TextGUIGraphics graphics, Button button) {
            super.drawComponent(graphics, button);
            String label = button.getLabel();
            if (label.isEmpty()) return;
            int first = label.codePointAt(0);
            int firstWidth = TerminalTextUtils.getColumnWidth(new String(Character.toChars(first)));
            if (firstWidth < 2) return; // lanterna's own drawing is right
            ThemeDefinition theme = button.getThemeDefinition();
            int columns = graphics.getSize().getColumns();
            int labelWidth = TerminalTextUtils.getColumnWidth(label);
            int shift = columns - 2 > labelWidth ? (columns - 2 - labelWidth) / 2 : 0;
            graphics.applyThemeStyle(button.isFocused() ? theme.getActive() : theme.getPreLight());
            graphics.putString(1 + shift, 0, new String(Character.toChars(first)));
            graphics.applyThemeStyle(button.isFocused() ? theme.getSelected() : theme.getNormal());
            graphics.putString(1 + shift + firstWidth, 0, label.substring(Character.charCount(first)));
        }
    }
}
