/**
 * The interactive shell ({@code ferry shell}): one session for many commands and jobs, the CLI's own command tree
 * plus the shell's commands (open, cd, ls, diff, jobs, fg, set…), completion from the registries, a status line of
 * the running jobs, and scripts. Presentation only: what it does, it asks the session.
 */
package dev.ferry.shell;
