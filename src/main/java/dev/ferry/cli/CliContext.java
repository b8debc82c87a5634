package dev.ferry.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/** What a command may use of the world: its environment, standard input and its own output streams (never System.out). */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in) {

    public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {
        this(env, out, err, InputStream.nullInputStream());
    }

    /** True when progress may redraw lines in place: a terminal, not CI, not TERM=dumb. */
    public boolean interactive() {
        return System.console() != null && !env.containsKey("CI") && !"dumb".equals(env.get("TERM"));
    }
}
