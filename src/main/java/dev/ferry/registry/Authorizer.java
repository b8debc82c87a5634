package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ref.Text;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Authorization} header of a request, as the registry's {@code /v2/} challenge asks:
 * none, basic, or a bearer token from the realm (per scope, cached until shortly before it
 * expires; credentials are never sent in clear text where {@link PlainHttp} forbids it).
 */
final class Authorizer {
    private final RequestLoop loop;

    Authorizer(RequestLoop loop) {
        this.loop = loop;
    }

    /** The Authorization header for a request needing {@code scopes}, fetching a token if needed. */
    String authorization(Text op, Set<String> scopes, boolean refresh) throws RegistryException {
        RegistryState state = loop.state();
        Challenge c = state.challenge;
        if (c == null) return null;
        Credentials creds = loop.credentials();
        if (c.isBasic()) {
            if (creds == null || creds.isIdentityToken()) return null;
            HttpUrl base = state.base;
            if (base != null && !PlainHttp.credentialsMayGo(base.scheme(), loop.registry(), loop.options())) {
                throw AuthRefusal.cleartext(op, loop.registry(), loop.registry());
            }
            return creds.basicHeader();
        }
        if (!c.isBearer()) return null;
        TokenCache tokens = state.tokens;
        TokenCache.Token t = refresh ? null : tokens.find(scopes);
        if (t == null) {
            synchronized (tokens) {
                t = refresh ? null : tokens.find(scopes);
                if (t == null) {
                    t = fetchToken(op, c, scopes, creds);
                    tokens.put(t);
                }
            }
        }
        return "Bearer " + t.value();
    }

    private TokenCache.Token fetchToken(Text op, Challenge c, Set<String> scopes, Credentials creds) throws RegistryException {
        String registry = loop.registry();
        String realm = c.realm();
        HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
        if (realmUrl == null) throw new RegistryException(op, 401, List.of(), Text.of("remote.detail.realm_not_url", realm), false, null);
        Text what = Text.of("remote.op.get_token", realmUrl.host(), registry);
        String realmHost = (realmUrl.host().indexOf(':') >= 0 ? "[" + realmUrl.host() + "]" : realmUrl.host()) + ":" + realmUrl.port();
        if (creds != null && !PlainHttp.credentialsMayGo(realmUrl.scheme(), realmHost, loop.options())) throw AuthRefusal.cleartext(what, registry, realmHost);
        List<String> scopeParams = Scopes.format(scopes);
        Request.Builder rb;
        if (creds != null && creds.isIdentityToken()) {
            okhttp3.FormBody.Builder form = new okhttp3.FormBody.Builder()
                    .add("grant_type", "refresh_token").add("refresh_token", creds.identityToken()).add("client_id", "ferry");
            if (c.service() != null) form.add("service", c.service());
            form.add("scope", String.join(" ", scopeParams));
            rb = new Request.Builder().url(realmUrl).post(form.build());
        } else {
            HttpUrl.Builder ub = realmUrl.newBuilder();
            if (c.service() != null) ub.addQueryParameter("service", c.service());
            for (String s : scopeParams) ub.addQueryParameter("scope", s);
            if (creds != null) ub.addQueryParameter("account", creds.username());
            rb = new Request.Builder().url(ub.build()).get();
            if (creds != null) rb.header("Authorization", creds.basicHeader());
        }
        Request req = rb.build();
        try (Response r = loop.withRetries(what, () -> loop.execute(what, req, false), true)) {
            if (r.code() == 401 || r.code() == 403) {
                throw AuthRefusal.byTokenService(what, r.code(), creds, registry, realmHost);
            }
            if (r.code() != 200) throw loop.error(what, r, Text.of("remote.detail.token_service_answered", r.code()));
            JsonNode n = Answers.readJson(what, r);
            String token = n.path("token").asText("");
            if (token.isEmpty()) token = n.path("access_token").asText("");
            if (token.isEmpty()) throw new RegistryException(what, r.code(), List.of(), Text.of("remote.detail.no_token"), false, null);
            long expires = n.path("expires_in").asLong(60);
            if (expires <= 0) expires = 60;
            return TokenCache.Token.of(Collections.unmodifiableSet(new LinkedHashSet<>(scopes)), token, Duration.ofSeconds(expires));
        }
    }
}
