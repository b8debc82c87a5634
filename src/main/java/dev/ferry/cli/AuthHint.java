package dev.ferry.cli;

import dev.ferry.app.Messages;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/**
 * The line that says how to give credentials when a registry refused a command for lack of them, naming that
 * command's own flags ({@code --creds} on inspect, tags and catalog; {@code --src-creds}/{@code --dest-creds} on copy),
 * never another command's.
 */
final class AuthHint {
    private static final List<String> FLAGS = List.of("--creds", "--src-creds", "--dest-creds");

    private AuthHint() {}

    static String line(CommandSpec spec, Messages messages) {
        List<String> flags = FLAGS.stream().filter(f -> spec != null && spec.findOption(f) != null).toList();
        return flags.isEmpty() ? messages.get("auth.hint_config") : messages.get("auth.hint_flags", String.join(" / ", flags));
    }
}
