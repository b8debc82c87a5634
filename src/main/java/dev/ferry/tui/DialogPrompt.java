package dev.ferry.tui;

import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import dev.ferry.app.Messages;
import dev.ferry.app.PasswordPrompt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The session's password prompt in the terminal UI: a masked dialog. Asked from a session thread, it puts the
 * dialog up on the GUI thread and waits for the answer; asked on the GUI thread, it shows it at once. Before the UI
 * is up, or after it ended, it asks nobody.
 */
final class DialogPrompt implements PasswordPrompt {
    private volatile WindowBasedTextGUI gui;
    private volatile Supplier<Messages> messages = Messages::english;

    /** The UI to ask in from now on (null: none). */
    void attach(WindowBasedTextGUI g, Supplier<Messages> m) {
        this.messages = m;
        this.gui = g;
    }

    void detach() {
        this.gui = null;
    }

    @Override public Optional<String> password(String registry, String user) {
        WindowBasedTextGUI g = gui;
        if (g == null || g.getGUIThread() == null) return Optional.empty();
        if (Thread.currentThread() == g.getGUIThread().getThread()) return Optional.ofNullable(ask(g, registry, user));
        CompletableFuture<String> answer = new CompletableFuture<>();
        g.getGUIThread().invokeLater(() -> {
            try {
                answer.complete(ask(g, registry, user));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return Optional.ofNullable(answer.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private String ask(WindowBasedTextGUI g, String registry, String user) {
        Messages m = messages.get();
        return Ask.line(g, m.get("tui.frame.password_title"), m.get("tui.frame.password_prompt", user, registry), "", true);
    }
}
