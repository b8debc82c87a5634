package dev.ferry.registry;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Trust settings for one registry: the system's CAs, plus a CA file, or no verification when asked.
 *
 * <p>The TLS context is built on the first TLS connection, not before: loading the system's CA
 * store costs a short CLI run a tenth of a second of CPU, and a job between registries that speak
 * plain HTTP (on this machine, or marked insecure) never needs it. A CA file is still read at once,
 * so a bad one is reported before any transfer starts.
 */
final class Tls {
    final SSLSocketFactory socketFactory;
    final X509TrustManager trustManager;

    private Tls(Path caFile, boolean skipVerify, KeyStore extra) {
        Lazy lazy = new Lazy(caFile, skipVerify, extra);
        this.socketFactory = new LazySocketFactory(lazy);
        this.trustManager = new LazyTrustManager(lazy);
    }

    /** The system's trust, for clients that have no registry of their own. */
    static Tls system() {
        return new Tls(null, false, null);
    }

    /** @throws TrustFileException when the CA file cannot be used */
    static Tls of(Path caFile, boolean skipVerify) throws IOException {
        KeyStore extra = null;
        if (caFile != null && !skipVerify) {
            try {
                extra = KeyStore.getInstance(KeyStore.getDefaultType());
                extra.load(null, null);
                int i = 0;
                for (Certificate c : readCertificates(caFile)) extra.setCertificateEntry("ca-" + i++, c);
            } catch (GeneralSecurityException e) {
                throw new TrustFileException(Text.of("remote.tls.setup_with_ca", caFile, e.getMessage()), e);
            }
        }
        return new Tls(caFile, skipVerify, extra);
    }

    /** The context and trust manager, made once, on first use. */
    private static final class Lazy {
        private final Path caFile;
        private final boolean skipVerify;
        private final KeyStore extra;
        private volatile SSLContext context;
        private volatile X509TrustManager trustManager;

        Lazy(Path caFile, boolean skipVerify, KeyStore extra) {
            this.caFile = caFile;
            this.skipVerify = skipVerify;
            this.extra = extra;
        }

        synchronized void init() throws IOException {
            if (context != null) return;
            try {
                X509TrustManager tm;
                if (skipVerify) {
                    tm = new TrustAll();
                } else {
                    X509TrustManager system = fromKeyStore(null);
                    tm = new CertificateDates(extra == null ? system
                            : new Either(system, new CertificateDates.UserAnchors(fromKeyStore(extra), extra, caFile)));
                }
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[]{tm}, null);
                trustManager = tm;
                context = ctx;
            } catch (GeneralSecurityException e) {
                throw new LocalizedIOException(caFile == null ? Text.of("remote.tls.setup", e.getMessage()) : Text.of("remote.tls.setup_with_ca", caFile, e.getMessage()), e);
            }
        }

        SSLSocketFactory factory() throws IOException {
            init();
            return context.getSocketFactory();
        }

        X509TrustManager trustManager() throws CertificateException {
            try {
                init();
            } catch (IOException e) {
                throw new CertificateException(e.getMessage(), e);
            }
            return trustManager;
        }
    }

    private static final class LazySocketFactory extends SSLSocketFactory {
        private final Lazy lazy;

        LazySocketFactory(Lazy lazy) {
            this.lazy = lazy;
        }

        private SSLSocketFactory real() {
            try {
                return lazy.factory();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override public String[] getDefaultCipherSuites() { return real().getDefaultCipherSuites(); }

        @Override public String[] getSupportedCipherSuites() { return real().getSupportedCipherSuites(); }

        @Override public Socket createSocket() throws IOException { return lazy.factory().createSocket(); }

        @Override public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return lazy.factory().createSocket(s, host, port, autoClose);
        }

        @Override public Socket createSocket(String host, int port) throws IOException {
            return lazy.factory().createSocket(host, port);
        }

        @Override public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return lazy.factory().createSocket(host, port, localHost, localPort);
        }

        @Override public Socket createSocket(InetAddress host, int port) throws IOException {
            return lazy.factory().createSocket(host, port);
        }

        @Override public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return lazy.factory().createSocket(address, port, localAddress, localPort);
        }
    }

    /**
     * Delegates to the real trust manager once TLS is in use. Before that it lists no accepted
     * issuers: OkHttp asks for them when a client is built, for certificate pinning, which ferry
     * does not use.
     */
    private static final class LazyTrustManager implements X509TrustManager {
        private final Lazy lazy;

        LazyTrustManager(Lazy lazy) {
            this.lazy = lazy;
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            lazy.trustManager().checkClientTrusted(chain, authType);
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            lazy.trustManager().checkServerTrusted(chain, authType);
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            X509TrustManager tm = lazy.trustManager;
            return tm == null ? new X509Certificate[0] : tm.getAcceptedIssuers();
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path caFile) throws IOException, CertificateException {
        if (!Files.isRegularFile(caFile)) throw new TrustFileException(Text.of("remote.tls.ca_missing", caFile), null);
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new TrustFileException(Text.of("remote.tls.ca_empty", caFile), null);
            return certs;
        } catch (CertificateException e) {
            throw new TrustFileException(Text.of("remote.tls.ca_not_pem", caFile, e.getMessage()), e);
        }
    }

    private static X509TrustManager fromKeyStore(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509TrustManager x) return x;
        }
        throw new IllegalStateException("no X509 trust manager available"); // every JDK has one
    }

    /**
     * Trusts what either the system or the extra CA file trusts. When neither does, the extra
     * file's reason is given if it is about dates (an expired CA the user named), else the system's.
     */
    private record Either(X509TrustManager a, X509TrustManager b) implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            a.checkClientTrusted(chain, authType);
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                b.checkServerTrusted(chain, authType);
            } catch (CertificateException first) {
                try {
                    a.checkServerTrusted(chain, authType);
                } catch (CertificateException second) {
                    throw CertificateDates.isDateProblem(first) ? first : second;
                }
            }
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(a.getAcceptedIssuers()));
            all.addAll(List.of(b.getAcceptedIssuers()));
            return all.toArray(new X509Certificate[0]);
        }
    }

    /** Only for registries the user marked insecure or skip-verify. */
    private static final class TrustAll implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
