package dev.ferry.ref;

import java.util.Objects;
import java.util.Optional;

/**
 * A fully normalised container image reference: registry, repository, and a tag and/or a digest.
 *
 * <p>{@link #parse(String)} reads references exactly as docker does (distribution's
 * {@code ParseNormalizedNamed} followed by {@code TagNameOnly}):
 *
 * <ul>
 *   <li>{@code nginx} is {@code docker.io/library/nginx:latest}; {@code user/app} is
 *       {@code docker.io/user/app:latest}; {@code docker.io/nginx} and {@code index.docker.io/nginx}
 *       are {@code docker.io/library/nginx:latest}.</li>
 *   <li>The part before the first {@code /} is a registry only if it is {@code localhost}, contains
 *       a {@code .} or a {@code :}, or contains an uppercase letter ({@code Example.com/x},
 *       {@code FOO/x}); otherwise the whole name is a Docker Hub repository. A name without any
 *       {@code /} is always on Docker Hub, so {@code localhost:5000} is the repository
 *       {@code library/localhost} with tag {@code 5000}.</li>
 *   <li>Only {@code index.docker.io} is rewritten to {@code docker.io}; {@code registry-1.docker.io}
 *       or {@code DOCKER.IO} stay registries of their own, without a {@code library/} prefix.</li>
 *   <li>With neither a tag nor a digest the tag is {@code latest}; {@code name:tag@digest} keeps
 *       both, and the digest is what gets pulled ({@link #reference()}).</li>
 * </ul>
 *
 * <p>Deliberate differences from docker, both about inputs docker accepts but cannot use:
 * a first element that docker takes for a registry but that is not a valid host
 * ({@code my_reg.example/app}) is rejected here, whereas docker silently produces a reference with
 * no registry at all; and {@link #familiar()} keeps the {@code docker.io/} prefix when dropping it
 * would make the short form parse as a different registry ({@code docker.io/localhost/x}).
 *
 * <p>Instances are immutable; the only way to obtain one is {@link #parse(String)} and the
 * validating {@code with...} methods, so every instance satisfies
 * {@code parse(r.toString()).equals(r)}.
 */
public final class ImageReference {

    /** The registry name docker uses for Docker Hub. */
    public static final String DOCKER_HUB = Grammar.DOCKER_HUB;
    /** The host that actually serves Docker Hub's registry API. */
    public static final String DOCKER_HUB_API_HOST = Grammar.DOCKER_HUB_API_HOST;
    /** The tag assumed when a reference has neither a tag nor a digest. */
    public static final String DEFAULT_TAG = Grammar.DEFAULT_TAG;


    private final String registry;
    private final String repository;
    private final String tag;     // null only when digest != null
    private final String digest;  // may be null

