package dev.ferry.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority (ECDSA P-256) and one server certificate it signed, valid
 * for {@code 127.0.0.1}, {@code ::1} and {@code localhost}. PEM files live in a temporary
 * directory that {@link #close()} deletes. The server key is written as PKCS#8
 * ({@code BEGIN PRIVATE KEY}), which Go's {@code crypto/tls} (docker-registry) accepts.
 */
public final class TestCa implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKey;
    private final X509Certificate caCert;
    private final KeyPair serverKey;
    private final X509Certificate serverCert;

    /** Generates the CA and the server certificate and writes their PEM files. */
    public TestCa() {
        this(null, null, null, null, false);
    }

    /**
     * A CA and server certificate valid between the dates given (null: from an hour ago to two
     * days ahead), e.g. an expired server certificate from a valid CA, or a valid one from an
     * expired CA.
     */
    public static TestCa withDates(Instant caNotBefore, Instant caNotAfter, Instant serverNotBefore, Instant serverNotAfter) {
        return new TestCa(caNotBefore, caNotAfter, serverNotBefore, serverNotAfter, false);
    }

    /**
     * A self-signed server certificate valid between the dates given: its own CA, so
     * {@link #caPem()} holds the server certificate, as people pass one with {@code --ca}.
     */
    public static TestCa selfSigned(Instant notBefore, Instant notAfter) {
        return new TestCa(notBefore, notAfter, notBefore, notAfter, true);
    }

    private TestCa(Instant caFrom, Instant caTo, Instant serverFrom, Instant serverTo, boolean selfSigned) {
        try {
            Instant now = Instant.now();
            Date notBefore = Date.from(now.minus(Duration.ofHours(1)));
            Date notAfter = Date.from(now.plus(Duration.ofDays(2)));
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            GeneralNames sans = new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1"),
                    new GeneralName(GeneralName.dNSName, "localhost")});

            if (selfSigned) {
                serverKey = ecKeyPair();
                caKey = serverKey;
                X500Name name = new X500Name("CN=127.0.0.1,O=ferry self-signed");
                X509v3CertificateBuilder self = new JcaX509v3CertificateBuilder(name, serial(), or(caFrom, notBefore),
                        or(caTo, notAfter), name, serverKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                        .addExtension(Extension.subjectAlternativeName, false, sans);
                serverCert = sign(self, serverKey.getPrivate());
                caCert = serverCert;
            } else {
                caKey = ecKeyPair();
                X500Name caName = new X500Name("CN=ferry test CA,O=ferry");
                X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), or(caFrom, notBefore),
                        or(caTo, notAfter), caName, caKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                        .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKey.getPublic()));
                caCert = sign(ca, caKey.getPrivate());

                serverKey = ecKeyPair();
                X509v3CertificateBuilder srv = new JcaX509v3CertificateBuilder(caCert, serial(), or(serverFrom, notBefore),
                        or(serverTo, notAfter), new X500Name("CN=127.0.0.1,O=ferry"), serverKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                        .addExtension(Extension.subjectAlternativeName, false, sans)
                        .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
                serverCert = sign(srv, caKey.getPrivate());
            }

            dir = TempDirs.create("ca");
            Files.writeString(caPem(), pem(caCert));
            Files.writeString(serverCertPem(), pem(serverCert));
            Files.writeString(serverKeyPem(), pem(new JcaPKCS8Generator(serverKey.getPrivate(), null).generate()));
            Files.createDirectories(certDir());
            Files.writeString(certDir().resolve("ca.crt"), pem(caCert));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create test CA", e);
        }
    }

    /** PEM file holding the CA certificate. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** PEM file holding the server certificate (leaf only). */
    public Path serverCertPem() {
        return dir.resolve("server.pem");
    }

    /** PEM file holding the server's private key, PKCS#8 unencrypted. */
    public Path serverKeyPem() {
        return dir.resolve("server-key.pem");
    }

    /** A directory containing only {@code ca.crt}, as skopeo's {@code --cert-dir} expects. */
    public Path certDir() {
        return dir.resolve("certs.d");
    }

    /** The CA certificate. */
    public X509Certificate caCertificate() {
        return caCert;
    }

    /** The server certificate. */
    public X509Certificate serverCertificate() {
        return serverCert;
    }

    /**
     * A client TLS context that trusts only this CA; for certificates that are not valid now
     * (expired, or not yet valid), one that accepts exactly this server certificate, whatever its
     * dates, so that a test harness can still see the registry come up.
     */
    public SSLContext clientSslContext() {
        if (!validNow()) return pinnedSslContext();
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ferry-test-ca", caCert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean validNow() {
        try {
            caCert.checkValidity();
            serverCert.checkValidity();
            return true;
        } catch (java.security.cert.CertificateException e) {
            return false;
        }
    }

    private SSLContext pinnedSslContext() {
        javax.net.ssl.X509TrustManager pinned = new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("no client certificates");
            }

            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                if (chain.length == 0 || !chain[0].equals(serverCert)) throw new java.security.cert.CertificateException("not this test server");
            }

            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[] {caCert}; }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {pinned}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Date or(Instant i, Date dflt) {
        return i == null ? dflt : Date.from(i);
    }

    /** A server TLS context presenting the server certificate (with the CA in the chain). */
    public SSLContext serverSslContext() {
        try {
            char[] pw = "changeit".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey.getPrivate(), pw, new Certificate[] {serverCert, caCert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the PEM files. */
    @Override
    public void close() {
        TempDirs.deleteRecursively(dir);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    /** PEM text of a certificate, key or PEM object generator. */
    static String pem(Object o) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }
}
