package dev.ferry.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.DefaultWindowManager;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UI's thread keeps running once started, however the start-up is scheduled: Lanterna's own
 * thread could end right after its first drawing (it was marked started only after it ran), which
 * left a UI that showed its first screen and took no key (seen in CI as TUI tests timing out).
 */
class GuiThreadTest {
    @Test
    void aStartedThreadRunsTasksUntilStopped() throws Exception {
        for (int i = 0; i < 200; i++) {
            TerminalScreen screen = new TerminalScreen(new DefaultVirtualTerminal(new TerminalSize(40, 10)));
            screen.startScreen();
            MultiWindowTextGUI gui = new MultiWindowTextGUI(GuiThread.factory(), screen, new DefaultWindowManager(), null,
                    new EmptySpace(TextColor.ANSI.BLACK));
            AsynchronousTextGUIThread t = (AsynchronousTextGUIThread) gui.getGUIThread();
            t.start();
            CountDownLatch ran = new CountDownLatch(1);
            t.invokeLater(ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS), "start " + i + ": the thread took a task after its first drawing");
            assertEquals(AsynchronousTextGUIThread.State.STARTED, t.getState());
            t.stop();
            t.waitForStop(10, TimeUnit.SECONDS);
            assertEquals(AsynchronousTextGUIThread.State.STOPPED, t.getState());
            screen.stopScreen();
        }
    }
}
