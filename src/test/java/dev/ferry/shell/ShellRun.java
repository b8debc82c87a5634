package dev.ferry.shell;

import dev.ferry.cli.Main;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs ferry's real command line (and so {@code ferry shell}) in this JVM with its own environment and captured output. */
final class ShellRun {
    final Map<String, String> env = new HashMap<>();

    ShellRun() {
        try {
            Path home = Files.createTempDirectory("ferry-shell-test-home-");
            home.toFile().deleteOnExit();
            env.put("DOCKER_CONFIG", home.toString());
            env.put("XDG_CONFIG_HOME", home.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("CI", "true");
    }

    record Result(int exit, String out, String err, List<String> args) {
        @Override public String toString() {
            return "ferry " + String.join(" ", args) + " -> exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result withInput(String stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.copyOf(env),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Result(code, out.toString(), err.toString(), List.of(args));
    }

    Result run(String... args) {
        return withInput("", args);
    }
}
