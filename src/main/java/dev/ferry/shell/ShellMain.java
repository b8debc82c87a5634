package dev.ferry.shell;

import dev.ferry.app.Session;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.ShellLauncher;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry shell}, as the command line starts it: a prompt on a terminal, else a script (a FILE, {@code -c}, or
 * standard input when it is not a terminal). The session is the command line's, built from the flags given to
 * {@code ferry shell}; it is closed by the caller when the shell ends.
 */
public final class ShellMain implements ShellLauncher {
    @Override public int run(CliContext ctx, Session session, Path script, String commands) throws Exception {
        try (Shell shell = new Shell(session, ctx.env(), ctx.messages().locale().toString())) {
            if (commands != null) return new Script(shell, "-c", Script.split(commands)).run(ctx.out(), ctx.err());
            if (script != null) return new Script(shell, script.toString(), Files.readAllLines(script, StandardCharsets.UTF_8)).run(ctx.out(), ctx.err());
            if (System.console() == null) return new Script(shell, "<stdin>", lines(ctx)).run(ctx.out(), ctx.err());
            try (Terminal t = TerminalBuilder.builder().system(true).name("ferry").build()) {
                return new Interactive(shell, t, historyFile(ctx.env())).run();
            }
        }
    }

    private static List<String> lines(CliContext ctx) throws IOException {
        return new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).lines().toList();
    }

    /** The history file: {@code $XDG_CONFIG_HOME/ferry/history}, else {@code ~/.config/ferry/history} (never the working directory). */
    static Path historyFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        Path dir = base.resolve("ferry");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return null; // no history file then, the shell still works
        }
        return dir.resolve("history");
    }
}
