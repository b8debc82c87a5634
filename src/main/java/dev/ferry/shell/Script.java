package dev.ferry.shell;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Shell commands without a person: {@code ferry shell FILE}, {@code -c 'open @nj; ls'} or standard input. No prompt,
 * no colours, no status line. The first failing command stops the script, with its line number, and its exit
 * status is the script's — unless {@code set errexit off}, when it goes on (and the last command's status counts).
 * At its end it waits for what it sent to the background.
 */
final class Script {
    private final Shell shell;
    private final String name;
    private final List<String> lines;

    Script(Shell shell, String name, List<String> lines) {
        this.shell = shell;
        this.name = name;
        this.lines = lines;
    }

    /** {@code -c}: commands separated by {@code ;} (outside quotes), each its own "line". */
    static List<String> split(String commands) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < commands.length(); i++) {
            char c = commands.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ';') {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            } else if (c == '\n') {
                out.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            cur.append(c);
        }
        out.add(cur.toString());
        return out;
    }

    int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        LineRunner runner = new LineRunner(shell);
        int last = 0;
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i);
            InputStream in = InputStream.nullInputStream();
            String marker = Heredoc.marker(line);
            if (marker != null) {
                StringBuilder text = new StringBuilder();
                while (++i < lines.size() && !lines.get(i).strip().equals(marker)) text.append(lines.get(i)).append('\n');
                line = Heredoc.strip(line);
                in = new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            last = runner.run(line, in, out, err, null);
            shell.background.notices(out);
            if (last != 0 && shell.state.errexit) {
                // the command's name, never the whole line: it may hold a password (USER:PASSWORD)
                err.println(shell.messages().get("shell.script_failed", name, number, line.strip().split("\\s+", 2)[0], last));
                err.flush();
                return last;
            }
            if (shell.exitRequested) break;
        }
        return Math.max(last, waitForBackground(out));
    }

    /**
     * A script ends as its background commands do: their reports, then their notices; the session would cancel
     * whatever still ran. Returns the worst exit status among them (0 when all went well or none ran).
     */
    private int waitForBackground(PrintWriter out) throws InterruptedException {
        int worst = 0;
        for (BackgroundJobs.Entry e : shell.background.all()) {
            if (e.noticed && e.finished()) continue;
            e.thread.join();
            out.print(e.takeOutput());
            worst = Math.max(worst, e.exit == null ? 1 : e.exit);
        }
        shell.background.notices(out);
        return worst;
    }
}
