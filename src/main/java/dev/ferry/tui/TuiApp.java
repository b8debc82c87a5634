package dev.ferry.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.TextGUIThread;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import com.googlecode.lanterna.screen.Screen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One terminal UI on one Lanterna {@link Screen} (a real terminal, or a virtual one in tests): the main window with
 * the screens built from {@code screens} (in the order F2, F3, F4… choose them; the first is shown first), on a GUI
 * thread of its own. {@link #start} returns at once; {@link #awaitQuit} waits until the person quits.
 */
public final class TuiApp implements AutoCloseable {
    private final Screen screen;
    private final Workspace ws;
    private final List<TuiScreen> screens = new ArrayList<>();
    private final TuiScreen help;
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private MultiWindowTextGUI gui;
    private MainWindow window;
    private boolean started;

    /** The screens of {@code ferry tui}, in their order (F2, F3, F4). */
    public static List<Function<Workspace, TuiScreen>> defaultScreens() {
        return List.of(ReleaseScreen::new, BrowserScreen::new, SettingsScreen::new);
    }

    /** {@code ferry tui}'s UI on {@code screen}: the default screens, and F1's help listing each one's keys. */
    public static TuiApp standard(Screen screen, Workspace ws) {
        TuiApp[] self = new TuiApp[1];
        self[0] = new TuiApp(screen, ws, defaultScreens(), w -> new HelpScreen(w, () -> self[0].screens()));
        return self[0];
    }

    /** @param help the help screen's factory, or null: F1 then lists the keys in a dialog */
    public TuiApp(Screen screen, Workspace ws, List<Function<Workspace, TuiScreen>> screens, Function<Workspace, TuiScreen> help) {
        this.screen = screen;
        this.ws = ws;
        for (Function<Workspace, TuiScreen> f : screens) this.screens.add(f.apply(ws));
        this.help = help == null ? null : help.apply(ws);
    }

    /** Starts the screen and the GUI thread, and shows the main window. */
    public void start() throws IOException {
        screen.startScreen();
        gui = new MultiWindowTextGUI(GuiThread.factory(), screen, new DefaultWindowManager(),
                null, new EmptySpace(TextColor.ANSI.BLACK));
        gui.getGUIThread().setExceptionHandler(new TextGUIThread.ExceptionHandler() {
            @Override public boolean onIOException(IOException e) {
                errors.add(e);
                return true; // the terminal is gone
            }

            @Override public boolean onRuntimeException(RuntimeException e) {
                errors.add(e); // a bug of one screen does not end the UI
                return false;
            }
        });
        // an Error would end the GUI thread without reaching the handler above: keep it, so the failure is seen
        Thread guiThread = gui.getGUIThread().getThread();
        if (guiThread != null) guiThread.setUncaughtExceptionHandler((t, e) -> errors.add(e));
        window = new MainWindow(ws, screens, help);
        gui.addWindow(window);
        ((AsynchronousTextGUIThread) gui.getGUIThread()).start();
        started = true;
    }

    public WindowBasedTextGUI gui() {
        return gui;
    }

    MainWindow window() {
        return window;
    }

    List<TuiScreen> screens() {
        return List.copyOf(screens);
    }

    /** What went wrong on the GUI thread (a test asserts there was nothing). */
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    /** Waits until the main window is closed (F10). */
    public void awaitQuit() throws InterruptedException {
        window.waitUntilClosed();
    }

    /** Stops the GUI thread, gives the terminal back, and lets go of what the screens hold. */
    @Override public void close() throws IOException {
        try {
            if (started) {
                AsynchronousTextGUIThread t = (AsynchronousTextGUIThread) gui.getGUIThread();
                // a dialog's own event loop runs until it is closed: close every window first, then stop the thread
                t.invokeLater(() -> List.copyOf(gui.getWindows()).forEach(com.googlecode.lanterna.gui2.Window::close));
                t.stop();
                try {
                    t.waitForStop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            for (TuiScreen s : screens) closeQuietly(s);
            if (help != null) closeQuietly(help);
            screen.stopScreen();
        }
    }

    private static void closeQuietly(TuiScreen s) {
        if (s instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // the UI is ending: nothing left to tell
            }
        }
    }
}
