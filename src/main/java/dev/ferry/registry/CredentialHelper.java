package dev.ferry.registry;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One {@code docker-credential-NAME} program, spoken to as docker does: a verb ({@code get}, {@code store},
 * {@code erase}) as its argument, its input on standard input, its answer on standard output. A helper that does not
 * answer in time (waiting on a locked keyring, a prompt nobody sees) is stopped, with whatever it started, and named.
 */
final class CredentialHelper {
    /** What the helper said: its exit code and standard output. */
    record Answer(String program, int exit, String text) {}

    private final String name;
    private final Path dir;
    private final Duration timeout;
    private final Path configFile;

    /** @param dir where the helper is; null: on the PATH */
    CredentialHelper(String name, Path dir, Duration timeout, Path configFile) {
        this.name = name;
        this.dir = dir;
        this.timeout = timeout;
        this.configFile = configFile;
    }

    /** Runs {@code verb} with {@code input}; {@code serverUrl} names the registry in errors. */
    Answer run(String verb, String input, String serverUrl) throws IOException {
        String program = "docker-credential-" + name;
        Process p;
        try {
            String command = dir == null ? program : dir.resolve(program).toString();
            p = new ProcessBuilder(command, verb).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new LocalizedIOException(dir == null ? Text.of("creds.helper_not_on_path", serverUrl, configFile, name, program)
                    : Text.of("creds.helper_not_in", serverUrl, configFile, name, program, dir));
        }
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
            try (InputStream o = p.getInputStream()) {
                return o.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "credential-helper-" + name);
            t.setDaemon(true);
            t.start();
        });
        byte[] out;
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the helper closed its input without reading it: its answer (or exit code) says why
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            out = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) throw new TimeoutException();
        } catch (TimeoutException e) {
            stop(p);
            throw new LocalizedIOException(Text.of("creds.helper_late", serverUrl, program, configFile, timeout.toSeconds()));
        } catch (ExecutionException e) {
            stop(p);
            throw new LocalizedIOException(Text.of("creds.helper_unreadable", serverUrl, program, e.getCause().getMessage()));
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new LocalizedInterruptedIOException(Text.of("creds.helper_interrupted", program));
        }
        return new Answer(program, p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    }

    /** Stops a helper and whatever it started (a shell script's children hold its output open). */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
