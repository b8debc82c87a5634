package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ref.Text;
import okhttp3.Response;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** How a failed exchange with a registry becomes a typed {@link RegistryException}: from its answer, or from the I/O error. */
final class Failures {
    private Failures() {}

    /**
     * Builds the typed error for a failed answer and closes it. {@code credentialsHint} says what
     * a 401 means for the credentials in use (asked only then).
     */
    static RegistryException ofAnswer(Text op, Response r, Text detail, Supplier<Text> credentialsHint) {
        int s = r.code();
        List<String> codes = new ArrayList<>();
        String message = null;
        try (r) {
            if (!"HEAD".equals(r.request().method())) {
                byte[] raw = Answers.readBounded(r.body().byteStream(), 64 * 1024, op);
                JsonNode n = Answers.JSON.readTree(raw);
                if (n != null) {
                    for (JsonNode e : n.path("errors")) {
                        codes.add(e.path("code").asText());
                        if (message == null && !e.path("message").asText("").isEmpty()) message = e.path("message").asText();
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no JSON error body: the status says enough
        }
        boolean reading = r.request().method().equals("GET") || r.request().method().equals("HEAD");
        Text d = detail != null ? detail : switch (s) {
            case 401 -> credentialsHint.get();
            case 403 -> Text.of(reading ? "remote.detail.denied_read" : "remote.detail.denied_write");
            case 404 -> message != null ? Text.of("remote.detail.not_found_said", message) : Text.of("remote.detail.not_found");
            case 429 -> Text.of("remote.detail.rate_limited");
            default -> message != null ? Text.verbatim(message) : Text.of(s >= 500 ? "remote.detail.failed" : "remote.detail.refused");
        };
        return new RegistryException(op, s, codes, d, retryableStatus(s), null);
    }

    static boolean retryableStatus(int s) {
        return s == 408 || s == 429 || s >= 500;
    }

    static Duration retryAfter(Response r) {
        String v = r.header("Retry-After");
        if (v == null) return null;
        try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(ZonedDateTime.now(t.getZone()), t);
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    /** A registry asking to wait longer than is waited for: it fails now, with the registry's own wait. */
    static RegistryException waitTooLong(Text op, RegistryException e, Duration after) {
        long secs = after.toSeconds();
        String wait = secs >= 120 ? secs + " s (" + (secs + 59) / 60 + " min)" : secs + " s";
        return new RegistryException(op, e.status(), e.codes(), Text.of("remote.detail.wait_too_long", wait, RetryPolicy.MAX_RETRY_AFTER.toMinutes()), false, null);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    static RegistryException asRegistryException(Text op, IOException e) {
        if (e instanceof RegistryException re) return re;
        boolean retryable = !(e instanceof SSLException) && !(e instanceof UnknownHostException);
        return new RegistryException(op, 0, List.of(), describe(e), retryable, e);
    }

    static Text describe(IOException e) {
        if (e instanceof UnknownHostException) return Text.of("remote.detail.unknown_host", e.getMessage());
        if (e instanceof ConnectException) return Text.of("remote.detail.connection_refused", e.getMessage());
        if (e instanceof SocketTimeoutException) return Text.of("remote.detail.timed_out", e.getMessage());
        Text outOfDate = e instanceof SSLException ? CertificateDates.describe(e) : null;
        if (outOfDate != null) return outOfDate;
        if (e instanceof SSLHandshakeException && isCertificateProblem(e)) return Text.of("remote.detail.tls_untrusted", rootMessage(e));
        if (e instanceof SSLException) return Text.of("remote.detail.tls_failed", rootMessage(e));
        String m = e.getMessage();
        return Text.verbatim(m == null ? e.getClass().getSimpleName() : m);
    }

    static boolean isCertificateProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException || c instanceof SSLPeerUnverifiedException) return true;
            String m = c.getMessage();
            if (m != null && (m.contains("PKIX") || m.contains("certificate"))) return true;
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
