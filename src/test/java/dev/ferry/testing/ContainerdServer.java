package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real containerd ({@code containerd --config C.toml}, Debian package {@code containerd}) on a
 * private socket, with its root, state and every other path under one temporary directory. The
 * CRI plugin and the snapshotters that need special filesystems are disabled. Needs root.
 *
 * <pre>{@code
 * try (ContainerdServer c = ContainerdServer.start()) { c.ctr("k8s.io", "images", "ls"); }
 * }</pre>
 *
 * {@link #close()} stops it (SIGTERM, then SIGKILL), unmounts anything left under its directory
 * and deletes the directory.
 */
public final class ContainerdServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Tools::kill), "containerd-reaper"));
    }

    private final Path dir;
    private final Process process;

    private ContainerdServer(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Starts containerd and waits until its socket accepts connections. */
    public static ContainerdServer start() {
        requireRoot();
        Path bin = Tools.require("containerd");
        Tools.require("ctr");
        Path dir = TempDirs.create("containerd");
        try {
            Files.writeString(dir.resolve("config.toml"), config(dir));
            Process p = new ProcessBuilder(bin.toString(), "--config", dir.resolve("config.toml").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("containerd.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            LIVE.add(p);
            ContainerdServer s = new ContainerdServer(dir, p);
            s.awaitUp();
            return s;
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            TempDirs.deleteRecursively(dir);
            throw e;
        }
    }

    /** The daemons need root: skipped without it locally, a failure in CI (where the tests run as root). */
    static void requireRoot() {
        if ("root".equals(System.getProperty("user.name"))) return;
        if (System.getenv("CI") != null) throw new AssertionError("the containerd and dockerd tests need root in CI");
        org.junit.jupiter.api.Assumptions.abort("containerd and dockerd need root; skipping");
    }

    private static String config(Path dir) {
        return "version = 2\n"
                + "root = \"" + dir.resolve("root") + "\"\n"
                + "state = \"" + dir.resolve("state") + "\"\n"
                + "disabled_plugins = [\"io.containerd.grpc.v1.cri\", \"io.containerd.snapshotter.v1.aufs\","
                + " \"io.containerd.snapshotter.v1.btrfs\", \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.snapshotter.v1.devmapper\"]\n"
                + "[grpc]\n  address = \"" + dir.resolve("containerd.sock") + "\"\n"
                + "[ttrpc]\n  address = \"" + dir.resolve("containerd.sock.ttrpc") + "\"\n"
                + "[debug]\n  address = \"\"\n"
                + "[metrics]\n  address = \"\"\n"
                + "[plugins]\n"
                + "  [plugins.\"io.containerd.internal.v1.opt\"]\n    path = \"" + dir.resolve("opt") + "\"\n";
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no socket yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new AssertionError("containerd exited with code " + process.exitValue() + ":\n" + log);
            }
            if (Files.exists(socket())) {
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket()));
                    return;
                } catch (IOException e) {
                    last = e.toString();
                }
            }
            sleep(20);
        }
        String log = log();
        close();
        throw new AssertionError("containerd did not listen on " + socket() + " within " + START_TIMEOUT.toSeconds() + " s (" + last + "):\n" + log);
    }

    /** The gRPC socket ({@code ctr --address}, {@code dockerd --containerd}). */
    public Path socket() {
        return dir.resolve("containerd.sock");
    }

    /** {@code overlayfs} when the kernel has overlay, else {@code native}: what to unpack with here. */
    public String snapshotter() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).contains("\toverlay\n") ? "overlayfs" : "native";
        } catch (IOException e) {
            return "native";
        }
    }

    /** The environment a client of this containerd needs ({@code CONTAINERD_ADDRESS}, {@code PATH}). */
    public Map<String, String> env() {
        return Map.of("CONTAINERD_ADDRESS", socket().toString(), "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    }

    /** Runs {@code ctr --address SOCKET --namespace NS ARGS...}. */
    public ProcessResult ctr(String namespace, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Tools.require("ctr").toString(), "--address", socket().toString(), "--namespace", namespace));
        cmd.addAll(List.of(args));
        return Tools.run(Duration.ofSeconds(60), cmd);
    }

    /** {@code ctr images ls}: image name to its target digest, in namespace {@code ns}. */
    public Map<String, String> images(String namespace) {
        ProcessResult r = ctr(namespace, "images", "ls");
        if (!r.ok()) throw new AssertionError(r.describe());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String line : r.stdout().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 3 && cols[2].startsWith("sha256:")) out.put(cols[0], cols[2]);
        }
        return out;
    }

    /** The row {@code ctr images ls} prints for {@code name}, split at blanks (REF TYPE DIGEST SIZE… PLATFORMS LABELS). */
    public Optional<List<String>> image(String namespace, String name) {
        ProcessResult r = ctr(namespace, "images", "ls", "name==\"" + name + "\"");
        if (!r.ok()) throw new AssertionError(r.describe());
        for (String line : r.stdout().split("\n")) {
            List<String> cols = List.of(line.trim().split("\\s+"));
            if (cols.get(0).equals(name)) return Optional.of(cols);
        }
        return Optional.empty();
    }

    /** containerd's own log so far. */
    public String log() {
        try {
            Path f = dir.resolve("containerd.log");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop(process);
        LIVE.remove(process);
        unmountUnder(dir);
        TempDirs.deleteRecursively(dir);
    }

    /** SIGTERM, then SIGKILL for the process and its descendants if it has not exited within 10 s. */
    static void stop(Process p) {
        if (p == null) return;
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                Tools.kill(p);
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Tools.kill(p);
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Lazily unmounts every mount point below {@code dir} (a daemon killed hard leaves its mounts). */
    static void unmountUnder(Path dir) {
        try {
            String prefix = dir.toRealPath().toString() + "/";
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    String mp = f[4].replace("\\040", " ");
                    if (mp.startsWith(prefix) || (mp + "/").equals(prefix)) mounts.add(mp);
                }
            }
            mounts.sort(java.util.Comparator.comparingInt(String::length).reversed());
            for (String m : mounts) Tools.run(Duration.ofSeconds(10), List.of("umount", "-l", m));
        } catch (IOException ignored) {
            // nothing mounted, or no /proc
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
