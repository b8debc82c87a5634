package dev.ferry.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proxies the way curl and docker read them from the environment: {@code HTTPS_PROXY},
 * {@code HTTP_PROXY}, {@code ALL_PROXY} and {@code NO_PROXY} (either case). Loopback is never proxied.
 */
public final class EnvProxySelector extends ProxySelector {
    private final Proxy http;
    private final Proxy https;
    private final List<String> noProxy = new ArrayList<>();
    private final boolean noProxyAll;

    /** The proxies {@code env} names (for other HTTP clients of ferry: notifications). */
    public static ProxySelector of(Map<String, String> env) {
        return new EnvProxySelector(env);
    }

    EnvProxySelector(Map<String, String> env) {
        String all = get(env, "ALL_PROXY");
        http = proxy(firstNonEmpty(get(env, "HTTP_PROXY"), all));
        https = proxy(firstNonEmpty(get(env, "HTTPS_PROXY"), all));
        String np = get(env, "NO_PROXY");
        boolean star = false;
        if (np != null) {
            for (String s : np.split(",")) {
                s = s.trim().toLowerCase(Locale.ROOT);
                if (s.equals("*")) star = true;
                else if (!s.isEmpty()) noProxy.add(s.startsWith("*.") ? s.substring(1) : s);
            }
        }
        noProxyAll = star;
    }

    boolean isEmpty() { return http == null && https == null; }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) v = env.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v;
    }

    private static String firstNonEmpty(String a, String b) { return a != null ? a : b; }

    private static Proxy proxy(String spec) {
        if (spec == null) return null;
        URI u = URI.create(spec.contains("://") ? spec : "http://" + spec);
        if (u.getHost() == null) return null;
        int port = u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
        Proxy.Type type = u.getScheme() != null && u.getScheme().startsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
        return new Proxy(type, InetSocketAddress.createUnresolved(u.getHost(), port));
    }

    @Override public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        // OkHttp's URIs leave out the scheme's default port; NO_PROXY=host:443 must still match them
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : "http".equals(uri.getScheme()) ? 80 : -1;
        if (bypass(host, port)) return List.of(Proxy.NO_PROXY);
        Proxy p = "https".equals(uri.getScheme()) ? https : http;
        return List.of(p == null ? Proxy.NO_PROXY : p);
    }

    private boolean bypass(String host, int port) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) return true;
        if (noProxyAll) return true;
        for (String n : noProxy) {
            String name = n;
            int colon = n.lastIndexOf(':');
            if (colon > 0 && !n.contains("]") && n.indexOf(':') == colon) {
                if (!n.substring(colon + 1).equals(String.valueOf(port))) continue;
                name = n.substring(0, colon);
            }
            if (name.startsWith(".") ? h.endsWith(name) || h.equals(name.substring(1)) : h.equals(name) || h.endsWith("." + name)) return true;
        }
        return false;
    }

    @Override public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
}