    private ImageReference(String registry, String repository, String tag, String digest) {
        this.registry = registry;
        this.repository = repository;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses and normalises an image reference the way docker does.
     *
     * @throws InvalidReferenceException if {@code s} is not a valid reference; the message says why
     */
    public static ImageReference parse(String s) {
        if (s == null) {
            throw new InvalidReferenceException(null, Text.of("ref.null"));
        }
        if (s.isEmpty()) {
            throw new InvalidReferenceException(s, Text.of("ref.empty"));
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new InvalidReferenceException(s, Text.of("ref.whitespace"));
            }
            if (Character.isISOControl(c)) {
                throw new InvalidReferenceException(s, Text.of("ref.control"));
            }
        }
        if (s.contains("://")) {
            throw new InvalidReferenceException(s, Text.of("ref.scheme"));
        }
        if (s.indexOf('@') >= 0 && !Redaction.redact(s).equals(s)) {
            throw new InvalidReferenceException(s, Text.of("ref.credentials"));
        }
        if (s.charAt(0) == '@' || s.charAt(0) == ':') {
            throw new InvalidReferenceException(s, Text.of("ref.repository_missing_before", String.valueOf(s.charAt(0))));
        }
        if (Grammar.IDENTIFIER.matcher(s).matches()) {
            throw new InvalidReferenceException(s, Text.of("ref.image_id"));
        }

        int at = s.indexOf('@');
        String namePart = at < 0 ? s : s.substring(0, at);
        String digest = at < 0 ? null : s.substring(at + 1);
        int lastSlash = namePart.lastIndexOf('/');
        if (lastSlash < 0 && namePart.startsWith("[")) {
            throw new InvalidReferenceException(s, Text.of("ref.registry_alone"));
        }
        int colon = namePart.indexOf(':', lastSlash + 1);
        String name = colon < 0 ? namePart : namePart.substring(0, colon);
        String tag = colon < 0 ? null : namePart.substring(colon + 1);
        if (name.isEmpty()) {
            throw new InvalidReferenceException(s, Text.of("ref.repository_missing"));
        }

        // docker's splitDockerDomain
        String registry;
        String path;
        int slash = name.indexOf('/');
        if (slash < 0) {
            registry = Grammar.DOCKER_HUB;
            path = name;
        } else {
            String first = name.substring(0, slash);
            if (first.equals(Grammar.LEGACY_DOCKER_HUB)) {
                registry = Grammar.DOCKER_HUB;
                path = name.substring(slash + 1);
            } else if (Grammar.looksLikeDomain(first)) {
                registry = first;
                path = name.substring(slash + 1);
            } else {
                registry = Grammar.DOCKER_HUB;
                path = name;
            }
        }
        if (registry.equals(Grammar.DOCKER_HUB) && path.indexOf('/') < 0) {
            path = Grammar.OFFICIAL_PREFIX + path;
        }

        if (!registry.equals(Grammar.DOCKER_HUB)) {
            reject(s, Grammar.checkRegistry(registry));
            if (path.isEmpty()) {
                throw new InvalidReferenceException(s, Text.of("ref.repository_missing_after", InvalidReferenceException.quote(registry)));
            }
        }
        reject(s, Grammar.checkRepository(path));
        if (tag != null) {
            reject(s, tag.isEmpty() ? Text.of("ref.tag_empty_after") : Grammar.checkTag(tag));
        }
        if (digest != null) {
            reject(s, digest.isEmpty() ? Text.of("ref.digest_empty_after") : Grammar.checkDigest(digest));
        }
        if (tag == null && digest == null) {
            tag = Grammar.DEFAULT_TAG;
        }
        return new ImageReference(registry, path, tag, digest);
    }

    private static void reject(String input, Text reason) {
        if (reason != null) {
            throw new InvalidReferenceException(input, reason);
        }
    }

    private static void reject(String subject, String input, Text reason) {
        if (reason != null) {
            throw new InvalidReferenceException(subject, input, reason);
        }
    }

    /** The registry host, with a port if one was given: {@code docker.io}, {@code localhost:5000}, {@code [::1]:5000}. */
    public String registry() {
        return registry;
    }

    /** The repository path within the registry, e.g. {@code library/nginx}. */
    public String repository() {
        return repository;
    }

    /** The tag; empty only for a reference given by digest alone. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The digest ({@code sha256:...}), if one was given. */
    public Optional<String> digest() {
        return Optional.ofNullable(digest);
    }

    /** {@code registry() + "/" + repository()}, e.g. {@code docker.io/library/nginx}. */
    public String name() {
        return registry + "/" + repository;
    }

    /**
     * What to ask the registry for in {@code /v2/<name>/manifests/<reference>}: the digest if there is
     * one, otherwise the tag.
     */
    public String reference() {
        return digest != null ? digest : tag;
    }

    /**
     * Docker's short form: {@code docker.io/} and, for single-level official images,
     * {@code library/} are dropped. {@code nginx:latest}, {@code user/app:1},
     * {@code localhost:5000/a:1}, {@code library/a/b:latest}.
     *
     * <p>Unlike docker, the {@code docker.io/} prefix is kept when the remaining first path element
     * would itself be read as a registry ({@code docker.io/localhost/x:1}, {@code docker.io/a.b/c:1}),
     * so that the short form always parses back to this reference.
     */
    public String familiar() {
        String shortName;
        if (registry.equals(Grammar.DOCKER_HUB)) {
            String path = repository;
            if (path.startsWith(Grammar.OFFICIAL_PREFIX)
                    && path.indexOf('/', Grammar.OFFICIAL_PREFIX.length()) < 0) {
                path = path.substring(Grammar.OFFICIAL_PREFIX.length());
            }
            int slash = path.indexOf('/');
            boolean ambiguous = slash >= 0 && Grammar.looksLikeDomain(path.substring(0, slash));
            shortName = ambiguous ? name() : path;
        } else {
            shortName = name();
        }
        return withSuffix(shortName);
    }

