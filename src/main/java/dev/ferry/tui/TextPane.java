package dev.ferry.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Rows of coloured text, drawn as given and cut at the edge: the header, the footer, the line checks, the progress
 * rows. What to show is set from the GUI thread ({@link #show}); {@code content} may instead draw from the size it is
 * given (the "too small" notice says the size it has).
 */
final class TextPane extends AbstractComponent<TextPane> {
    /** A run of text in one style; a null colour is the theme's. */
    record Span(String text, TextColor fg, TextColor bg, boolean bold) {
        static Span plain(String text) {
            return new Span(text, null, null, false);
        }

        static Span colour(String text, TextColor fg) {
            return new Span(text, fg, null, false);
        }

        static Span inverse(String text) {
            return new Span(text, TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, true);
        }
    }

    /** One row. */
    record Row(List<Span> spans) {
        static Row of(Span... spans) {
            return new Row(List.of(spans));
        }

        static Row plain(String text) {
            return of(Span.plain(text));
        }

        String text() {
            StringBuilder b = new StringBuilder();
            for (Span s : spans) b.append(s.text());
            return b.toString();
        }
    }

    private List<Row> rows = List.of();
    private Function<TerminalSize, List<Row>> content;
    private TextColor background;

    TextPane() {
    }

    /** Rows made at drawing time from the size the pane has. */
    TextPane(Function<TerminalSize, List<Row>> content) {
        this.content = content;
    }

    TextPane background(TextColor bg) {
        this.background = bg;
        return this;
    }

    /** Shows {@code rows} from the next redraw on (nothing is redrawn when they are the same). */
    void show(List<Row> newRows) {
        if (!Objects.equals(rows, newRows)) {
            rows = List.copyOf(newRows);
            invalidate();
        }
    }

    List<Row> rows() {
        return rows;
    }

    @Override protected ComponentRenderer<TextPane> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override public TerminalSize getPreferredSize(TextPane pane) {
                int w = 1;
                for (Row r : pane.rows) w = Math.max(w, TerminalTextUtils.getColumnWidth(r.text()));
                return new TerminalSize(w, Math.max(1, pane.rows.size()));
            }

            @Override public void drawComponent(TextGUIGraphics g, TextPane pane) {
                g.applyThemeStyle(pane.getThemeDefinition().getNormal());
                if (pane.background != null) g.setBackgroundColor(pane.background);
                TextColor fg0 = g.getForegroundColor(), bg0 = g.getBackgroundColor();
                g.fill(' ');
                List<Row> draw = pane.content != null ? pane.content.apply(g.getSize()) : pane.rows;
                int width = g.getSize().getColumns();
                for (int y = 0; y < draw.size() && y < g.getSize().getRows(); y++) {
                    int x = 0;
                    for (Span s : draw.get(y).spans()) {
                        if (x >= width) break;
                        g.setForegroundColor(s.fg() != null ? s.fg() : fg0);
                        g.setBackgroundColor(s.bg() != null ? s.bg() : bg0);
                        String text = TerminalTextUtils.fitString(s.text(), width - x);
                        if (s.bold()) g.putString(x, y, text, SGR.BOLD);
                        else g.putString(x, y, text);
                        x += TerminalTextUtils.getColumnWidth(text);
                    }
                }
            }
        };
    }
}
