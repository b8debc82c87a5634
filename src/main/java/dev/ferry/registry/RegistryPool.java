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
 * looked up per registry name when a client is first needed.
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
    private static final Tls SYSTEM_TLS = Tls.system();

    public RegistryPool(Function<String, RegistryOptions> optionsFor, RegistryClient.CredentialSource credentialSource,
                      RetryListener retryListener, String userAgent, Map<String, String> env) {
        this.optionsFor = optionsFor;
        this.credentialSource = credentialSource;
        this.retryListener = retryListener;
        this.userAgent = userAgent;
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectionPool(new ConnectionPool(32, 2, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(true)
                .followSslRedirects(true)
                .retryOnConnectionFailure(true)
                .sslSocketFactory(SYSTEM_TLS.socketFactory, SYSTEM_TLS.trustManager) // else OkHttp loads the CA store at once
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
        RegistryOptions o = optionsFor.apply(registry);
        if (o == null) o = RegistryOptions.DEFAULT;
        Tls tls = Tls.of(o.caFile(), o.skipTlsVerify() || o.insecure());
        OkHttpClient.Builder b = base.newBuilder()
                .sslSocketFactory(tls.socketFactory, tls.trustManager)
                .readTimeout(o.readTimeout())
                .writeTimeout(o.readTimeout());
        if (o.skipTlsVerify() || o.insecure()) b.hostnameVerifier((host, session) -> true);
        RegistryClient created = new RegistryClient(registry, o, b.build(), credentialSource, retryListener);
        RegistryClient prev = clients.putIfAbsent(registry, created);
        return prev != null ? prev : created;
    }

    @Override public void close() {
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
