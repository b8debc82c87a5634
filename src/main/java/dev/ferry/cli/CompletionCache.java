package dev.ferry.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Repositories and tags for the shell completions, kept a short time in the user's cache folder
 * ({@code $XDG_CACHE_HOME/ferry/complete}, else {@code ~/.cache/ferry/complete}): one Tab asks the registry, the next
 * ones within {@link #TTL} read the file. A registry that has not answered by the deadline gives nothing: the shell
 * never waits longer than that for a completion.
 */
final class CompletionCache {
    static final Duration TTL = Duration.ofMinutes(2);
    /** How long one late answer is waited for in the background before another Tab may ask again. */
    static final Duration FILL_WAIT = Duration.ofSeconds(20);

    private final Path dir;

    CompletionCache(Path dir) {
        this.dir = dir;
    }

    /** The cache folder for this environment. */
    static CompletionCache of(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return new CompletionCache(base.resolve("ferry").resolve("complete"));
    }

    /**
     * The values under {@code key}: from the cache while fresh, else fetched, waiting until {@code deadline} at most;
     * when the answer is late, {@code late} runs (once per {@link #FILL_WAIT}) and nothing is returned.
     */
    List<String> get(String key, Callable<List<String>> fetch, Instant deadline, Runnable late) {
        Path file = dir.resolve(name(key));
        try {
            if (Files.isRegularFile(file) && Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(TTL))) {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
        } catch (IOException unreadable) {
            // fetched again below
        }
        CompletableFuture<List<String>> values = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                values.complete(List.copyOf(fetch.call()));
            } catch (Exception | LinkageError failed) {
                values.completeExceptionally(failed);
            }
        }, "ferry-complete");
        t.setDaemon(true); // left behind at the deadline: the process ends without it
        t.start();
        List<String> got;
        try {
            got = values.get(Math.max(1, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (java.util.concurrent.TimeoutException notYet) {
            if (claim(key)) late.run();
            return List.of();
        } catch (Exception failed) {
            return List.of(); // completion is a help, not a report
        }
        store(file, got);
        return got;
    }

    /** True for the first caller within {@link #FILL_WAIT} that wants {@code key} filled in the background. */
    private boolean claim(String key) {
        Path mark = dir.resolve(name(key) + ".filling");
        try {
            Files.createDirectories(dir);
            if (Files.exists(mark) && Files.getLastModifiedTime(mark).toInstant().isAfter(Instant.now().minus(FILL_WAIT))) return false;
            Files.deleteIfExists(mark);
            Files.createFile(mark);
            return true;
        } catch (IOException taken) {
            return false; // another Tab claimed it a moment ago, or the folder cannot be written
        }
    }

    private void store(Path file, List<String> values) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".complete-", ".tmp");
            Files.write(tmp, values, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException notCached) {
            // a read-only or full disk: the next Tab asks the registry again
        }
    }

    private static String name(String key) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
