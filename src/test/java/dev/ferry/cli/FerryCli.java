package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs ferry's real command line in this JVM, as a user would from a shell, with its own
 * environment (an empty docker config unless a test gives one) and captured output.
 */
final class FerryCli {
    private final Map<String, String> env = new HashMap<>();

    FerryCli() {
        try {
            Path dockerConfig = Files.createTempDirectory("ferry-test-docker-config-");
            dockerConfig.toFile().deleteOnExit();
            env.put("DOCKER_CONFIG", dockerConfig.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("CI", "true"); // no terminal tricks in captured output
    }

    /** A ferry whose docker and containerd are the given test daemons. */
    static FerryCli forDaemons(dev.ferry.testing.DockerdServer dockerd, dev.ferry.testing.ContainerdServer containerd) {
        return new FerryCli().env("DOCKER_HOST", dockerd.dockerHost()).env("CONTAINERD_ADDRESS", containerd.socket().toString())
                .env("CONTAINERD_SNAPSHOTTER", containerd.snapshotter()).env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    FerryCli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    record Result(int exit, String out, String err, List<String> args) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override public String toString() {
            return "ferry " + String.join(" ", args) + " -> exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Map.copyOf(env));
        return new Result(code, out.toString(), err.toString(), List.of(args));
    }
}
