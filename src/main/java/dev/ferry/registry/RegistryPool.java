package dev.ferry.registry;

import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Hands out one {@link RegistryClient} per registry, all sharing a connection pool. Options are
 * looked up per registry name when a client is first needed. A namespace with credentials of its
 * own ({@link Namespaces}) gets a client of its own, with its own tokens: one client per
 * credential identity, so a repository always goes with the most specific credentials.
 *
 * <p>HTTP/1.1 only: with HTTP/2 every parallel blob would share one TCP connection, and links that
 * throttle each connection (common across borders) would cap the whole transfer at one
 * connection's rate.
 */
public final class RegistryPool implements AutoCloseable {
    private final OkHttpClient base;
    private final Function<String, RegistryOptions> optionsFor;
    private final RegistryClient.CredentialSource credentialSource;
    private final RetryListener retryListener;
    private final Map<String, RegistryClient> clients = new ConcurrentHashMap<>();
    private final String userAgent;
    private final ConnectionGate gate;
    private final RangeReads rangeReads;
    private final boolean ownsRangeReads;
    private final PullLimits pullLimits = new PullLimits();
    private volatile Namespaces namespaces = Namespaces.NONE;
    /** Each registry's request limit (--qps), one for all its clients: a namespace's client takes from the registry's. */
    private final Map<String, java.util.Optional<RateLimiter>> limits = new ConcurrentHashMap<>();
    private static final Tls SYSTEM_TLS = Tls.system();

    /** Which repositories have credentials of their own: those of a namespace, over the registry's. */
    public interface Namespaces {
        Namespaces NONE = new Namespaces() {
            @Override public String namespaceFor(String registry, String repository) { return null; }

            @Override public RegistryOptions optionsFor(String registry, String namespace) { return null; }
        };

        /** The namespace whose credentials serve {@code repository}, or null for the registry's own. */
        String namespaceFor(String registry, String repository);

        /** The options (with the namespace's credentials) for the repositories of {@code namespace}. */
        RegistryOptions optionsFor(String registry, String namespace);
    }

    /** Where the credentials of namespaces come from (see {@link Namespaces}); clients made before keep theirs. */
    public void namespaces(Namespaces n) {
        this.namespaces = n == null ? Namespaces.NONE : n;
    }

    /** A pool with no connection limit and range readers of its own (tools and tests). */
    public RegistryPool(Function<String, RegistryOptions> optionsFor, RegistryClient.CredentialSource credentialSource,
                      RetryListener retryListener, String userAgent, Map<String, String> env) {
        this(optionsFor, credentialSource, retryListener, userAgent, env, ConnectionGate.unlimited(), null);
    }

