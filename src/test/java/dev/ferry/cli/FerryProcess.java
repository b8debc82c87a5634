package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * ferry run as a child JVM in a working directory of its own, as on a jump host: its output in a
 * file, signals sent with kill(1), its exit code. For what only a real process has: SIGTERM, SIGHUP,
 * a watch that runs until it is stopped.
 */
final class FerryProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private FerryProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static FerryProcess start(Path workDir, String... args) throws IOException {
        Path dockerConfig = Files.createDirectories(workDir.resolve(".docker"));
        Path out = workDir.resolve("ferry-" + System.nanoTime() + ".out");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().put("CI", "true");
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove("LC_ALL");
        return new FerryProcess(pb.start(), out);
    }

    String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits until the output matches {@code regex} (found anywhere) {@code times} times; fails with the output when it does not. */
    void awaitOutput(String regex, int times, Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (p.matcher(output()).results().count() >= times) return;
            if (!process.isAlive()) break;
            Thread.sleep(50);
        }
        throw new AssertionError("ferry's output did not show /" + regex + "/ " + times + " times within " + timeout
                + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")") + ":\n" + output());
    }

    long count(String regex) {
        return Pattern.compile(regex).matcher(output()).results().count();
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) throw new AssertionError("kill -" + name + " failed");
    }

    /** The exit code, waiting up to {@code timeout}; fails when the process is still running then. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError("ferry did not exit within " + timeout + ":\n" + output());
        return process.exitValue();
    }

    @Override public void close() {
        process.destroyForcibly();
    }
}
