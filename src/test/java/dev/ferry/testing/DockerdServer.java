package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real docker daemon ({@code dockerd}, Debian package {@code docker.io}) on a private unix socket,
 * with its data root, exec root, pid file, trust key and config file under one temporary
 * directory, using a {@link ContainerdServer} the caller owns. No networking changes
 * ({@code --iptables=false --ip6tables=false --bridge=none}) and the {@code vfs} storage driver,
 * so it runs anywhere as root.
 *
 * <pre>{@code
 * try (ContainerdServer c = ContainerdServer.start(); DockerdServer d = DockerdServer.start(c)) { d.get("/version"); }
 * }</pre>
 *
 * {@link #close()} stops it (SIGTERM, then SIGKILL), unmounts what it left and deletes its directory.
 */
public final class DockerdServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** An answer of the Engine API: status code and body. */
    public record Answer(int status, String body) {}

    private final Path dir;
    private final Process process;
    private final String tcpHost;

    private DockerdServer(Path dir, Process process, String tcpHost) {
        this.dir = dir;
        this.process = process;
        this.tcpHost = tcpHost;
    }

    /** Starts dockerd on containerd {@code c} and waits until {@code GET /_ping} answers OK. */
    public static DockerdServer start(ContainerdServer c) {
        return start(c, false);
    }

    /**
     * Starts dockerd on containerd {@code c}; with {@code tcp} it also listens on a free loopback
     * port ({@link #tcpHost()}), plain HTTP.
     */
    public static DockerdServer start(ContainerdServer c, boolean tcp) {
        Path bin = Tools.require("dockerd");
        Path dir = TempDirs.create("dockerd");
        try {
            String tcpHost = tcp ? "tcp://127.0.0.1:" + RegistryServer.freePort() : null;
            // the trust key would otherwise be written to /etc/docker/key.json
            Files.writeString(dir.resolve("daemon.json"), "{\"deprecated-key-path\": \"" + dir.resolve("key.json") + "\"}");
            List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                    "--config-file", dir.resolve("daemon.json").toString(),
                    "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("docker.pid").toString(),
                    "-H", "unix://" + dir.resolve("docker.sock"),
                    "--containerd", c.socket().toString(),
                    "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs"));
            if (tcpHost != null) cmd.addAll(List.of("-H", tcpHost));
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dockerd.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            ContainerdServer.LIVE.add(p);
            DockerdServer s = new DockerdServer(dir, p, tcpHost);
            s.awaitUp();
            return s;
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new UncheckedIOException(e);
        }
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no socket yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new AssertionError("dockerd exited with code " + process.exitValue() + ":\n" + log);
            }
            if (Files.exists(socket())) {
                try {
                    Answer a = get("/_ping");
                    if (a.status() == 200) return;
                    last = a.toString();
                } catch (IOException e) {
                    last = e.toString();
                }
            }
            sleep(50);
        }
        String log = log();
        close();
        throw new AssertionError("dockerd did not answer on " + socket() + " within " + START_TIMEOUT.toSeconds() + " s (" + last + "):\n" + log);
    }

    public Path socket() {
        return dir.resolve("docker.sock");
    }

    /** {@code unix:///…/docker.sock}, the value for {@code DOCKER_HOST}. */
    public String dockerHost() {
        return "unix://" + socket();
    }

    /** {@code tcp://127.0.0.1:PORT} when started with a TCP listener, else null. */
    public String tcpHost() {
        return tcpHost;
    }

    /** The environment a docker client needs to reach this daemon. */
    public Map<String, String> env() {
        return Map.of("DOCKER_HOST", dockerHost());
    }

    /** {@code GET path} on the Engine API (HTTP/1.0, so the body simply runs to the end of the connection). */
    public Answer get(String path) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket()));
            ByteBuffer req = ByteBuffer.wrap(("GET " + path + " HTTP/1.0\r\nHost: docker\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            while (req.hasRemaining()) ch.write(req);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(65536);
            while (ch.read(buf) >= 0) {
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/") || end < 0) throw new IOException("not an HTTP answer: " + text);
            return new Answer(Integer.parseInt(text.split(" ", 3)[1]), text.substring(end + 4));
        }
    }

    /** The daemon's log so far. */
    public String log() {
        try {
            Path f = dir.resolve("dockerd.log");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read the log: " + e + ")";
        }
    }

    @Override
    public void close() {
        ContainerdServer.stop(process);
        ContainerdServer.LIVE.remove(process);
        ContainerdServer.unmountUnder(dir);
        TempDirs.deleteRecursively(dir);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
