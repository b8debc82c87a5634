package dev.ferry.config;

import dev.ferry.ref.Registries;
import dev.ferry.ref.Registries.Scheme;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One registry of cfg.yaml's {@code source:} or {@code target:} list.
 *
 * @param name       what the command line calls it ({@code -src=nj}, {@code @nj/...}); when cfg.yaml
 *                   gives none, {@link #defaultName(String, String) the host, plus "-repository"}
 * @param host       the canonical registry host as used in image references ({@code 10.45.80.1},
 *                   {@code harbor.example:8443}, {@code docker.io}), see {@link Registries#parse}
 * @param scheme     the scheme written in front of the address: {@link Scheme#HTTP} means plain HTTP
 *                   is to be used for this registry
 * @param user       user name, or {@code null} for anonymous access (or docker's stored credentials)
 * @param password   the password after {@code ${VAR}} substitution or read from
 *                   {@code password_file}; {@code null} if none. Never shown by {@link #toString()}
 * @param repository the {@code repository:} option of a target: replaces the first path segment
 *                   of every image copied there; {@code null} if not set
 * @param insecure   {@code insecure: true} as written: plain HTTP allowed and TLS not verified
 * @param ca         extra CA certificates (PEM) for this registry, resolved against the directory
 *                   of cfg.yaml; {@code null} if none
 * @param line       1-based line of the entry in cfg.yaml, 0 if it did not come from a file
 * @param column     1-based column of the entry in cfg.yaml, 0 if it did not come from a file
 * @param cleartextCredentials {@code cleartext_credentials: true} as written (only beside {@code insecure: true}):
 *                   the user and password may go over plain HTTP although the registry is not on this machine
 */
public record RegistryEntry(String name, String host, Scheme scheme, String user, String password,
                            String repository, boolean insecure, Path ca, int line, int column, boolean cleartextCredentials) {

    public RegistryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(scheme, "scheme");
    }

    /** An entry whose credentials never go over plain HTTP to another machine. */
    public RegistryEntry(String name, String host, Scheme scheme, String user, String password,
                         String repository, boolean insecure, Path ca, int line, int column) {
        this(name, host, scheme, user, password, repository, insecure, ca, line, column, false);
    }

    /**
     * An entry for a registry given on the command line rather than in cfg.yaml, e.g.
     * {@code --from http://127.0.0.1:5000}: anonymous, default name, no position.
     *
     * @throws dev.ferry.ref.InvalidReferenceException if the address is not a registry address
     */
    public static RegistryEntry of(String address) {
        Registries.Address a = Registries.parse(address);
        return new RegistryEntry(defaultName(a.host(), null), a.host(), a.scheme(), null, null, null, false, null, 0, 0);
    }

    /**
     * The name an entry without {@code name:} gets, as image-transmit's "registry-repository":
     * the host, plus {@code -} and the repository when one is set ({@code 10.45.80.1-yyyy}).
     */
    public static String defaultName(String host, String repository) {
        return repository == null ? host : host + "-" + repository;
    }

    /** Whether a user name or password is configured. */
    public boolean hasCredentials() {
        return user != null || password != null;
    }

    /** The address for messages: the host, with {@code http://} or {@code https://} if one was written. */
    public String address() {
        return switch (scheme) {
            case HTTP -> "http://" + host;
            case HTTPS -> "https://" + host;
            case UNSPECIFIED -> host;
        };
    }

    /** This entry with another name. */
    public RegistryEntry withName(String newName) {
        return new RegistryEntry(newName, host, scheme, user, password, repository, insecure, ca, line, column, cleartextCredentials);
    }

    /** This entry with other credentials (for {@code --user}/{@code --password} style overrides). */
    public RegistryEntry withCredentials(String newUser, String newPassword) {
        return new RegistryEntry(name, host, scheme, newUser, newPassword, repository, insecure, ca, line, column, cleartextCredentials);
    }

    /** Everything but the password, which shows only as {@code ***} when one is set. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RegistryEntry[name=").append(name)
                .append(", address=").append(address());
        if (user != null) {
            b.append(", user=").append(user);
        }
        if (password != null) {
            b.append(", password=***");
        }
        if (repository != null) {
            b.append(", repository=").append(repository);
        }
        if (insecure) {
            b.append(", insecure");
        }
        if (cleartextCredentials) {
            b.append(", cleartext credentials");
        }
        if (ca != null) {
            b.append(", ca=").append(ca);
        }
        if (line > 0) {
            b.append(", line=").append(line).append(':').append(column);
        }
        return b.append(']').toString();
    }
}
