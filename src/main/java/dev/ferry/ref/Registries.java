package dev.ferry.ref;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading registry addresses as people write them in configuration files and on the command
 * line: {@code harbor.example:8443}, {@code http://10.45.80.1}, {@code https://registry.example/},
 * {@code index.docker.io}.
 */
public final class Registries {

    /** The scheme written in front of a registry address, if any. */
    public enum Scheme {
        /** {@code http://} was given: talk plain HTTP. */
        HTTP,
        /** {@code https://} was given. */
        HTTPS,
        /** No scheme was given; the caller decides (normally HTTPS). */
        UNSPECIFIED
    }

    /**
     * A registry address: the canonical registry host (as used in image references) and the
     * scheme that was written in front of it.
     */
    public record Address(String host, Scheme scheme) {
        public Address {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(scheme, "scheme");
        }

        /** Whether this is Docker Hub ({@code docker.io}). */
        public boolean isDockerHub() {
            return host.equals(Grammar.DOCKER_HUB);
        }

        /** The host to send API requests to: {@code registry-1.docker.io} for Docker Hub, else {@link #host()}. */
        public String apiHost() {
            return Registries.apiHost(host);
        }

        /** Whether the host is {@code localhost}, {@code 127.x.y.z} or {@code [::1]}. */
        public boolean isLoopback() {
            return Loopback.isLoopback(host);
        }
    }

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");

    private Registries() {
    }

    /**
     * The canonical registry host for an address: the scheme, a single trailing {@code /} and
     * surrounding whitespace are removed, the host is lower-cased, and Docker Hub's names
     * ({@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io}) become
     * {@code docker.io}. {@code "http://10.45.80.1"} gives {@code "10.45.80.1"}.
     *
     * @throws InvalidReferenceException if the address has a path, credentials, a query, an
     *     unknown scheme, an invalid host or a port outside 1-65535
     */
    public static String normaliseRegistry(String s) {
        return parse(s).host();
    }

    /** The scheme written in front of an address ({@link Scheme#UNSPECIFIED} if none); validates like {@link #parse}. */
    public static Scheme scheme(String s) {
        return parse(s).scheme();
    }

    /** Reads an address into its canonical host and the scheme given; see {@link #normaliseRegistry(String)}. */
    public static Address parse(String s) {
        if (s == null) {
            throw new InvalidReferenceException("registry", null, Text.of("ref.registry_null"));
        }
        String t = s.strip();
        if (t.isEmpty()) {
            throw new InvalidReferenceException("registry", s, Text.of("ref.registry_empty"));
        }
        Scheme scheme = Scheme.UNSPECIFIED;
        Matcher m = SCHEME.matcher(t);
        if (m.find()) {
            String given = m.group(1).toLowerCase(Locale.ROOT);
            scheme = switch (given) {
                case "http" -> Scheme.HTTP;
                case "https" -> Scheme.HTTPS;
                default -> throw new InvalidReferenceException("registry", s, Text.of("ref.registry_unknown_scheme", m.group(1)));
            };
            t = t.substring(m.end());
        }
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        String path = slash < 0 ? "" : t.substring(slash);
        if (!path.isEmpty() && !path.equals("/")) {
            throw new InvalidReferenceException("registry", s, Text.of("ref.registry_with_path", InvalidReferenceException.quote(path)));
        }
        if (host.isEmpty()) {
            throw new InvalidReferenceException("registry", s, Text.of("ref.registry_host_missing"));
        }
        if (host.indexOf('@') >= 0) {
            throw new InvalidReferenceException("registry", s, Text.of("ref.registry_credentials"));
        }
        if (host.indexOf('?') >= 0 || host.indexOf('#') >= 0) {
            throw new InvalidReferenceException("registry", s, Text.of("ref.registry_query"));
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidReferenceException("registry", s, Text.of("ref.registry_whitespace"));
            }
        }
        Text reason = Grammar.checkRegistry(host);
        if (reason != null) {
            throw new InvalidReferenceException("registry", s, reason);
        }
        int portSep = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.indexOf(':');
        if (portSep >= 0) {
            String port = host.substring(portSep + 1);
            String digits = port.replaceFirst("^0+(?=.)", "");
            if (digits.length() > 5 || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
                throw new InvalidReferenceException("registry", s, Text.of("ref.registry_port_range", port));
            }
        }
        String canonical = host.toLowerCase(Locale.ROOT);
        if (canonical.equals(Grammar.DOCKER_HUB) || canonical.equals(Grammar.LEGACY_DOCKER_HUB)
                || canonical.equals(Grammar.DOCKER_HUB_API_HOST)) {
            canonical = Grammar.DOCKER_HUB;
        }
        return new Address(canonical, scheme);
    }

    /** The host to send API requests to: {@code registry-1.docker.io} for Docker Hub's names, else the registry unchanged. */
    public static String apiHost(String registry) {
        return ImageReference.isDockerHub(registry) ? Grammar.DOCKER_HUB_API_HOST : registry;
    }
}
