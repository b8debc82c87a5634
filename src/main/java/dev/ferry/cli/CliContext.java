package dev.ferry.cli;

import java.io.PrintWriter;
import java.util.Map;

/** What a command may use of the world: its environment and its own output streams (never System.out). */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err) {

    /** True when progress may redraw a line in place: a terminal, not CI, not TERM=dumb. */
    public boolean interactive() {
        return System.console() != null && !env.containsKey("CI") && !"dumb".equals(env.get("TERM"));
    }
}
