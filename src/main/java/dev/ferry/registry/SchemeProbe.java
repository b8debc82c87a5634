package dev.ferry.registry;

import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

import javax.net.ssl.SSLException;
import java.util.ArrayList;
import java.util.List;

/** The first request to a registry: reaching {@code /v2/} to learn its scheme and its authentication challenge. */
final class SchemeProbe {
    private SchemeProbe() {}

    /** Reaches {@code /v2/} once per registry (its views share what was learnt) and keeps the scheme and challenge. */
    static void ping(RequestLoop loop) throws RegistryException {
        RegistryState state = loop.state();
        RegistryOptions options = loop.options();
        String registry = loop.registry();
        synchronized (state.pingLock) {
            if (state.base != null) return;
            Text op = Text.of("remote.op.reach", registry);
            List<String> schemes = new ArrayList<>();
            boolean loopback = Registries.parse(registry).isLoopback();
            if (options.scheme() != null) schemes.add(options.scheme());
            else if (loopback) {
                // registries on this machine are usually plain HTTP: ask that way first, then HTTPS
                schemes.add("http");
                schemes.add("https");
            } else {
                schemes.add("https");
                if (options.insecure()) schemes.add("http");
            }
            RegistryException last = null;
            for (int i = 0; i < schemes.size(); i++) {
                String scheme = schemes.get(i);
                boolean more = i + 1 < schemes.size();
                HttpUrl url = HttpUrl.get(scheme + "://" + loop.apiHost() + "/v2/");
                // retried like every request: a 503, a 429 or a reset here must not fail the job, nor turn into another scheme
                try (Response r = loop.withRetries(op, () -> loop.execute(op, new Request.Builder().url(url).get().build(), true), true)) {
                    int s = r.code();
                    if (s == 200 || s == 401) {
                        state.challenge = s == 401 ? Challenge.parse(r.header("WWW-Authenticate")) : null;
                        state.base = HttpUrl.get(scheme + "://" + loop.apiHost() + "/");
                        if (scheme.equals("http") && PlainHttp.warns(registry, options)) loop.scope().retryListener().warning(PlainHttp.warning(registry));
                        return;
                    }
                    last = loop.error(op, r, Text.of("remote.detail.not_oci", s));
                    // a TLS server answers a plain request with 400: try the next scheme
                    if (!(more && scheme.equals("http") && s == 400)) break;
                } catch (RegistryException e) {
                    if (last != null && scheme.equals("https") && e.getCause() instanceof SSLException && !Failures.isCertificateProblem(e.getCause())) {
                        break; // the server is not TLS either: what the plain attempt got says more than "unrecognized SSL message"
                    }
                    last = e;
                    boolean tryNext = scheme.equals("http") ? notHttp(e.getCause()) : e.getCause() instanceof SSLException && !Failures.isCertificateProblem(e.getCause());
                    if (!(tryNext && more)) break;
                }
            }
            throw last;
        }
    }

    /**
     * Whether a plain-HTTP attempt got an answer that is not HTTP at all (a TLS server's bytes):
     * only then is HTTPS tried instead. A reset, a refused connection or an answer cut short is a
     * network fault, retried and reported as such.
     */
    private static boolean notHttp(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.ProtocolException) return true; // "Unexpected status line"
            String m = c.getMessage();
            // OkHttp's EOF with bytes that hold no line break: something answered, but not with an HTTP status line
            if (c instanceof java.io.EOFException && m != null && m.contains("\\n not found") && !m.contains("limit=0")) return true;
        }
        return false;
    }
}
