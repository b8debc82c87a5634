package dev.ferry.registry;

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
        if (chain != null && chain.length > 0) check(chain[0], "the registry's certificate " + subject(chain[0]));
        inner.checkServerTrusted(chain, authType);
    }

    @Override public X509Certificate[] getAcceptedIssuers() {
        return inner.getAcceptedIssuers();
    }

    /** Throws when {@code c} is not valid now, saying since or until when. */
    static void check(X509Certificate c, String what) throws CertificateException {
        Date now = new Date();
        if (now.after(c.getNotAfter())) throw new CertificateExpiredException(what + " expired on " + WHEN.format(c.getNotAfter().toInstant()));
        if (now.before(c.getNotBefore())) {
            throw new CertificateNotYetValidException(what + " is not valid before " + WHEN.format(c.getNotBefore().toInstant()));
        }
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
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertPathValidatorException v && v.getCertPath() != null && v.getIndex() >= 0
                    && v.getIndex() < v.getCertPath().getCertificates().size()
                    && v.getCertPath().getCertificates().get(v.getIndex()) instanceof X509Certificate x && isDateProblem(v)) {
                try {
                    check(x, "the certificate " + subject(x) + " in the registry's chain");
                } catch (CertificateException e) {
                    return advice(e.getMessage());
                }
            }
            if ((c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException)
                    && c.getMessage() != null && c.getMessage().startsWith("the ")) {
                return advice(c.getMessage());
            }
        }
        return isDateProblem(t) ? advice("a certificate of the registry's chain is out of date") : null;
    }

    private static String advice(String what) {
        return "TLS certificate out of date: " + what + "; the registry's administrator must renew it"
                + " (or, for a CA file given with --ca or ca:, give a current one)";
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
            if (anchor != null) check(anchor, "the certificate " + subject(anchor) + " in CA file " + file);
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
