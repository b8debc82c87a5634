package dev.ferry.daemon;

import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the docker daemon listens, as {@code DOCKER_HOST} names it: {@code unix:///path/docker.sock}
 * (the default, {@code unix:///var/run/docker.sock}) or {@code tcp://host:port} (plain HTTP; port
 * 2375 when left out). TLS ({@code DOCKER_TLS_VERIFY}), {@code ssh://} and Windows named pipes
 * are not supported and say so.
 *
 * @param url        the address as given, for messages
 * @param socket     the unix socket, or null for TCP
 * @param host       the TCP host, or null for a unix socket
 * @param port       the TCP port (0 for a unix socket)
 */
public record DockerHost(String url, Path socket, String host, int port) {
    public static final String DEFAULT = "unix:///var/run/docker.sock";

    public DockerHost {
        Objects.requireNonNull(url, "url");
        if ((socket == null) == (host == null)) throw new IllegalStateException("a docker host is either a unix socket or a TCP address"); // parse() makes one or the other
    }

    /** {@code DOCKER_HOST} from {@code env}, else the default socket; rejects TLS settings it cannot honour. */
    public static DockerHost fromEnv(Map<String, String> env) throws DaemonException {
        String value = env.get("DOCKER_HOST");
        DockerHost h = parse(value == null || value.isBlank() ? DEFAULT : value.trim());
        String tls = env.get("DOCKER_TLS_VERIFY");
        if (h.socket() == null && tls != null && !tls.isEmpty() && !tls.equals("0")) {
            throw new DaemonException(ErrorKind.BAD_INPUT, Text.of("daemon.docker_host.tls", h.url()));
        }
        return h;
    }

    /** Parses {@code unix:///path}, {@code tcp://host[:port]} or a bare socket path. */
    public static DockerHost parse(String value) throws DaemonException {
        String v = value.trim();
        if (v.startsWith("/")) return new DockerHost("unix://" + v, Path.of(v), null, 0);
        if (v.startsWith("unix://")) {
            String path = v.substring("unix://".length());
            if (path.isEmpty()) throw new DaemonException(ErrorKind.BAD_INPUT, Text.of("daemon.docker_host.no_socket", value, DEFAULT));
            return new DockerHost(v, Path.of(path), null, 0);
        }
        if (v.startsWith("tcp://") || v.startsWith("http://")) {
            URI u;
            try {
                u = new URI("http://" + v.substring(v.indexOf("://") + 3));
            } catch (URISyntaxException e) {
                u = null;
            }
            if (u == null || u.getHost() == null) throw new DaemonException(ErrorKind.BAD_INPUT, Text.of("daemon.docker_host.not_tcp", value));
            return new DockerHost(v, null, u.getHost(), u.getPort() < 0 ? 2375 : u.getPort());
        }
        String scheme = v.contains("://") ? v.substring(0, v.indexOf("://")) : v;
        throw new DaemonException(ErrorKind.BAD_INPUT, Text.of(scheme.equals("ssh") ? "daemon.docker_host.ssh" : "daemon.docker_host.scheme", value, scheme));
    }

    @Override public String toString() { return url; }
}
