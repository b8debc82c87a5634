package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Locating and running the external programs the integration tests rely on. */
public final class Tools {

    /** Debian package providing each binary, for the error message when it is missing. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("docker-registry", "docker-registry"),
            Map.entry("skopeo", "skopeo"),
            Map.entry("htpasswd", "apache2-utils"),
            Map.entry("openssl", "openssl"),
            Map.entry("containerd", "containerd"),
            Map.entry("ctr", "containerd"),
            Map.entry("dockerd", "docker.io"),
            Map.entry("groff", "groff-base"),
            Map.entry("man", "man-db"),
            Map.entry("time", "time"));

    private Tools() {
    }

    /**
     * Finds {@code binary} on the {@code PATH}. When it is missing, a test run under CI
     * (environment variable {@code CI} set) fails with an {@link AssertionError}; elsewhere the
     * calling test is aborted (reported as skipped).
     *
     * @return the absolute path of the executable
     */
    public static Path require(String binary) {
        return require(binary, System.getenv("PATH"), System.getenv("CI"));
    }

    /** {@link #require(String)} with an explicit {@code PATH} and {@code CI} value (for tests). */
    static Path require(String binary, String pathVar, String ciVar) {
        Optional<Path> found = find(binary, pathVar);
        if (found.isPresent()) {
            return found.get();
        }
        String pkg = PACKAGES.getOrDefault(binary, binary);
        if (ciVar != null) {
            throw new AssertionError(binary + " is required in CI: apt-get install -y " + pkg);
        }
        Assumptions.abort(binary + " not found on PATH (apt-get install -y " + pkg + "); skipping");
        throw new IllegalStateException("unreachable");
    }

    /** Looks {@code binary} up on the given {@code PATH} value. */
    public static Optional<Path> find(String binary, String pathVar) {
        if (pathVar == null) {
            return Optional.empty();
        }
        for (String dir : pathVar.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * Runs {@code cmd} with no standard input, collecting its output. If it runs longer than
     * {@code timeout} it is killed (with its descendants) and the result has {@code timedOut} set.
     */
    public static ProcessResult run(Duration timeout, List<String> cmd) {
        return run(timeout, cmd, Map.of());
    }

    /** {@link #run(Duration, List)} with extra environment variables for the child process. */
    public static ProcessResult run(Duration timeout, List<String> cmd, Map<String, String> env) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
        Drain out = new Drain(p.getInputStream());
        Drain err = new Drain(p.getErrorStream());
        out.start();
        err.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(p);
                p.waitFor(5, TimeUnit.SECONDS);
            }
            out.join(5000);
            err.join(5000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        }
        int code = finished ? p.exitValue() : -1;
        return new ProcessResult(List.copyOf(cmd), code, out.bytes(),
                new String(err.bytes(), StandardCharsets.UTF_8), !finished,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Forcibly kills a process and all of its descendants. */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Reads a stream to the end on its own thread. */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // process killed: keep what was read
            }
        }

        synchronized byte[] bytes() {
            return buf.toByteArray();
        }
    }
}
