package dev.ferry.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The prompt: reads a line (history in a file under the user's config directory, Ctrl-R searches it; Tab
 * completes), runs it, says at the next prompt which background jobs ended. Ctrl-C at the prompt clears the line;
 * Ctrl-D or {@code exit} leaves, asking first while jobs run.
 */
final class Interactive {
    private final Shell shell;
    private final Terminal terminal;
    private final Path historyFile;
    private ShellCompleter completer;

    Interactive(Shell shell, Terminal terminal, Path historyFile) {
        this.shell = shell;
        this.terminal = terminal;
        this.historyFile = historyFile;
    }

    ShellCompleter completer() { return completer; }

    int run() throws InterruptedException {
        PrintWriter out = terminal.writer();
        LineRunner runner = new LineRunner(shell);
        var treeCtx = shell.context(new PrintWriter(java.io.Writer.nullWriter()), new PrintWriter(java.io.Writer.nullWriter()), InputStream.nullInputStream());
        var tree = ShellTree.build(shell, treeCtx);
        completer = new ShellCompleter(shell, () -> tree);
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("ferry").completer(completer)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "> ");
        if (historyFile != null) b.variable(LineReader.HISTORY_FILE, historyFile);
        LineReader reader = b.build();
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        shell.reader = reader;
        out.println(shell.messages().get("shell.welcome"));
        out.flush();
        int last = 0;
        try (StatusLine status = new StatusLine(shell, terminal)) {
            while (true) {
                shell.background.notices(out);
                String line;
                try {
                    line = reader.readLine(prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    if (mayLeave(reader, out)) break;
                    continue;
                }
                InputStream in = InputStream.nullInputStream();
                String marker = Heredoc.marker(line);
                if (marker != null) {
                    StringBuilder text = new StringBuilder();
                    while (true) {
                        String more;
                        try {
                            more = reader.readLine("> ");
                        } catch (UserInterruptException | EndOfFileException e) {
                            break;
                        }
                        if (more.strip().equals(marker)) break;
                        text.append(more).append('\n');
                    }
                    line = Heredoc.strip(line);
                    in = new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
                }
                last = runner.run(line, in, out, out, terminal);
                status.update();
                if (shell.exitRequested) {
                    shell.exitRequested = false;
                    if (mayLeave(reader, out)) break;
                }
            }
        }
        return last;
    }

    private String prompt() {
        String here = shell.state.here();
        return here == null ? "ferry> " : "ferry " + here + "> ";
    }

    /** True when no job runs, or the person says to leave anyway (the jobs are cancelled as the session closes). */
    private boolean mayLeave(LineReader reader, PrintWriter out) {
        long running = shell.session.jobs().stream().filter(JobLines::running).count();
        if (running == 0) return true;
        reader.setVariable(LineReader.DISABLE_HISTORY, true);
        try {
            String answer = reader.readLine((running == 1 ? shell.messages().get("shell.leave_running_one") : shell.messages().get("shell.leave_running", running)) + " ");
            return answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
        } catch (UserInterruptException e) {
            return false;
        } catch (EndOfFileException e) {
            return true;
        } finally {
            reader.setVariable(LineReader.DISABLE_HISTORY, false);
        }
    }

}
