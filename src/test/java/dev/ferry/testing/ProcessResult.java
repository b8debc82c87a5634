package dev.ferry.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Outcome of an external command run by {@link Tools#run}.
 *
 * @param command     the command line that was run
 * @param exitCode    the process exit code ({@code -1} when it was killed on timeout)
 * @param stdoutBytes standard output, byte for byte
 * @param stderr      standard error, decoded as UTF-8
 * @param timedOut    whether the process was killed because it ran past its timeout
 * @param elapsed     wall-clock time the command took
 */
public record ProcessResult(List<String> command, int exitCode, byte[] stdoutBytes, String stderr,
                            boolean timedOut, Duration elapsed) {

    /** Standard output decoded as UTF-8. */
    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    /** True when the command exited with 0 within its timeout. */
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** A multi-line description (command, exit code, stdout, stderr) for assertion messages. */
    public String describe() {
        return "command: " + String.join(" ", command)
                + "\nexit code: " + exitCode + (timedOut ? " (killed after timeout)" : "")
                + "\nstdout:\n" + stdout()
                + "\nstderr:\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
