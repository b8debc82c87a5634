package dev.ferry.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.LayoutManager;

import java.util.List;

/**
 * The main window's rows: the header on the first, the footer on the last, the current screen between them; below
 * {@link #MIN_COLUMNS}x{@link #MIN_ROWS} only the notice that says so, so nothing is drawn cut or overlapping.
 */
final class FrameLayout implements LayoutManager {
    static final int MIN_COLUMNS = 80;
    static final int MIN_ROWS = 24;

    private final Component header, body, footer, tooSmall;

    FrameLayout(Component header, Component body, Component footer, Component tooSmall) {
        this.header = header;
        this.body = body;
        this.footer = footer;
        this.tooSmall = tooSmall;
    }

    static boolean fits(TerminalSize s) {
        return s.getColumns() >= MIN_COLUMNS && s.getRows() >= MIN_ROWS;
    }

    @Override public TerminalSize getPreferredSize(List<Component> components) {
        return new TerminalSize(MIN_COLUMNS, MIN_ROWS);
    }

    @Override public void doLayout(TerminalSize area, List<Component> components) {
        boolean fits = fits(area);
        place(tooSmall, 0, 0, fits ? TerminalSize.ZERO : area);
        place(header, 0, 0, fits ? new TerminalSize(area.getColumns(), 1) : TerminalSize.ZERO);
        place(body, 0, 1, fits ? new TerminalSize(area.getColumns(), area.getRows() - 2) : TerminalSize.ZERO);
        place(footer, 0, area.getRows() - 1, fits ? new TerminalSize(area.getColumns(), 1) : TerminalSize.ZERO);
    }

    private static void place(Component c, int x, int y, TerminalSize size) {
        c.setPosition(new TerminalPosition(x, size.equals(TerminalSize.ZERO) ? 0 : y));
        c.setSize(size);
    }

    @Override public boolean hasChanged() {
        return false;
    }
}
