package dev.ferry.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;

import java.util.List;

/**
 * The job's log, scrollable: it follows the newest line until the person scrolls up (arrows, Page Up/Down, the
 * mouse wheel), and follows again from End or when scrolled to the bottom.
 */
final class LogPane extends AbstractInteractableComponent<LogPane> {
    private List<String> lines = List.of();
    private int top;
    private boolean follow = true;
    private int height = 1;

    void show(List<String> newLines) {
        if (!newLines.equals(lines)) {
            lines = List.copyOf(newLines);
            invalidate();
        }
    }

    List<String> lines() {
        return lines;
    }

    /** The first line shown. */
    int top() {
        return follow ? Math.max(0, lines.size() - height) : top;
    }

    private void scroll(int by) {
        int max = Math.max(0, lines.size() - height);
        top = Math.max(0, Math.min(max, top() + by));
        follow = top >= max;
        invalidate();
    }

    @Override protected Result handleKeyStroke(KeyStroke key) {
        if (key instanceof MouseAction ma) {
            if (ma.getActionType() == MouseActionType.SCROLL_UP) scroll(-3);
            else if (ma.getActionType() == MouseActionType.SCROLL_DOWN) scroll(3);
            else return super.handleKeyStroke(key);
            return Result.HANDLED;
        }
        switch (key.getKeyType()) {
            case ArrowUp -> scroll(-1);
            case ArrowDown -> scroll(1);
            case PageUp -> scroll(-height + 1);
            case PageDown -> scroll(height - 1);
            case Home -> scroll(-lines.size());
            case End -> scroll(lines.size());
            default -> {
                return super.handleKeyStroke(key);
            }
        }
        return Result.HANDLED;
    }

    @Override protected InteractableRenderer<LogPane> createDefaultRenderer() {
        return new InteractableRenderer<>() {
            @Override public TerminalPosition getCursorLocation(LogPane pane) {
                return null;
            }

            @Override public TerminalSize getPreferredSize(LogPane pane) {
                return new TerminalSize(10, 3);
            }

            @Override public void drawComponent(TextGUIGraphics g, LogPane pane) {
                g.applyThemeStyle(pane.isFocused() ? pane.getThemeDefinition().getActive() : pane.getThemeDefinition().getNormal());
                g.fill(' ');
                pane.height = Math.max(1, g.getSize().getRows());
                int first = pane.top();
                int width = g.getSize().getColumns();
                for (int y = 0; y < pane.height && first + y < pane.lines.size(); y++) {
                    g.putString(0, y, TerminalTextUtils.fitString(pane.lines.get(first + y), width));
                }
                if (!pane.follow && width > 0) g.putString(width - 1, 0, "^");
            }
        };
    }
}
