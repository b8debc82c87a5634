package dev.ferry.shell;

import dev.ferry.app.Job;
import dev.ferry.cli.Main;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one line of the shell: splits it into words as a shell does (quotes, backslashes), makes relative references
 * whole, and runs it through the command tree, in the foreground or, ending in {@code &}, in the background. While a
 * foreground command runs, Ctrl-C cancels the jobs it started (nothing half-copied is tagged), never the shell.
 */
final class LineRunner {
    private final Shell shell;
    private final DefaultParser parser = new DefaultParser();

    LineRunner(Shell shell) {
        this.shell = shell;
    }

    /** The words of a line, as the prompt's parser splits them. */
    List<String> words(String line) {
        List<String> out = new ArrayList<>();
        for (String w : parser.parse(line, line.length(), org.jline.reader.Parser.ParseContext.SPLIT_LINE).words()) {
            if (!w.isEmpty()) out.add(w);
        }
        return out;
    }

    /**
     * Runs {@code line} with {@code in} as its standard input; returns its exit status.
     *
     * @param terminal the person's terminal, whose Ctrl-C is caught while the command runs; null in a script
     */
    int run(String line, InputStream in, PrintWriter out, PrintWriter err, Terminal terminal) throws InterruptedException {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) return 0;
        boolean background = text.endsWith("&") && !text.endsWith("&&");
        if (background) text = text.substring(0, text.length() - 1).strip();
        List<String> words;
        var tree = ShellTree.build(shell, shell.context(out, err, in));
        try {
            words = References.rewrite(shell.state, words(text), tree);
        } catch (dev.ferry.cli.UsageException e) {
            err.println(shell.messages().get("main.error", e.message(shell.messages())));
            err.flush();
            return Main.USAGE;
        }
        if (words.isEmpty()) return 0;
        if (background) return shell.background.start(text, words, in, out);
        Set<String> before = new HashSet<>();
        for (Job j : shell.session.jobs()) before.add(j.id());
        Thread self = Thread.currentThread();
        Terminal.SignalHandler previous = terminal == null ? null : terminal.handle(Terminal.Signal.INT, s -> interrupt(before, self));
        try {
            int code = tree.execute(words.toArray(String[]::new));
            out.flush();
            err.flush();
            return code;
        } finally {
            if (terminal != null) terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // a Ctrl-C that came as the command ended is not the next one's
        }
    }

    /** Ctrl-C: the jobs this command started are cancelled; a command without a job (wait, a slow look) is interrupted. */
    private void interrupt(Set<String> before, Thread command) {
        boolean any = false;
        for (Job j : shell.session.jobs()) {
            if (!before.contains(j.id()) && JobLines.running(j) && shell.background.of(j.id()).isEmpty()) {
                j.cancel();
                any = true;
            }
        }
        if (!any) command.interrupt();
    }
}
