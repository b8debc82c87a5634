package dev.ferry.cli;

import dev.ferry.app.Session;

/**
 * The session a command runs in, for the length of the command: on the command line its own, closed with it
 * ({@code owned}); in the shell the shell's, which {@link #close()} leaves open for the commands and jobs after it.
 */
record SessionLease(Session session, boolean owned) implements AutoCloseable {
    @Override public void close() {
        if (owned) session.close();
    }
}
