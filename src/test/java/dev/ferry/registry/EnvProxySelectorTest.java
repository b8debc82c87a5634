package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvProxySelectorTest {

    static Proxy select(EnvProxySelector s, String uri) {
        List<Proxy> l = s.select(URI.create(uri));
        assertEquals(1, l.size(), uri);
        return l.get(0);
    }

    static void assertProxy(Proxy p, Proxy.Type type, String host, int port) {
        assertEquals(type, p.type(), p.toString());
        InetSocketAddress a = (InetSocketAddress) p.address();
        assertEquals(host, a.getHostString());
        assertEquals(port, a.getPort());
        assertTrue(a.isUnresolved(), "the proxy's name is resolved when connecting, not when reading the environment");
    }

    static void assertDirect(EnvProxySelector s, String uri) {
        assertEquals(Proxy.NO_PROXY, select(s, uri), uri);
    }

    @Test
    void httpsAndHttpProxiesBySchemeOfTheRequest() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://secure-proxy.example:3129",
                "HTTP_PROXY", "http://plain-proxy.example:3128"));
        assertFalse(s.isEmpty());
        assertProxy(select(s, "https://registry.example/v2/"), Proxy.Type.HTTP, "secure-proxy.example", 3129);
        assertProxy(select(s, "http://registry.example:5000/v2/"), Proxy.Type.HTTP, "plain-proxy.example", 3128);
    }

    @Test
    void onlyHttpsProxyLeavesPlainHttpDirect() {
        EnvProxySelector s = new EnvProxySelector(Map.of("HTTPS_PROXY", "http://proxy.example:3128"));
        assertProxy(select(s, "https://registry.example/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertDirect(s, "http://registry.example/v2/");
    }

    @Test
    void lowercaseVariants() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "https_proxy", "http://lower-secure.example:8443",
                "http_proxy", "http://lower-plain.example:8080",
                "no_proxy", "internal.example"));
        assertProxy(select(s, "https://registry.example/"), Proxy.Type.HTTP, "lower-secure.example", 8443);
        assertProxy(select(s, "http://registry.example/"), Proxy.Type.HTTP, "lower-plain.example", 8080);
        assertDirect(s, "https://internal.example/");
    }

    @Test
    void uppercaseIsPreferredAndEmptyUppercaseFallsBackToLowercase() {
        EnvProxySelector both = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://upper.example:1", "https_proxy", "http://lower.example:2"));
        assertProxy(select(both, "https://r.example/"), Proxy.Type.HTTP, "upper.example", 1);
        EnvProxySelector emptyUpper = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "", "https_proxy", "http://lower.example:2"));
        assertProxy(select(emptyUpper, "https://r.example/"), Proxy.Type.HTTP, "lower.example", 2);
    }

    @Test
    void allProxyIsTheFallbackAndSocksIsSocks() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "ALL_PROXY", "socks5://socks.example:1080",
                "HTTP_PROXY", "http://plain-proxy.example:3128"));
        assertProxy(select(s, "https://registry.example/"), Proxy.Type.SOCKS, "socks.example", 1080);
        assertProxy(select(s, "http://registry.example/"), Proxy.Type.HTTP, "plain-proxy.example", 3128);
    }

    @Test
    void proxyWithoutSchemeOrPort() {
        assertProxy(select(new EnvProxySelector(Map.of("HTTPS_PROXY", "proxy.example:3128")), "https://r.example/"),
                Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(new EnvProxySelector(Map.of("HTTPS_PROXY", "http://proxy.example")), "https://r.example/"),
                Proxy.Type.HTTP, "proxy.example", 80);
        assertProxy(select(new EnvProxySelector(Map.of("HTTPS_PROXY", "https://proxy.example")), "https://r.example/"),
                Proxy.Type.HTTP, "proxy.example", 443);
        assertProxy(select(new EnvProxySelector(Map.of("HTTPS_PROXY", "http://user:pw@proxy.example:8080/")), "https://r.example/"),
                Proxy.Type.HTTP, "proxy.example", 8080);
    }

    @Test
    void noProxiesConfigured() {
        EnvProxySelector s = new EnvProxySelector(Map.of("NO_PROXY", "example.com", "PATH", "/usr/bin"));
        assertTrue(s.isEmpty());
        assertDirect(s, "https://registry.example/");
        assertTrue(new EnvProxySelector(Map.of()).isEmpty());
        assertTrue(new EnvProxySelector(Map.of("HTTPS_PROXY", "")).isEmpty());
    }

    @Test
    void noProxyDomainsMatchTheDomainAndItsSubdomains() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128",
                "NO_PROXY", " corp.example , Registry.Internal"));
        assertDirect(s, "https://corp.example/v2/");
        assertDirect(s, "https://harbor.corp.example/v2/");
        assertDirect(s, "https://a.b.corp.example:8443/v2/");
        assertDirect(s, "https://registry.internal/v2/");
        assertDirect(s, "https://REGISTRY.INTERNAL/v2/");
        // not a suffix on a label boundary
        assertProxy(select(s, "https://evilcorp.example/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "https://corp.example.attacker.example/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "https://registry.example/"), Proxy.Type.HTTP, "proxy.example", 3128);
    }

    @Test
    void noProxyLeadingDotAndStarDot() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128",
                "NO_PROXY", ".corp.example,*.lab.example"));
        assertDirect(s, "https://harbor.corp.example/");
        assertDirect(s, "https://corp.example/");
        assertDirect(s, "https://x.lab.example/");
        assertDirect(s, "https://lab.example/");
        assertProxy(select(s, "https://xcorp.example/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "https://xlab.example/"), Proxy.Type.HTTP, "proxy.example", 3128);
    }

    @Test
    void noProxyStarMeansNeverProxy() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128", "HTTP_PROXY", "http://proxy.example:3128", "NO_PROXY", "*"));
        assertDirect(s, "https://registry.example/");
        assertDirect(s, "http://10.1.2.3:5000/");
    }

    @Test
    void noProxyHostAndPortMatchesOnlyThatPort() {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128",
                "HTTP_PROXY", "http://proxy.example:3128",
                "NO_PROXY", "registry.example:5000,10.0.0.7:8443"));
        assertDirect(s, "https://registry.example:5000/v2/");
        assertDirect(s, "http://registry.example:5000/v2/");
        assertDirect(s, "https://10.0.0.7:8443/v2/");
        assertProxy(select(s, "https://registry.example:5001/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "https://registry.example/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "https://10.0.0.7/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
    }

    @Test
    void noProxyHostAndPortMatchesTheSchemesDefaultPort() {
        // OkHttp hands the selector URIs without the default port: https://registry.example/v2/
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128",
                "HTTP_PROXY", "http://proxy.example:3128",
                "NO_PROXY", "registry.example:443,mirror.example:80"));
        assertDirect(s, "https://registry.example/v2/");
        assertDirect(s, "https://registry.example:443/v2/");
        assertDirect(s, "http://mirror.example/v2/");
        assertProxy(select(s, "http://registry.example/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "https://mirror.example/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://localhost:5000/v2/", "https://LOCALHOST/v2/", "http://127.0.0.1:5000/v2/", "http://127.1.2.3/v2/",
            "http://[::1]:5000/v2/", "https://[0:0:0:0:0:0:0:1]/v2/"})
    void loopbackIsNeverProxied(String uri) {
        EnvProxySelector s = new EnvProxySelector(Map.of(
                "HTTPS_PROXY", "http://proxy.example:3128", "HTTP_PROXY", "http://proxy.example:3128",
                "ALL_PROXY", "socks5://proxy.example:1080"));
        assertDirect(s, uri);
    }

    @Test
    void otherAddressesAreProxied() {
        EnvProxySelector s = new EnvProxySelector(Map.of("HTTP_PROXY", "http://proxy.example:3128"));
        assertProxy(select(s, "http://10.45.80.1:5000/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "http://[fd00::1]:5000/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
        assertProxy(select(s, "http://128.0.0.1/v2/"), Proxy.Type.HTTP, "proxy.example", 3128);
    }
}
