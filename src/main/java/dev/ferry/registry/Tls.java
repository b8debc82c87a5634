package dev.ferry.registry;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
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

/** Trust settings for one registry: the system's CAs, plus a CA file, or no verification when asked. */
final class Tls {
    final SSLContext context;
    final X509TrustManager trustManager;

    private Tls(SSLContext context, X509TrustManager tm) {
        this.context = context;
        this.trustManager = tm;
    }

    static Tls of(Path caFile, boolean skipVerify) throws IOException {
        try {
            X509TrustManager tm;
            if (skipVerify) {
                tm = new TrustAll();
            } else {
                X509TrustManager system = fromKeyStore(null);
                if (caFile == null) {
                    tm = system;
                } else {
                    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                    ks.load(null, null);
                    int i = 0;
                    for (Certificate c : readCertificates(caFile)) ks.setCertificateEntry("ca-" + i++, c);
                    tm = new Either(system, fromKeyStore(ks));
                }
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{tm}, null);
            return new Tls(ctx, tm);
        } catch (GeneralSecurityException e) {
            throw new IOException("set up TLS" + (caFile == null ? "" : " with CA file " + caFile) + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readCertificates(Path caFile) throws IOException, CertificateException {
        if (!Files.isRegularFile(caFile)) throw new IOException("CA file " + caFile + " does not exist or is not a file");
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IOException("CA file " + caFile + " holds no PEM certificate");
            return certs;
        } catch (CertificateException e) {
            throw new IOException("CA file " + caFile + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager fromKeyStore(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager t : tmf.getTrustManagers()) {
            if (t instanceof X509TrustManager x) return x;
        }
        throw new GeneralSecurityException("no X509 trust manager available");
    }

    /** Trusts what either the system or the extra CA file trusts. */
    private record Either(X509TrustManager a, X509TrustManager b) implements X509TrustManager {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            a.checkClientTrusted(chain, authType);
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                b.checkServerTrusted(chain, authType);
            } catch (CertificateException first) {
                a.checkServerTrusted(chain, authType);
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
