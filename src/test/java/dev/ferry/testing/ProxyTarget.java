package dev.ferry.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** The one loopback target of a {@link FaultProxy}: connecting to it (plain or TLS) and pointing its {@code Location}s at the proxy. */
final class ProxyTarget {
    private final URI target;
    private final String authority;
    private final boolean tls;
    private final SSLContext ssl;

    /** {@code ssl}: what to trust when the target is HTTPS (null: the JDK's default). */
    ProxyTarget(URI target, SSLContext ssl) {
        this.target = target;
        this.tls = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() != -1 ? target.getPort() : (tls ? 443 : 80);
        this.authority = target.getHost() + ":" + port;
        if (!"127.0.0.1".equals(target.getHost()) && !"localhost".equals(target.getHost())
                && !"[::1]".equals(target.getHost())) {
            throw new IllegalArgumentException("FaultProxy only forwards to loopback, not " + target);
        }
        this.ssl = ssl;
    }

    /** {@code HOST:PORT}, for the {@code Host} header. */
    String authority() {
        return authority;
    }

    /** A new connection to the target, in {@code sockets} (so that closing the proxy ends it) from before it connects. */
    Socket connect(Set<Socket> sockets) throws IOException {
        int port = target.getPort() != -1 ? target.getPort() : (tls ? 443 : 80);
        Socket s;
        if (tls) {
            SSLContext ctx = ssl;
            if (ctx == null) {
                try {
                    ctx = SSLContext.getDefault();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IOException(e);
                }
            }
            SSLSocket tlsSocket = (SSLSocket) ctx.getSocketFactory().createSocket();
            SSLParameters params = tlsSocket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tlsSocket.setSSLParameters(params);
            s = tlsSocket;
        } else {
            s = new Socket();
        }
        sockets.add(s);
        s.connect(new InetSocketAddress(target.getHost(), port), 5000);
        s.setSoTimeout(FaultProxy.SOCKET_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        if (s instanceof SSLSocket t) {
            t.startHandshake();
        }
        return s;
    }

    /** {@code location} pointed at the proxy ({@code mine}) when it points at the target. */
    String rewriteLocation(String location, String mine) {
        for (String base : List.of(target.getScheme() + "://" + authority,
                target.getScheme() + "://" + target.getAuthority())) {
            if (location.regionMatches(true, 0, base, 0, base.length())
                    && (location.length() == base.length() || "/?#".indexOf(location.charAt(base.length())) >= 0)) {
                return mine + location.substring(base.length());
            }
        }
        return location;
    }
}