    /** This reference with the given tag and without any digest. */
    public ImageReference withTag(String tag) {
        Objects.requireNonNull(tag, "tag");
        reject("tag", tag, Grammar.checkTag(tag));
        return new ImageReference(registry, repository, tag, null);
    }

    /** This reference with the given digest; the tag, if any, is kept. */
    public ImageReference withDigest(String digest) {
        Objects.requireNonNull(digest, "digest");
        reject("digest", digest, Grammar.checkDigest(digest));
        return new ImageReference(registry, repository, tag, digest);
    }

    /**
     * This reference on another registry ({@code host}, {@code host:port} or {@code [ipv6]:port}; no
     * scheme or path, see {@link Registries#normaliseRegistry(String)} for URLs).
     * {@code index.docker.io} becomes {@code docker.io}, and moving a single-level repository to
     * Docker Hub adds the {@code library/} prefix; moving away from Docker Hub keeps the repository
     * as it is ({@code library/nginx} stays {@code library/nginx}).
     *
     * @throws InvalidReferenceException if the registry is not valid, or is a bare word such as
     *     {@code harbor} that docker would read as the first element of a repository path
     */
    public ImageReference withRegistry(String registry) {
        Objects.requireNonNull(registry, "registry");
        String r = registry.equals(Grammar.LEGACY_DOCKER_HUB) ? Grammar.DOCKER_HUB : registry;
        reject("registry", registry, Grammar.checkRegistry(r));
        if (!Grammar.looksLikeDomain(r)) {
            throw new InvalidReferenceException("registry", registry, Text.of("ref.registry_bare"));
        }
        return new ImageReference(r, hubPath(r, repository), tag, digest);
    }

    /**
     * This reference with another repository path. On Docker Hub a single-level path gets the
     * {@code library/} prefix, as in {@link #parse(String)}.
     */
    public ImageReference withRepository(String repository) {
        Objects.requireNonNull(repository, "repository");
        String path = hubPath(registry, repository);
        reject("repository", repository, Grammar.checkRepository(path));
        return new ImageReference(registry, path, tag, digest);
    }

    private static String hubPath(String registry, String path) {
        if (registry.equals(Grammar.DOCKER_HUB) && !path.isEmpty() && path.indexOf('/') < 0) {
            return Grammar.OFFICIAL_PREFIX + path;
        }
        return path;
    }

    /**
     * Whether {@code registry} names Docker Hub: {@code docker.io}, its legacy name
     * {@code index.docker.io}, or its API host {@code registry-1.docker.io}. The comparison is exact,
     * as in docker ({@code DOCKER.IO} is not Docker Hub).
     */
    public static boolean isDockerHub(String registry) {
        return Grammar.DOCKER_HUB.equals(registry)
                || Grammar.LEGACY_DOCKER_HUB.equals(registry)
                || Grammar.DOCKER_HUB_API_HOST.equals(registry);
    }

    /** Whether this reference's registry is Docker Hub, see {@link #isDockerHub(String)}. */
    public boolean isDockerHub() {
        return isDockerHub(registry);
    }

    /**
     * The host (with port) to send registry API requests to: {@code registry-1.docker.io} for
     * Docker Hub ({@link #isDockerHub(String)}), otherwise the registry unchanged.
     */
    public String apiHost() {
        return Registries.apiHost(registry);
    }

    /**
     * Whether the registry is on this machine: {@code localhost} (any case), {@code 127.x.y.z} or
     * {@code [::1]}, with or without a port.
     */
    public boolean isLoopback() {
        return Loopback.isLoopback(registry);
    }

    private String withSuffix(String shortName) {
        StringBuilder b = new StringBuilder(shortName);
        if (tag != null) {
            b.append(':').append(tag);
        }
        if (digest != null) {
            b.append('@').append(digest);
        }
        return b.toString();
    }

    /**
     * The fully normalised reference: {@code docker.io/library/nginx:latest},
     * {@code name@sha256:...} or {@code name:tag@sha256:...}.
     */
    @Override
    public String toString() {
        return withSuffix(name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r
                && registry.equals(r.registry)
                && repository.equals(r.repository)
                && Objects.equals(tag, r.tag)
                && Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(registry, repository, tag, digest);
    }
}
