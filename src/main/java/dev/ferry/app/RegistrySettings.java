package dev.ferry.app;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.RegistryEntry;
import dev.ferry.ref.Registries;
import dev.ferry.registry.Credentials;
import dev.ferry.registry.RegistryOptions;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to reach registries: options per registry (credentials, TLS, insecure), defaults for the
 * rest, and the names cfg.yaml gives registries ({@code @NAME}). Immutable once built.
 */
public final class RegistrySettings {
    private final Map<String, RegistryOptions> perRegistry;
    private final RegistryOptions defaults;
    private final Map<String, String> names;
    /** Credentials of a namespace ({@code registry/namespace}), which win over the registry's own for its repositories. */
    private final Map<String, Credentials> byNamespace;

    private RegistrySettings(Map<String, RegistryOptions> perRegistry, RegistryOptions defaults, Map<String, String> names,
                             Map<String, Credentials> byNamespace) {
        this.perRegistry = Map.copyOf(perRegistry);
        this.defaults = defaults;
        this.names = Map.copyOf(names);
        this.byNamespace = Map.copyOf(byNamespace);
    }

    public static Builder builder() { return new Builder(); }

    /**
     * Settings from cfg.yaml: each registry's credentials (empty user: docker's config.json),
     * scheme ({@code http://} allows plain HTTP), insecure, cleartext_credentials, CA file and name; skiptlsverify and
     * retries for all. Command-line flags are applied on top, so they win.
     */
    public static Builder builder(FerryConfig config) {
        Builder b = new Builder();
        List<RegistryEntry> all = new ArrayList<>(config.sources());
        all.addAll(config.targets());
        for (RegistryEntry e : all) {
            RegistryOptions o = b.get(e.host());
            if (e.user() != null && !e.user().isEmpty()) o = o.withCredentials(Credentials.basic(e.user(), e.password() == null ? "" : e.password()));
            if (e.scheme() == Registries.Scheme.HTTP) o = o.withScheme("http");
            else if (e.scheme() == Registries.Scheme.HTTPS) o = o.withScheme("https");
            if (e.insecure()) o = o.withInsecure(true);
            if (e.cleartextCredentials()) o = o.withCleartextCredentials(true);
            if (e.ca() != null) o = o.withCaFile(e.ca());
            b.registry(e.host(), o);
            b.name(e.name(), e.host());
        }
        return b.skipTlsVerify(config.skiptlsverify()).retries(config.retries());
    }

    public RegistryOptions optionsFor(String registry) {
        return perRegistry.getOrDefault(registry, defaults);
    }

    /**
     * The namespace whose own credentials serve {@code repository} of {@code registry}: the longest
     * of its leading path segments ({@code a/b/c}: {@code a/b}, then {@code a}) given credentials of
     * its own, as image-transfer's {@code registry/namespace} secrets; null when none is, and the
     * registry's credentials serve it.
     */
    public String namespaceFor(String registry, String repository) {
        if (byNamespace.isEmpty() || repository == null) return null;
        for (int i = repository.lastIndexOf('/'); i > 0; i = repository.lastIndexOf('/', i - 1)) {
            String ns = repository.substring(0, i);
            if (byNamespace.containsKey(registry + "/" + ns)) return ns;
        }
        return null;
    }

    /** The options for the repositories of {@code namespace} at {@code registry}: the registry's, with the namespace's credentials. */
    public RegistryOptions optionsFor(String registry, String namespace) {
        Credentials c = namespace == null ? null : byNamespace.get(registry + "/" + namespace);
        return c == null ? optionsFor(registry) : optionsFor(registry).withCredentials(c);
    }

    /** The same settings with at most {@code qps} requests a second to each registry. */
    public RegistrySettings withQps(double qps) {
        Map<String, RegistryOptions> m = new HashMap<>();
        perRegistry.forEach((k, v) -> m.put(k, v.withQps(qps)));
        return new RegistrySettings(m, defaults.withQps(qps), names, byNamespace);
    }

    /** The same settings with {@code credentials} for {@code registry} (a login). */
    public RegistrySettings withCredentials(String registry, Credentials credentials) {
        Map<String, RegistryOptions> m = new HashMap<>(perRegistry);
        m.put(registry, optionsFor(registry).withCredentials(credentials));
        return new RegistrySettings(m, defaults, names, byNamespace);
    }

    /** Registry names from cfg.yaml: name to registry host. */
    public Map<String, String> names() { return names; }

    public static final class Builder {
        private final Map<String, RegistryOptions> perRegistry = new HashMap<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, Credentials> byNamespace = new HashMap<>();
        private RegistryOptions defaults = RegistryOptions.DEFAULT;

        public Builder defaults(RegistryOptions o) {
            this.defaults = o;
            return this;
        }

        public RegistryOptions get(String registry) {
            return perRegistry.getOrDefault(registry, defaults);
        }

        public Builder registry(String registry, RegistryOptions o) {
            perRegistry.put(registry, o);
            return this;
        }

        /** Skip TLS verification for every registry. */
        public Builder skipTlsVerify(boolean skip) {
            defaults = defaults.withSkipTlsVerify(skip);
            perRegistry.replaceAll((k, v) -> v.withSkipTlsVerify(skip || v.skipTlsVerify()));
            return this;
        }

        /** Retries of failed requests, for every registry. */
        public Builder retries(int retries) {
            defaults = defaults.withRetry(defaults.retry().withRetries(retries));
            perRegistry.replaceAll((k, v) -> v.withRetry(v.retry().withRetries(retries)));
            return this;
        }

        /** Whether this registry is marked insecure so far (by cfg.yaml or a flag). */
        public boolean isInsecure(String registry) {
            return get(registry).insecure();
        }

        /**
         * The stall detector for every registry: a connection on which no byte comes (or can be
         * sent) for this long is given up, and its request retried or its blob resumed.
         */
        public Builder stallTimeout(java.time.Duration d) {
            defaults = defaults.withStallTimeout(d);
            perRegistry.replaceAll((k, v) -> v.withStallTimeout(d));
            return this;
        }

        /** Plain HTTP allowed and certificates not verified for this registry. */
        public Builder insecure(String registry) {
            return registry(registry, get(registry).withInsecure(true));
        }

        /**
         * Credentials may go over plain HTTP to this registry although it is not on this machine
         * (see {@link dev.ferry.registry.PlainHttp}).
         */
        public Builder cleartextCredentials(String registry) {
            return registry(registry, get(registry).withCleartextCredentials(true));
        }

        public Builder caFile(String registry, Path file) {
            return registry(registry, get(registry).withCaFile(file));
        }

        public Builder credentials(String registry, String user, String password) {
            return registry(registry, get(registry).withCredentials(Credentials.basic(user, password)));
        }

        /** Credentials for the repositories under {@code namespace} ({@code team}, {@code team/sub}) at {@code registry}: they win over the registry's. */
        public Builder credentials(String registry, String namespace, String user, String password) {
            byNamespace.put(registry + "/" + namespace.replaceAll("^/+|/+$", ""), Credentials.basic(user, password));
            return this;
        }

        /** Requests per second to every registry at most (0: no limit). */
        public Builder qps(double qps) {
            defaults = defaults.withQps(qps);
            perRegistry.replaceAll((k, v) -> v.withQps(qps));
            return this;
        }

        public Builder name(String name, String registry) {
            names.put(name, registry);
            return this;
        }

        public RegistrySettings build() {
            return new RegistrySettings(perRegistry, defaults, names, byNamespace);
        }
    }
}