    /**
     * @param gate       connection slots per registry, shared with every job of the session
     * @param rangeReads the session's range readers and their memory budget; null: the pool makes its own
     */
    public RegistryPool(Function<String, RegistryOptions> optionsFor, RegistryClient.CredentialSource credentialSource,
                        RetryListener retryListener, String userAgent, Map<String, String> env, ConnectionGate gate, RangeReads rangeReads) {
        this.optionsFor = optionsFor;
        this.credentialSource = credentialSource;
        this.retryListener = retryListener;
        this.userAgent = userAgent;
        this.gate = gate;
        this.ownsRangeReads = rangeReads == null;
        this.rangeReads = rangeReads == null ? new RangeReads() : rangeReads;
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                // idle connections are let go after 30 s, before the 60 s after which load balancers commonly drop them
                .connectionPool(new ConnectionPool(32, 30, TimeUnit.SECONDS))
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(true)
                .followSslRedirects(true)
                // no silent retries below ours: a request is tried retries + 1 times in all, each one reported
                .retryOnConnectionFailure(false)
                .sslSocketFactory(SYSTEM_TLS.socketFactory, SYSTEM_TLS.trustManager) // else OkHttp loads the CA store at once
                .eventListenerFactory(RegistryPool::listenerFor)
                .addNetworkInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("User-Agent", this.userAgent).build()));
        EnvProxySelector proxies = new EnvProxySelector(env);
        if (!proxies.isEmpty()) b.proxySelector(proxies);
        this.base = b.build();
    }

    /**
     * Initialises the HTTP library (its platform and TLS-free defaults), so the first pool starts
     * at once, and starts measuring the processors' load that large blob reads consult.
     */
    public static void preload() {
        new OkHttpClient.Builder().protocols(List.of(Protocol.HTTP_1_1));
        SystemLoad.prime();
    }

    /** The client for a registry ({@code docker.io}, {@code host:port}), created on first use. */
    public RegistryClient client(String registry) throws IOException {
        RegistryClient c = clients.get(registry);
        if (c != null) return c;
        return create(registry, registry, optionsFor.apply(registry));
    }

    /**
     * The client for {@code repository} of {@code registry}: the registry's, or that of the
     * namespace holding the repository when the namespace has credentials of its own.
     */
    public RegistryClient client(String registry, String repository) throws IOException {
        String ns = namespaces.namespaceFor(registry, repository);
        if (ns == null) return client(registry);
        String key = registry + "/" + ns;
        RegistryClient c = clients.get(key);
        if (c != null) return c;
        return create(key, registry, namespaces.optionsFor(registry, ns));
    }

    private RegistryClient create(String key, String registry, RegistryOptions o) throws IOException {
        if (o == null) o = RegistryOptions.DEFAULT;
        Tls tls = Tls.of(o.caFile(), o.skipTlsVerify() || o.insecure());
        OkHttpClient.Builder b = base.newBuilder()
                .sslSocketFactory(tls.socketFactory, tls.trustManager)
                .readTimeout(o.stallTimeout()) // the stall detector: no byte in or out for this long gives the connection up
                .writeTimeout(o.stallTimeout());
        if (o.skipTlsVerify() || o.insecure()) b.hostnameVerifier((host, session) -> true);
        double qps = o.qps();
        RateLimiter limit = limits.computeIfAbsent(registry, r -> java.util.Optional.ofNullable(qps > 0 ? new RateLimiter(qps) : null)).orElse(null);
        RegistryClient created = new RegistryClient(registry, o, b.build(), credentialSource, gate, rangeReads,
                CallScope.create(retryListener), pullLimits, limit);
        RegistryClient prev = clients.putIfAbsent(key, created);
        return prev != null ? prev : created;
    }

    /** What the registries said of their pull limits, and whether a pull beyond one waits (kept across new clients). */
    public PullLimits pullLimits() {
        return pullLimits;
    }

    /**
     * Forgets the client of a registry (its tokens, and the credentials it found), so that the
     * next use builds one with the options as they are now: after a login, or a new cfg.yaml.
     * Jobs already running keep the client they have.
     */
    public void forget(String registry) {
        clients.remove(registry);
        clients.keySet().removeIf(k -> k.startsWith(registry + "/")); // its namespaces' too
        limits.remove(registry);
    }

    /** Forgets every client (see {@link #forget}). */
    public void forgetAll() {
        clients.clear();
        limits.clear();
    }

    /** The connection slots this pool's clients take. */
    public ConnectionGate gate() { return gate; }

    /** Tracks each call in its scope (so cancelling the scope aborts it) and gives its connection slot back when it ends. */
    private static okhttp3.EventListener listenerFor(okhttp3.Call call) {
        RequestLoop.Ticket t = call.request().tag(RequestLoop.Ticket.class);
        if (t == null) return okhttp3.EventListener.NONE;
        return new okhttp3.EventListener() {
            @Override public void callStart(okhttp3.Call c) {
                t.scope().track(c);
            }

            @Override public void callEnd(okhttp3.Call c) {
                done(c);
            }

            @Override public void callFailed(okhttp3.Call c, IOException e) {
                done(c);
            }

            private void done(okhttp3.Call c) {
                t.scope().untrack(c);
                t.slot().release();
            }
        };
    }

    @Override public void close() {
        if (ownsRangeReads) rangeReads.close();
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
