package dev.ferry.cli;

import dev.ferry.app.PullLimit;
import dev.ferry.app.Session;

/**
 * The session a command runs in, for the length of the command: on the command line its own, closed with it
 * ({@code owned}); in the shell the shell's, which {@link #close()} leaves open for the commands and jobs after it.
 * A session of its own says, as it ends, what the registries said of their pull limits (Docker Hub's), when any did.
 */
record SessionLease(Session session, boolean owned, CliContext ctx) implements AutoCloseable {
    SessionLease(Session session, boolean owned) {
        this(session, owned, null);
    }

    @Override public void close() {
        if (!owned) return;
        try {
            if (ctx != null) {
                for (PullLimit l : session.pullLimits()) {
                    String of = l.limit() > 0 ? ctx.messages().get("report.pull_limit_of", l.remaining(), l.limit())
                            : String.valueOf(l.remaining());
                    ctx.err().println(l.window() != null
                            ? ctx.messages().get("report.pull_limit_window", l.registry(), of, PullLimit.span(l.window()))
                            : ctx.messages().get("report.pull_limit", l.registry(), of));
                }
                ctx.err().flush();
            }
        } finally {
            session.close();
        }
    }
}
