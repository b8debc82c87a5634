package dev.ferry.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.LayoutManager;

import java.util.List;

/**
 * Where the release screen's parts go, for any size from 80x22 up (the body of an 80x24 terminal):
 * <pre>
 * Source [nj      ] Target [gz      ] Parallel [5 ] Retries [2]   settings, one row
 * list editor (45%)   | each line: ok / why not, target name      40% of the rest
 * &lt;Verify&gt; &lt;Transmit&gt; &lt;Download&gt; &lt;Upload&gt; &lt;Stop&gt; &lt;Retry failed&gt;       one row
 * notice; counters; overall bar                                  three rows
 * one row per image: state, bar, bytes, speed                    half of what is left
 * log                                                            the other half
 * </pre>
 */
final class ReleaseLayout implements LayoutManager {
    /** The parts, by role; {@code settings} alternate label and field, {@code widths} the fields' (0: share the rest). */
    record Parts(List<Component> settings, int[] widths, Component editor, Component checks, List<Component> buttons,
                 Component status, Component images, Component log) {}

    static final int STATUS_ROWS = 3;

    private final Parts p;

    ReleaseLayout(Parts parts) {
        this.p = parts;
    }

    /** The editor's height at a body of {@code rows} rows. */
    static int editorRows(int rows) {
        return Math.max(3, (rows - 2 - STATUS_ROWS) * 2 / 5);
    }

    @Override public TerminalSize getPreferredSize(List<Component> components) {
        return new TerminalSize(FrameLayout.MIN_COLUMNS, FrameLayout.MIN_ROWS - 2);
    }

    @Override public void doLayout(TerminalSize area, List<Component> components) {
        int w = area.getColumns(), h = area.getRows();
        settingsRow(w);
        int e = editorRows(h);
        int ew = w * 45 / 100;
        place(p.editor(), 0, 1, ew, e);
        place(p.checks(), ew + 1, 1, w - ew - 1, e);
        int x = 0;
        for (Component b : p.buttons()) {
            int bw = b.getPreferredSize().getColumns();
            place(b, x, 1 + e, bw, 1);
            x += bw + 1;
        }
        place(p.status(), 0, 2 + e, w, STATUS_ROWS);
        int rest = Math.max(0, h - 2 - e - STATUS_ROWS);
        int images = rest / 2;
        place(p.images(), 0, 2 + e + STATUS_ROWS, w, images);
        place(p.log(), 0, 2 + e + STATUS_ROWS + images, w, rest - images);
    }

    private void settingsRow(int w) {
        List<Component> s = p.settings();
        int fixed = 0, shared = 0;
        for (int i = 0; i < s.size(); i += 2) {
            fixed += s.get(i).getPreferredSize().getColumns() + 1 + 1; // the label, a blank, a blank after the field
            if (p.widths()[i / 2] > 0) fixed += p.widths()[i / 2];
            else shared++;
        }
        int each = shared == 0 ? 0 : Math.max(6, (w - fixed) / shared);
        int x = 0;
        for (int i = 0; i < s.size(); i += 2) {
            int lw = s.get(i).getPreferredSize().getColumns();
            place(s.get(i), x, 0, lw, 1);
            x += lw + 1;
            int fw = p.widths()[i / 2] > 0 ? p.widths()[i / 2] : each;
            place(s.get(i + 1), x, 0, fw, 1);
            x += fw + 1;
        }
    }

    private static void place(Component c, int x, int y, int w, int h) {
        c.setPosition(new TerminalPosition(x, y));
        c.setSize(new TerminalSize(Math.max(0, w), Math.max(0, h)));
    }

    @Override public boolean hasChanged() {
        return false;
    }
}
