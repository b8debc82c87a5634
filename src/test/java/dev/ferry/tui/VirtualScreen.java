package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A test's stand-in for the frame: one screen's component in a full-screen window on Lanterna's virtual terminal,
 * keys the component leaves going to the screen's {@code onKey} as the frame sends them. The GUI thread is the
 * test's own ({@link SameTextGUIThread}): {@link #pump} handles the keys typed and what the presenter posted.
 */
final class VirtualScreen implements AutoCloseable {
    final DefaultVirtualTerminal terminal;
    final TerminalScreen screen;
    final MultiWindowTextGUI gui;
    final TuiScreen shown;

    VirtualScreen(int columns, int rows, java.util.function.Function<Workspace, TuiScreen> factory, Workspace ws) throws IOException {
        terminal = new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        screen = new TerminalScreen(terminal);
        screen.startScreen();
        gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen);
        shown = factory.apply(ws);
        BasicWindow w = new BasicWindow() {
            @Override public boolean handleInput(KeyStroke key) {
                return super.handleInput(key) || shown.onKey(key);
            }
        };
        w.setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        w.setComponent(shown.component());
        gui.addWindow(w);
        shown.shown();
        pump();
    }

    /** Handles every key typed and every task posted so far, then redraws. */
    void pump() throws IOException {
        gui.getGUIThread().processEventsAndUpdate();
        while (gui.getGUIThread().processEventsAndUpdate()) {
            // again, until nothing is left
        }
        gui.updateScreen();
        gui.updateScreen(); // a label that wrapped itself to its width is laid out again
    }

    void press(KeyType... keys) throws IOException {
        for (KeyType k : keys) terminal.addInput(new KeyStroke(k));
        pump();
    }

    void type(String text) throws IOException {
        for (char c : text.toCharArray()) terminal.addInput(new KeyStroke(c, false, false));
        pump();
    }

    /** Pumps until {@code test} holds for the screen's text, at most {@code timeout}. */
    String waitFor(Predicate<String> test, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            pump();
            String t = text();
            if (test.test(t)) return t;
            if (System.nanoTime() > end) throw new AssertionError("the screen did not show what was waited for; it shows:\n" + t);
            Thread.sleep(20);
        }
    }

    String waitForText(String s) throws Exception {
        return waitFor(t -> t.contains(s), Duration.ofSeconds(15));
    }

    /** The screen's rows as text (a wide character once, its second column left out). */
    List<String> rows() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                TextCharacter ch = terminal.getCharacter(c, r);
                b.append(ch.getCharacterString());
                if (ch.isDoubleWidth()) c++;
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    String text() {
        return String.join("\n", rows());
    }

    /** Row and column of the first place {@code s} is shown, or null. */
    int[] find(String s) {
        List<String> rows = rows();
        for (int r = 0; r < rows.size(); r++) {
            int c = rows.get(r).indexOf(s);
            if (c >= 0) return new int[] {r, c};
        }
        return null;
    }

    @Override public void close() throws IOException {
        if (shown instanceof AutoCloseable a) {
            try {
                a.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
        screen.stopScreen();
    }
}
