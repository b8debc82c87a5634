package dev.ferry.tui;

import com.googlecode.lanterna.gui2.AbstractTextGUIThread;
import com.googlecode.lanterna.gui2.AsynchronousTextGUIThread;
import com.googlecode.lanterna.gui2.TextGUI;
import com.googlecode.lanterna.gui2.TextGUIThreadFactory;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The UI's event thread: Lanterna's {@code SeparateTextGUIThread} with its start-up race removed.
 *
 * <p>Lanterna 3.1.3 starts its thread and only then marks itself started; the thread draws the
 * first screen and checks that mark before it enters its loop. When the starting thread lost the
 * processor in between (a busy machine, a CI run), the new thread found the mark unset and ended
 * after that first drawing, without an error: the UI showed its first screen and took no key
 * again. Here the mark is set before the thread starts. The loop is otherwise Lanterna's: redraw
 * when something changed, an end of input stops the UI and closes its windows, and the exception
 * handler decides whether a failure stops it.
 */
final class GuiThread extends AbstractTextGUIThread implements AsynchronousTextGUIThread {
    private volatile State state = State.CREATED;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private GuiThread(TextGUI gui) {
        super(gui);
        this.thread = new Thread(this::loop, "ferry-tui");
    }

    /** For {@code MultiWindowTextGUI}'s constructor. */
    static TextGUIThreadFactory factory() {
        return GuiThread::new;
    }

    @Override public synchronized void start() {
        if (state != State.CREATED) return;
        state = State.STARTED; // before the thread runs: it only loops while this holds
        thread.start();
    }

    @Override public void stop() {
        if (state == State.STARTED) state = State.STOPPING;
    }

    @Override public void waitForStop() throws InterruptedException {
        stopped.await();
    }

    @Override public void waitForStop(long time, TimeUnit unit) throws InterruptedException {
        stopped.await(time, unit);
    }

    @Override public State getState() {
        return state;
    }

    @Override public Thread getThread() {
        return thread;
    }

    @Override public void invokeLater(Runnable task) {
        if (state != State.STARTED) throw new IllegalStateException("the UI's thread is " + state + ", not running");
        super.invokeLater(task);
    }

    private void loop() {
        try {
            try {
                textGUI.updateScreen();
            } catch (IOException e) {
                exceptionHandler.onIOException(e);
            } catch (RuntimeException e) {
                exceptionHandler.onRuntimeException(e);
            }
            while (state == State.STARTED) {
                try {
                    if (!processEventsAndUpdate()) Thread.sleep(1);
                } catch (InterruptedException e) {
                    // woken: look at the state again
                } catch (EOFException e) {
                    stop();
                    if (textGUI instanceof WindowBasedTextGUI w) {
                        for (Window window : w.getWindows()) window.close();
                    }
                    break;
                } catch (IOException e) {
                    if (exceptionHandler.onIOException(e)) stop();
                } catch (RuntimeException e) {
                    if (exceptionHandler.onRuntimeException(e)) stop();
                }
            }
        } finally {
            state = State.STOPPED;
            stopped.countDown();
        }
    }
}
