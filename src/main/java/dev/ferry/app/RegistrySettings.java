package dev.ferry.app;

import dev.ferry.registry.Credentials;
import dev.ferry.registry.RegistryOptions;

import java.nio.file.Path;

import java.util.HashMap;
import java.util.Map;

/**
 * How to reach registries: options per registry (credentials, TLS, insecure), defaults for the
 * rest, and the names cfg.yaml gives registries ({@code @NAME}). Immutable once built.
 */
public final class RegistrySettings {
    private final Map<String, RegistryOptions> perRegistry;
    private final RegistryOptions defaults;
    private final Map<String, String> names;

    private RegistrySettings(Map<String, RegistryOptions> perRegistry, RegistryOptions defaults, Map<String, String> names) {
        this.perRegistry = Map.copyOf(perRegistry);
        this.defaults = defaults;
        this.names = Map.copyOf(names);
    }

    public static Builder builder() { return new Builder(); }

    public RegistryOptions optionsFor(String registry) {
        return perRegistry.getOrDefault(registry, defaults);
    }

    /** Registry names from cfg.yaml: name to registry host. */
    public Map<String, String> names() { return names; }

    public static final class Builder {
        private final Map<String, RegistryOptions> perRegistry = new HashMap<>();
        private final Map<String, String> names = new HashMap<>();
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

        /** Plain HTTP allowed and certificates not verified for this registry. */
        public Builder insecure(String registry) {
            return registry(registry, get(registry).withInsecure(true));
        }

        public Builder caFile(String registry, Path file) {
            return registry(registry, get(registry).withCaFile(file));
        }

        public Builder credentials(String registry, String user, String password) {
            return registry(registry, get(registry).withCredentials(Credentials.basic(user, password)));
        }

        public Builder name(String name, String registry) {
            names.put(name, registry);
            return this;
        }

        public RegistrySettings build() {
            return new RegistrySettings(perRegistry, defaults, names);
        }
    }
}
