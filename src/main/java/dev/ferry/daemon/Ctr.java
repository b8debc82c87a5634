package dev.ferry.daemon;

import dev.ferry.oci.Digest;
import dev.ferry.ref.Text;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * containerd's {@code ctr} program for one socket and namespace: finding it, checking that containerd
 * answers, asking what a name points at, and running its short commands ({@code images tag|rm|ls|check})
 * with exactly the environment given. {@link ContainerdSink} runs the long one, the import, through
 * {@link #builder}.
 */
public final class Ctr {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Map<String, String> env;
    private final ContainerdSink.Settings settings;

    /** {@code settings} resolved already ({@link ContainerdSink.Settings#resolve}); ctr runs with exactly {@code env}. */
    Ctr(Map<String, String> env, ContainerdSink.Settings settings) {
        this.env = Map.copyOf(env);
        this.settings = settings;
    }

    /** containerd's socket and namespace, for messages. */
    Text where() {
        return Text.of("daemon.containerd.where", settings.address(), settings.namespace());
    }

    /** The ctr program, or a clear error when it is not installed. */
    public Path program() throws DaemonException {
        if (settings.ctr() != null) {
            if (Files.isExecutable(settings.ctr())) return settings.ctr();
            throw new DaemonException(Text.of("daemon.containerd.ctr_not_at", settings.ctr()));
        }
        String path = env.getOrDefault("PATH", DEFAULT_PATH);
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            for (String name : List.of("ctr", "ctr.exe")) {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
            }
        }
        throw new DaemonException(Text.of("daemon.containerd.ctr_not_found"));
    }

    /** Fails early and clearly when ctr is missing or nothing listens on containerd's socket. */
    public void check() throws DaemonException {
        program();
        Path socket = Path.of(settings.address());
        if (!Files.exists(socket)) {
            throw new DaemonException(Text.of("daemon.containerd.no_socket", where()));
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.toLowerCase(java.util.Locale.ROOT).contains("permission denied")) {
                throw new DaemonException(Text.of("daemon.containerd.permission_denied", where()), e);
            }
            throw new DaemonException(Text.of("daemon.containerd.unreachable", where(), why), e);
        }
    }

    /** The digest {@code name} (full, {@code docker.io/library/x:1}) points at in containerd, per {@code ctr images ls}. */
    public Optional<Digest> imageDigest(String name) throws IOException {
        return row("ls", name).map(cols -> Digest.parse(cols.get(2)));
    }

    /** Runs {@code ctr images ls|check name=="NAME"} and returns the row for NAME, split at blanks. */
    Optional<List<String>> row(String command, String name) throws IOException {
        ProcessBuilder pb = builder("images", command, "name==\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
        Process p = pb.start();
        ProcessOutput.Tail out = new ProcessOutput.Tail(p.getInputStream(), "ctr-out");
        ProcessOutput.Tail err = new ProcessOutput.Tail(p.getErrorStream(), "ctr-err");
        int code = ProcessOutput.waitFor(p, "ctr images " + command);
        String text = out.text();
        if (code != 0) throw new DaemonException(Text.of("daemon.containerd.images_failed", command, name, where(), err.text().strip()));
        for (String line : text.split("\n")) {
            List<String> cols = List.of(line.trim().split("\\s+"));
            if (!cols.isEmpty() && cols.get(0).equals(name) && cols.size() >= 3) return Optional.of(cols);
        }
        return Optional.empty();
    }

    /** What ctr said and how it exited. */
    record Outcome(int exit, String said) {}

    /** Runs {@code ctr images ARGS} with nothing on its stdin: its exit code and what it printed (stdout and stderr, stripped). */
    Outcome images(String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("images"));
        a.addAll(List.of(args));
        ProcessBuilder pb = builder(a.toArray(String[]::new)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())));
        Process p = pb.start();
        ProcessOutput.Tail out = new ProcessOutput.Tail(p.getInputStream(), "ctr-" + args[0]);
        int code = ProcessOutput.waitFor(p, "ctr images " + args[0]);
        return new Outcome(code, out.text().strip());
    }

    /** {@code ctr --address ADDR --namespace NS ARGS}, to run with exactly the environment given. */
    ProcessBuilder builder(String... args) throws DaemonException {
        List<String> cmd = new ArrayList<>(List.of(program().toString(), "--address", settings.address(), "--namespace", settings.namespace()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        return pb;
    }

    private static String nullDevice() {
        return File.separatorChar == '\\' ? "NUL" : "/dev/null";
    }
}
