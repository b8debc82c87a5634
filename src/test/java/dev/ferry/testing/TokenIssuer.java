package dev.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A Docker registry token server (the "token" authentication flow of the distribution spec) on
 * {@code http://127.0.0.1:PORT/token}.
 *
 * <p>Clients call {@code GET /token?service=S&scope=repository:NAME:pull,push&scope=...} with
 * HTTP Basic credentials (or none, when {@link #allowAnonymous(boolean) anonymous} access is on;
 * anonymous callers get at most {@code pull}). The OAuth2 form ({@code POST /token} with
 * {@code grant_type=password} or {@code refresh_token}) is also understood. The answer is an
 * RS256 JWT whose header carries {@code x5c} with the signing certificate; that certificate is in
 * {@link #rootCertBundle()}, to be used as the registry's {@code auth.token.rootcertbundle}.
 * Every request is recorded in {@link #requests()}.
 */
public final class TokenIssuer implements AutoCloseable {

    /** Default JWT issuer ({@code iss}); the registry's {@code auth.token.issuer} must equal it. */
    public static final String DEFAULT_ISSUER = "ferry-test-issuer";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which fields of the JSON answer carry the token. */
    public enum TokenField {
        /** Only {@code token}. */
        TOKEN,
        /** Only {@code access_token} (OAuth2 style). */
        ACCESS_TOKEN,
        /** Both {@code token} and {@code access_token} (what Docker Hub does). */
        BOTH
    }

    /**
     * One requested or granted access entry, e.g. {@code repository:library/alpine:pull,push}.
     *
     * @param type    resource type ({@code repository}, {@code registry})
     * @param name    resource name ({@code library/alpine}, {@code catalog})
     * @param actions actions ({@code pull}, {@code push}, {@code delete}, {@code *})
     */
    public record Access(String type, String name, List<String> actions) {
        public Access {
            actions = List.copyOf(actions);
        }

        /**
         * Parses one scope string {@code TYPE:NAME:ACTION[,ACTION...]}; the name may contain
         * colons (only the first and the last colon separate).
         */
        public static Access parse(String scope) {
            int first = scope.indexOf(':');
            int last = scope.lastIndexOf(':');
            if (first < 0 || last == first) {
                throw new IllegalArgumentException("bad scope: " + scope);
            }
            List<String> actions = new ArrayList<>();
            for (String a : scope.substring(last + 1).split(",")) {
                if (!a.isBlank()) {
                    actions.add(a.trim());
                }
            }
            return new Access(scope.substring(0, first), scope.substring(first + 1, last), actions);
        }

        /** The scope string form, {@code TYPE:NAME:A,B}. */
        @Override
        public String toString() {
            return type + ":" + name + ":" + String.join(",", actions);
        }
    }

    /** Decides which of the requested actions a user gets. */
    @FunctionalInterface
    public interface AccessPolicy {
        /**
         * @param user      authenticated user name, or {@code null} for an anonymous request
         * @param requested the requested access entry
         * @return the actions to grant (a subset of the requested ones; may be empty)
         */
        Set<String> grant(String user, Access requested);
    }

    /**
     * One recorded call to the token endpoint.
     *
     * @param method     {@code GET} or {@code POST}
     * @param query      the raw query string (or the form body of a POST), may be empty
     * @param user       authenticated user, or {@code null} when anonymous or rejected
     * @param attempted  user name that was presented (even when the password was wrong), or {@code null}
     * @param service    the {@code service} parameter
     * @param scopes     the requested scopes, one per entry, as sent
     * @param status     the HTTP status answered
     * @param granted    the access entries put into the token (empty unless status 200)
     */
    public record TokenRequest(String method, String query, String user, String attempted, String service,
                               List<String> scopes, int status, List<Access> granted) {
    }

    private final Map<String, String> users;
    private final String issuer;
    private final KeyPair signingKey;
    private final X509Certificate signingCert;
    private final Path dir;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Set<String>> userRestrictions = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile boolean allowAnonymous;
    private volatile long expiresInSeconds = 300;
    private volatile TokenField tokenField = TokenField.BOTH;
    private volatile AccessPolicy policy;
    private volatile boolean tokensRejected;

    /** Starts an issuer with the given users (name to password) and issuer name {@value #DEFAULT_ISSUER}. */
    public TokenIssuer(Map<String, String> users) {
        this(users, DEFAULT_ISSUER);
    }

    /** Starts an issuer with the given users (name to password) and {@code iss} claim value. */
    public TokenIssuer(Map<String, String> users, String issuer) {
        this.users = Map.copyOf(users);
        this.issuer = Objects.requireNonNull(issuer);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            signingKey = g.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + issuer + " signing key");
            signingCert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                    name, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    java.util.Date.from(now.minus(Duration.ofHours(1))),
                    java.util.Date.from(now.plus(Duration.ofDays(2))), name, signingKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(signingKey.getPrivate())));
            dir = TempDirs.create("token");
            Files.writeString(rootCertBundle(), TestCa.pem(signingCert));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot create token signing key", e);
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        } catch (IOException e) {
            TempDirs.deleteRecursively(dir);
            throw new IllegalStateException("cannot bind token issuer", e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "token-issuer");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** Whether requests without credentials get a (pull-only) token. Default: false. */
    public TokenIssuer allowAnonymous(boolean allow) {
        this.allowAnonymous = allow;
        return this;
    }

    /** The {@code expires_in} (and {@code exp} claim offset) of issued tokens, in seconds. Default 300. */
    public TokenIssuer expiresIn(long seconds) {
        this.expiresInSeconds = seconds;
        return this;
    }

    /** Which JSON field(s) carry the token in the answer. Default {@link TokenField#BOTH}. */
    public TokenIssuer tokenField(TokenField field) {
        this.tokenField = Objects.requireNonNull(field);
        return this;
    }

    /**
     * Limits what {@code user} may be granted to {@code actions} (on every resource), e.g.
     * {@code restrictUser("reader", "pull")}. Without a restriction (and without a custom
     * {@link #policy}), authenticated users get everything they ask for.
     */
    public TokenIssuer restrictUser(String user, String... actions) {
        userRestrictions.put(user, Set.of(actions));
        return this;
    }

    /**
     * Replaces the default policy (grant everything requested, less {@link #restrictUser}
     * restrictions) for authenticated users. Anonymous callers never get more than {@code pull}.
     */
    public TokenIssuer policy(AccessPolicy policy) {
        this.policy = policy;
        return this;
    }

    /**
     * Issues tokens the registry then refuses: they name another issuer ({@code iss}) than the
     * registry's {@code auth.token.issuer}, as when a registry and its token service are set up
     * apart and disagree. Credentials are still checked as usual.
     */
    public TokenIssuer issueTokensTheRegistryRejects(boolean on) {
        this.tokensRejected = on;
        return this;
    }

    /** Answers the next {@code count} requests with {@code status} (no token), then behaves normally. */
    public TokenIssuer failNext(int count, int status) {
        this.failStatus = status;
        this.failNext.set(count);
        return this;
    }

    /** The token endpoint URL, {@code http://127.0.0.1:PORT/token} (the registry's {@code realm}). */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The {@code iss} claim value. */
    public String issuer() {
        return issuer;
    }

    /** PEM file with the (self-signed) signing certificate, for {@code auth.token.rootcertbundle}. */
    public Path rootCertBundle() {
        return dir.resolve("token-root.pem");
    }

    /** All requests seen so far, oldest first. */
    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * Signs a token with arbitrary claims (for tests that need e.g. an expired or foreign-audience
     * token). {@code notBefore}/{@code expiresAt} are epoch seconds.
     */
    public String sign(String subject, String audience, List<Access> access, long notBefore, long expiresAt) {
        return sign(issuer, subject, audience, access, notBefore, expiresAt);
    }

    private String sign(String iss, String subject, String audience, List<Access> access, long notBefore, long expiresAt) {
        try {
            ObjectNode header = JSON.createObjectNode();
            header.put("typ", "JWT");
            header.put("alg", "RS256");
            header.putArray("x5c").add(Base64.getEncoder().encodeToString(signingCert.getEncoded()));
            ObjectNode claims = JSON.createObjectNode();
            claims.put("iss", iss);
            claims.put("sub", subject == null ? "" : subject);
            claims.put("aud", audience == null ? "" : audience);
            claims.put("exp", expiresAt);
            claims.put("nbf", notBefore);
            claims.put("iat", Instant.now().getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            ArrayNode acc = claims.putArray("access");
            for (Access a : access) {
                ObjectNode o = acc.addObject();
                o.put("type", a.type());
                o.put("name", a.name());
                ArrayNode actions = o.putArray("actions");
                a.actions().forEach(actions::add);
            }
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + b64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initSign(signingKey.getPrivate());
            sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(sig.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and deletes the certificate file. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        TempDirs.deleteRecursively(dir);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String query;
            if ("POST".equals(method)) {
                try (InputStream in = ex.getRequestBody()) {
                    query = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
                ex.getRequestBody().readAllBytes();
            }
            Map<String, List<String>> params = parseForm(query);
            String service = first(params, "service");
            List<String> scopes = new ArrayList<>();
            for (String s : params.getOrDefault("scope", List.of())) {
                for (String part : s.split(" ")) {
                    if (!part.isBlank()) {
                        scopes.add(part);
                    }
                }
            }

            if (!"GET".equals(method) && !"POST".equals(method)) {
                reply(ex, method, query, null, null, service, scopes, 405, error("UNSUPPORTED", "method not allowed"));
                return;
            }
            int fail = failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0);
            if (fail > 0) {
                reply(ex, method, query, null, null, service, scopes, failStatus, error("UNAVAILABLE", "injected failure"));
                return;
            }

            // Who is asking?
            String attempted = null;
            String password = null;
            boolean refreshOk = false;
            String grantType = first(params, "grant_type");
            if ("POST".equals(method) && "password".equals(grantType)) {
                attempted = first(params, "username");
                password = first(params, "password");
            } else if ("POST".equals(method) && "refresh_token".equals(grantType)) {
                attempted = refreshTokens.get(String.valueOf(first(params, "refresh_token")));
                refreshOk = attempted != null;
            } else if ("POST".equals(method)) {
                reply(ex, method, query, null, null, service, scopes, 400, error("UNSUPPORTED", "unsupported grant_type"));
                return;
            } else {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                    String decoded;
                    try {
                        decoded = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        decoded = "\u0000invalid-basic-credentials:";
                    }
                    int colon = decoded.indexOf(':');
                    attempted = colon < 0 ? decoded : decoded.substring(0, colon);
                    password = colon < 0 ? "" : decoded.substring(colon + 1);
                }
            }
            String user;
            if (attempted == null) {
                if (!allowAnonymous) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + issuer + "\"");
                    reply(ex, method, query, null, null, service, scopes, 401, error("UNAUTHORIZED", "authentication required"));
                    return;
                }
                user = null;
            } else if (refreshOk || (password != null && password.equals(users.get(attempted)))) {
                user = attempted;
            } else {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"" + issuer + "\"");
                reply(ex, method, query, null, attempted, service, scopes, 401, error("UNAUTHORIZED", "invalid credentials"));
                return;
            }

            List<Access> granted = new ArrayList<>();
            for (String scope : scopes) {
                Access requested;
                try {
                    requested = Access.parse(scope);
                } catch (IllegalArgumentException e) {
                    reply(ex, method, query, user, attempted, service, scopes, 400, error("INVALID_SCOPE", e.getMessage()));
                    return;
                }
                Set<String> allowed = grant(user, requested);
                List<String> actions = requested.actions().stream().filter(allowed::contains).toList();
                if (!actions.isEmpty()) {
                    granted.add(new Access(requested.type(), requested.name(), actions));
                }
            }

            long now = Instant.now().getEpochSecond();
            long expiresIn = expiresInSeconds;
            String token = sign(tokensRejected ? issuer + "-elsewhere" : issuer, user == null ? "" : user, service, granted, now, now + expiresIn);
            ObjectNode body = JSON.createObjectNode();
            if (tokenField != TokenField.ACCESS_TOKEN) {
                body.put("token", token);
            }
            if (tokenField != TokenField.TOKEN) {
                body.put("access_token", token);
            }
            body.put("expires_in", expiresIn);
            body.put("issued_at", Instant.ofEpochSecond(now).toString());
            boolean offline = "true".equals(first(params, "offline_token")) || "offline".equals(first(params, "access_type"));
            if (user != null && offline) {
                String refresh = UUID.randomUUID().toString();
                refreshTokens.put(refresh, user);
                body.put("refresh_token", refresh);
            }
            reply(ex, method, query, user, attempted, service, scopes, 200, JSON.writeValueAsBytes(body), granted);
        } catch (RuntimeException e) {
            // com.sun.net.httpserver drops handler exceptions silently; make them visible
            e.printStackTrace();
            throw e;
        }
    }

    private Set<String> grant(String user, Access requested) {
        if (user == null) {
            return requested.actions().contains("pull") ? Set.of("pull") : Set.of();
        }
        AccessPolicy p = policy;
        if (p != null) {
            return p.grant(user, requested);
        }
        Set<String> restriction = userRestrictions.get(user);
        if (restriction != null) {
            Set<String> s = new LinkedHashSet<>(requested.actions());
            s.retainAll(restriction);
            return s;
        }
        return new LinkedHashSet<>(requested.actions());
    }

    private void reply(HttpExchange ex, String method, String query, String user, String attempted, String service,
                       List<String> scopes, int status, byte[] body) throws IOException {
        reply(ex, method, query, user, attempted, service, scopes, status, body, List.of());
    }

    private void reply(HttpExchange ex, String method, String query, String user, String attempted, String service,
                       List<String> scopes, int status, byte[] body, List<Access> granted) throws IOException {
        requests.add(new TokenRequest(method, query, user, attempted, service, List.copyOf(scopes), status,
                List.copyOf(granted)));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static byte[] error(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putArray("errors").addObject();
        e.put("code", code);
        e.put("message", message);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Parses {@code a=1&b=2&a=3} (URL-encoded) into a multi-map, keeping order. */
    static Map<String, List<String>> parseForm(String s) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return Collections.unmodifiableMap(out);
    }
}
