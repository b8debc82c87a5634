package dev.ferry.tui;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.MouseCaptureMode;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.ferry.app.PasswordPrompt;
import dev.ferry.app.Session;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.TuiLauncher;

import java.nio.charset.StandardCharsets;

/**
 * {@code ferry tui}, as the command line starts it: Lanterna on the process's terminal (text only, never a Swing
 * window; mouse clicks captured where the terminal sends them; Ctrl-C a key, which asks before quitting).
 */
public final class TuiMain implements TuiLauncher {
    private final DialogPrompt prompt = new DialogPrompt();

    @Override public PasswordPrompt prompt() {
        return prompt;
    }

    @Override public int run(CliContext ctx, Session session) throws Exception {
        DefaultTerminalFactory factory = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                .setMouseCaptureMode(MouseCaptureMode.CLICK_RELEASE)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP);
        Terminal terminal = factory.createTerminal();
        Workspace ws = new Workspace(session, ctx.messages());
        try (TuiApp app = TuiApp.standard(new TerminalScreen(terminal), ws)) {
            app.start();
            prompt.attach(app.gui(), ws::messages);
            app.awaitQuit();
        } finally {
            prompt.detach();
            terminal.close();
        }
        return 0;
    }
}
