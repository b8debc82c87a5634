package dev.ferry.cli;

import dev.ferry.app.PasswordPrompt;
import dev.ferry.app.Session;

/**
 * The terminal UI, as the command line sees it: found with {@link java.util.ServiceLoader} (the tui package provides
 * it), so the command line never depends on the UI's terminal library. One instance runs one UI.
 */
public interface TuiLauncher {
    /**
     * How the session asks for a password: a masked dialog of the UI this launcher will run (it asks nobody before
     * the UI is up or after it ended). The session is built with it, before {@link #run}.
     */
    PasswordPrompt prompt();

    /** Runs the UI on the terminal in {@code session} until the person quits; returns the exit code. */
    int run(CliContext ctx, Session session) throws Exception;
}
