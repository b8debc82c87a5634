package dev.ferry.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.input.MouseAction;
import com.googlecode.lanterna.input.MouseActionType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The terminal UI on Lanterna's virtual terminal: keys in, the text at each place out. Bounded waits only. */
final class VirtualTui implements AutoCloseable {
    final DefaultVirtualTerminal terminal;
    final Workspace ws;
    final TuiApp app;

    VirtualTui(Session session, int columns, int rows) throws IOException {
        this(session, columns, rows, TuiApp.defaultScreens());
    }

    VirtualTui(Session session, int columns, int rows, List<java.util.function.Function<Workspace, TuiScreen>> screens) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        ws = new Workspace(session, Messages.english());
        app = new TuiApp(new TerminalScreen(terminal), ws, screens, null);
        app.start();
    }

    ReleaseScreen release() {
        return (ReleaseScreen) app.screens().get(0);
    }

    /** The screen's text, one string a row, trailing blanks kept (columns line up). */
    List<String> rows() {
        TerminalSize size = terminal.getTerminalSize();
        String[] out = new String[size.getRows()];
        for (int y = 0; y < size.getRows(); y++) {
            StringBuilder b = new StringBuilder();
            for (int x = 0; x < size.getColumns(); x++) {
                TextCharacter c = terminal.getCharacter(new TerminalPosition(x, y));
                b.append(c == null ? " " : c.getCharacterString());
            }
            out[y] = b.toString();
        }
        return List.of(out);
    }

    String screen() {
        return String.join("\n", rows());
    }

    /** Waits (15 s at most) until the screen shows what {@code test} looks for; returns it. */
    String await(String what, Predicate<String> test) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String s = screen();
        String before = null;
        // a redraw reaches the terminal row by row: only a screen that stays the same a moment is the whole of one
        while (!(test.test(s) && s.equals(before)) && System.nanoTime() < deadline) {
            before = s;
            Thread.sleep(40);
            s = screen();
        }
        assertTrue(test.test(s), "the screen never showed " + what + ":\n" + s + "\nfailures on the GUI thread: " + app.errors());
        assertEquals(List.of(), app.errors(), "nothing failed on the GUI thread");
        return s;
    }

    void type(String text) {
        for (char c : text.toCharArray()) {
            terminal.addInput(c == '\n' ? new KeyStroke(KeyType.Enter) : new KeyStroke(c, false, false));
        }
    }

    void key(KeyType k) {
        terminal.addInput(new KeyStroke(k));
    }

    void ctrl(char c) {
        terminal.addInput(new KeyStroke(c, true, false));
    }

    /** A click (press and release) at a column and row. */
    void click(int column, int row) {
        terminal.addInput(new MouseAction(MouseActionType.CLICK_DOWN, 1, new TerminalPosition(column, row)));
        terminal.addInput(new MouseAction(MouseActionType.CLICK_RELEASE, 1, new TerminalPosition(column, row)));
    }

    /** Where {@code text} first shows on the screen: {column, row}; null when nowhere. */
    int[] find(String text) {
        List<String> r = rows();
        for (int y = 0; y < r.size(); y++) {
            int x = r.get(y).indexOf(text);
            if (x >= 0) return new int[]{x, y};
        }
        return null;
    }

    /** Runs {@code r} on the GUI thread and waits for it (and the redraw after it). */
    void onGui(Runnable r) throws InterruptedException {
        app.gui().getGUIThread().invokeAndWait(r);
    }

    @Override public void close() throws IOException {
        app.close();
    }
}
