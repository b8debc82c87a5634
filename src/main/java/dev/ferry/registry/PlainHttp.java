package dev.ferry.registry;

import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;

/**
 * When ferry speaks plain HTTP, and when credentials may travel over it. Decided from names and
 * settings before any connection is made:
 *
 * <ul>
 *   <li>A registry on this machine ({@code localhost}, {@code 127.x.y.z}, {@code [::1]}) may be
 *       reached over plain HTTP, with credentials: nothing leaves the machine.</li>
 *   <li>Any other registry over plain HTTP only when it is marked insecure ({@code insecure:
 *       true}, {@code --insecure REGISTRY}), or when cfg.yaml writes {@code http://} in front of
 *       it as image-transmit's files do; the latter is still accepted, with a warning naming the
 *       host, once.</li>
 *   <li>Credentials (a password, an identity token) go over plain HTTP to a registry or token
 *       service that is not on this machine only when that registry allows it explicitly
 *       ({@code cleartext_credentials: true} beside {@code insecure: true}, or
 *       {@code --cleartext-credentials REGISTRY}). Otherwise ferry refuses before sending them.</li>
 * </ul>
 *
 * <p>"On this machine" is read from the name as written, never from DNS: a name that resolves to
 * 127.0.0.1 today (an /etc/hosts entry, a test's mapping) is not loopback here, because the same
 * name may point elsewhere tomorrow and the decision is made before any lookup.
 */
public final class PlainHttp {
    private PlainHttp() {
    }

    /** Whether {@code host} ({@code host[:port]}, as in references) names this machine by itself. */
    public static boolean isLocal(String host) {
        try {
            return Registries.parse(host).isLoopback();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Whether speaking plain HTTP to {@code registry} deserves a warning: not on this machine, and
     * plain HTTP only because its address said {@code http://}, without {@code insecure}.
     */
    public static boolean warns(String registry, RegistryOptions options) {
        return !isLocal(registry) && "http".equals(options.scheme()) && !options.insecure();
    }

    /** The warning of {@link #warns}. */
    static Text warning(String registry) {
        return Text.of("remote.plain_http.warning", registry);
    }

    /**
     * Whether credentials for {@code registry} may be sent over {@code scheme} to {@code host}
     * (the registry itself, or its token service).
     */
    public static boolean credentialsMayGo(String scheme, String host, RegistryOptions options) {
        return !"http".equalsIgnoreCase(scheme) || isLocal(host) || options.cleartextCredentials();
    }

    /** Why credentials for {@code registry} were not sent to {@code host} in clear, and what to do. */
    static Text refusal(String registry, String host) {
        Text where = host.equals(registry) ? Text.of("remote.plain_http.the_registry", registry) : Text.of("remote.plain_http.the_token_service", host, registry);
        return Text.of("remote.plain_http.refused", where, registry);
    }
}
