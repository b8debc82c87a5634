package dev.ferry.app;

import java.util.Optional;

/**
 * How a session asks the person for a password: each face brings its own (a console prompt, a
 * JLine prompt, a dialog of the terminal UI). The core never reads a terminal itself.
 */
@FunctionalInterface
public interface PasswordPrompt {
    /** Asks nobody: there is no person to ask (CI, cron, a pipe). */
    PasswordPrompt NONE = (registry, user) -> Optional.empty();

    /** The password of {@code user} at {@code registry}, or empty when the person gave none (or cannot be asked). */
    Optional<String> password(String registry, String user);
}
