package dev.ferry.testing;

import javax.net.ssl.SSLContext;
import java.net.URI;

/** How a {@link FaultProxy} talks to its target and to its clients; see {@link FaultProxy#builder(String)}. */
public final class FaultProxyBuilder {
    final URI target;
    SSLContext backendSsl;
    SSLContext frontSsl;

    FaultProxyBuilder(String targetUrl) {
        this.target = URI.create(targetUrl);
    }

    /** Trusts {@code ca} when the target is HTTPS. */
    public FaultProxyBuilder trust(TestCa ca) {
        this.backendSsl = ca.clientSslContext();
        return this;
    }

    /** Trusts whatever {@code ctx} trusts when the target is HTTPS. */
    public FaultProxyBuilder backendSsl(SSLContext ctx) {
        this.backendSsl = ctx;
        return this;
    }

    /** Serves HTTPS to clients with the server certificate of {@code ca}. */
    public FaultProxyBuilder tls(TestCa ca) {
        this.frontSsl = ca.serverSslContext();
        return this;
    }

    /** Binds and starts accepting. */
    public FaultProxy start() {
        return new FaultProxy(this);
    }
}
