package dev.ferry.cli;

import dev.ferry.app.Session;

import java.nio.file.Path;

/**
 * The interactive shell, as the command line sees it: found with {@link java.util.ServiceLoader} (the shell package
 * provides it), so the command line never depends on the shell's terminal library.
 */
public interface ShellLauncher {
    /**
     * Runs the shell in {@code session} until the person leaves or the script ends; returns the exit code.
     *
     * @param script   a file of shell commands, or null
     * @param commands commands given with {@code -c} (separated by {@code ;}), or null
     */
    int run(CliContext ctx, Session session, Path script, String commands) throws Exception;
}
