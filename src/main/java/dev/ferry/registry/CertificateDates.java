package dev.ferry.registry;

import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;

import javax.net.ssl.X509TrustManager;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * The validity dates of a registry's certificate, and of the CA certificates a person gave with
 * {@code --ca} or {@code ca:}, checked and said plainly: "expired on 2026-11-30 09:41 UTC".
 *
 * <p>The JDK checks the dates of the certificates it finds on the way to a trust anchor but not
 * those of the anchor itself: a self-signed certificate given as the CA file was accepted long
 * after it expired, and an expired server certificate was reported as "not trusted". This
 * wrapper checks the server's own certificate first, and {@link UserAnchors} the anchor from the
 * user's file that a chain ends in.
 */
final class CertificateDates implements X509TrustManager {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private final X509TrustManager inner;

    CertificateDates(X509TrustManager inner) {
        this.inner = inner;
    }

    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        inner.checkClientTrusted(chain, authType);
    }

    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain != null && chain.length > 0) check(chain[0], Text.of("remote.tls.registry_certificate", subject(chain[0])));
        inner.checkServerTrusted(chain, authType);
    }

    @Override public X509Certificate[] getAcceptedIssuers() {
        return inner.getAcceptedIssuers();
    }

    /** Throws when {@code c} is not valid now, saying since or until when. */
    static void check(X509Certificate c, Text what) throws CertificateException {
        Date now = new Date();
        if (now.after(c.getNotAfter())) throw new Expired(Text.of("remote.tls.expired", what, WHEN.format(c.getNotAfter().toInstant())));
        if (now.before(c.getNotBefore())) throw new NotYetValid(Text.of("remote.tls.not_yet_valid", what, WHEN.format(c.getNotBefore().toInstant())));
    }

    /** A certificate past its end, said in the person's language. */
    static final class Expired extends CertificateExpiredException implements Localized {
        private final transient Text text;

        Expired(Text text) {
            super(text.english());
            this.text = text;
        }

        @Override public Text text() { return text; }
    }

    /** A certificate before its start, said in the person's language. */
    static final class NotYetValid extends CertificateNotYetValidException implements Localized {
        private final transient Text text;

        NotYetValid(Text text) {
            super(text.english());
            this.text = text;
        }

        @Override public Text text() { return text; }
    }

    /** Whether {@code t}, or what caused it, is about a certificate's dates. */
    static boolean isDateProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException) return true;
            if (c instanceof CertPathValidatorException v && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) return true;
        }
        return false;
    }

    /**
     * The date problem behind a failed TLS handshake, as a sentence with what to do, or null when
     * it was not about dates.
     */
    static Text describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertPathValidatorException v && v.getCertPath() != null && v.getIndex() >= 0
                    && v.getIndex() < v.getCertPath().getCertificates().size()
                    && v.getCertPath().getCertificates().get(v.getIndex()) instanceof X509Certificate x && isDateProblem(v)) {
                try {
                    check(x, Text.of("remote.tls.chain_certificate", subject(x)));
                } catch (CertificateException e) {
                    return advice(Text.of(e));
                }
            }
            if ((c instanceof Expired || c instanceof NotYetValid) && c instanceof Localized l) return advice(l.text());
        }
        return isDateProblem(t) ? advice(Text.of("remote.tls.chain_out_of_date")) : null;
    }

    private static Text advice(Text what) {
        return Text.of("remote.tls.out_of_date", what);
    }

    static String subject(X509Certificate c) {
        return "\"" + c.getSubjectX500Principal().getName() + "\"";
    }

    /**
     * Trust in the CA certificates of a file the user gave, with the dates of the one a chain
     * ends in checked: the certificate of the chain that is in the file, or the one in the file
     * that issued it.
     */
    static final class UserAnchors implements X509TrustManager {
        private final X509TrustManager inner;
        private final List<X509Certificate> anchors;
        private final Path file;

        UserAnchors(X509TrustManager inner, KeyStore store, Path file) throws KeyStoreException {
            this.inner = inner;
            this.file = file;
            List<X509Certificate> all = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                Certificate c = store.getCertificate(alias);
                if (c instanceof X509Certificate x) all.add(x);
            }
            this.anchors = List.copyOf(all);
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            inner.checkClientTrusted(chain, authType);
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            inner.checkServerTrusted(chain, authType);
            X509Certificate anchor = anchorOf(chain);
            if (anchor != null) check(anchor, Text.of("remote.tls.ca_file_certificate", subject(anchor), file));
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            return inner.getAcceptedIssuers();
        }

        /** The certificate of the file that the chain, read from the server's own, reaches first. */
        private X509Certificate anchorOf(X509Certificate[] chain) {
            for (X509Certificate c : chain) {
                if (anchors.contains(c)) return c;
                for (X509Certificate a : anchors) {
                    if (a.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signed(c, a)) return a;
                }
            }
            return null;
        }

        private static boolean signed(X509Certificate c, X509Certificate by) {
            try {
                c.verify(by.getPublicKey());
                return true;
            } catch (GeneralSecurityException e) {
                return false;
            }
        }
    }
}
