package dev.ferry.ref;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The reference grammar of docker's {@code github.com/distribution/reference} together with the
 * digest rules of {@code github.com/opencontainers/go-digest}, as checks that explain what is wrong.
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain '/'] remote-name
 * domain           := host [':' port-number]
 * host             := domain-name | '[' IPv6address ']'
 * domain-name      := domain-component ['.' domain-component]*
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * port-number      := /[0-9]+/
 * remote-name      := path-component ['/' path-component]*     (at most 255 characters)
 * path-component   := /[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*&#47;
 * tag              := /[\w][\w.-]{0,127}/
 * digest           := sha256:[a-f0-9]{64} | sha384:[a-f0-9]{96} | sha512:[a-f0-9]{128}
 * </pre>
 *
 * <p>The digest rule is what remains of distribution's {@code algorithm:hex{32,}} once go-digest
 * has validated it: only the algorithms docker registers are accepted, each with its exact
 * length of lowercase hex. Each {@code check...} method returns {@code null} when its argument
 * is valid and otherwise the reason it is not.
 */
final class Grammar {

    static final String DOCKER_HUB = "docker.io";
    static final String LEGACY_DOCKER_HUB = "index.docker.io";
    static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";
    static final String OFFICIAL_PREFIX = "library/";
    static final String LOCALHOST = "localhost";
    static final String DEFAULT_TAG = "latest";

    static final int MAX_REPOSITORY_LENGTH = 255;
    static final int MAX_TAG_LENGTH = 128;

    static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    static final Pattern TAG = Pattern.compile("\\w[\\w.-]{0,127}");
    static final Pattern IDENTIFIER = Pattern.compile("[a-f0-9]{64}");
    static final Pattern IPV6_INNER = Pattern.compile("[a-fA-F0-9:]+");
    static final Pattern PORT = Pattern.compile("[0-9]+");
    /** Digest algorithm names as go-digest spells them. */
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");

    private Grammar() {
    }

    /** Whether docker reads this first path element as a registry rather than a namespace. */
    static boolean looksLikeDomain(String first) {
        return first.equals(LOCALHOST)
                || first.indexOf('.') >= 0
                || first.indexOf(':') >= 0
                || !first.toLowerCase(Locale.ROOT).equals(first);
    }

    static Text checkTag(String tag) {
        if (tag.isEmpty()) {
            return Text.of("ref.tag_empty");
        }
        if (TAG.matcher(tag).matches()) {
            return null;
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            return Text.of("ref.tag_too_long", InvalidReferenceException.quote(tag), MAX_TAG_LENGTH, tag.length());
        }
        char first = tag.charAt(0);
        if (!isWord(first)) {
            return Text.of("ref.tag_start", InvalidReferenceException.quote(tag), describe(first));
        }
        for (int i = 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!isWord(c) && c != '.' && c != '-') {
                return Text.of("ref.tag_character", InvalidReferenceException.quote(tag), describe(c));
            }
        }
        return Text.of("ref.tag_invalid", InvalidReferenceException.quote(tag)); // not reached
    }

    static Text checkDigest(String digest) {
        if (digest.isEmpty()) {
            return Text.of("ref.digest_empty");
        }
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon == digest.length() - 1) {
            return Text.of("ref.digest_form", InvalidReferenceException.quote(digest));
        }
        String algorithm = digest.substring(0, colon);
        String hex = digest.substring(colon + 1);
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
        if (expected < 0) {
            if (algorithm.length() <= 64 && ALGORITHM.matcher(algorithm).matches()
                    && Character.isLetter(algorithm.charAt(0))) {
                return Text.of("ref.digest_algorithm", InvalidReferenceException.quote(algorithm));
            }
            return Text.of("ref.digest_algorithm_name", InvalidReferenceException.quote(digest));
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                if (c >= 'A' && c <= 'F') {
                    return Text.of("ref.digest_uppercase", InvalidReferenceException.quote(digest));
                }
                return Text.of("ref.digest_not_hex", InvalidReferenceException.quote(digest), describe(c));
            }
        }
        if (hex.length() != expected) {
            return Text.of("ref.digest_length", algorithm, expected, hex.length());
        }
        return null;
    }

    /** Checks a complete repository path (after any {@code library/} prefix has been added). */
    static Text checkRepository(String path) {
        if (path.isEmpty()) {
            return Text.of("ref.repository_empty");
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            return Text.of("ref.repository_lowercase");
        }
        // Length before grammar: it is cheap, and it bounds the input the regular expression sees.
        if (path.length() > MAX_REPOSITORY_LENGTH) {
            return Text.of("ref.repository_too_long", InvalidReferenceException.quote(path), path.length(), MAX_REPOSITORY_LENGTH);
        }
        for (String component : path.split("/", -1)) {
            Text reason = checkPathComponent(component);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static Text checkPathComponent(String c) {
        if (c.isEmpty()) {
            return Text.of("ref.path_empty_component");
        }
        if (PATH_COMPONENT.matcher(c).matches()) {
            return null;
        }
        String q = InvalidReferenceException.quote(c);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (!isLowerAlnum(ch) && ch != '.' && ch != '_' && ch != '-') {
                return Text.of("ref.path_character", q, describe(ch));
            }
        }
        if (!isLowerAlnum(c.charAt(0))) {
            return Text.of("ref.path_start", q);
        }
        if (!isLowerAlnum(c.charAt(c.length() - 1))) {
            return Text.of("ref.path_end", q);
        }
        return Text.of("ref.path_separator", q);
    }

    /** Checks a registry ({@code host[:port]}) against the distribution grammar. */
    static Text checkRegistry(String domain) {
        if (domain.isEmpty()) {
            return Text.of("ref.registry_empty");
        }
        String q = InvalidReferenceException.quote(domain);
        if (domain.contains("://")) {
            return Text.of("ref.registry_scheme", q);
        }
        if (domain.indexOf('/') >= 0) {
            return Text.of("ref.registry_path", q);
        }
        String host;
        String port;
        if (domain.charAt(0) == '[') {
            int close = domain.indexOf(']');
            if (close < 0) {
                return Text.of("ref.registry_unclosed", q);
            }
            host = domain.substring(0, close + 1);
            String rest = domain.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                return Text.of("ref.registry_after_bracket", q);
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            String inner = host.substring(1, host.length() - 1);
            if (!IPV6_INNER.matcher(inner).matches()) {
                return Text.of("ref.registry_ipv6", InvalidReferenceException.quote(host));
            }
        } else {
            int colon = domain.indexOf(':');
            if (colon >= 0 && domain.indexOf(':', colon + 1) >= 0) {
                return Text.of("ref.registry_colons", q);
            }
            host = colon < 0 ? domain : domain.substring(0, colon);
            port = colon < 0 ? null : domain.substring(colon + 1);
            if (host.isEmpty()) {
                return Text.of("ref.registry_no_host", q);
            }
            if (!isDomainName(host)) {
                if (host.indexOf('_') >= 0) {
                    return Text.of("ref.registry_host_underscore", InvalidReferenceException.quote(host));
                }
                return Text.of("ref.registry_host", InvalidReferenceException.quote(host));
            }
        }
        if (port != null && !PORT.matcher(port).matches()) {
            return Text.of("ref.registry_port", InvalidReferenceException.quote(port));
        }
        return null;
    }

    /**
     * {@code domain-component ('.' domain-component)*} where a component is letters, digits and
     * {@code -}, neither starting nor ending with {@code -}. Checked by hand rather than with a
     * regular expression so that absurdly long inputs cannot exhaust the stack.
     */
    static boolean isDomainName(String host) {
        int start = 0;
        while (true) {
            int dot = host.indexOf('.', start);
            int end = dot < 0 ? host.length() : dot;
            if (end == start || host.charAt(start) == '-' || host.charAt(end - 1) == '-') {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = host.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    static boolean isWord(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private static boolean isLowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    static Text describe(char c) {
        if (c == ' ') {
            return Text.of("ref.char_space");
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c) || c > 0x7e) {
            return Text.of("ref.char_code", String.format("U+%04X", (int) c));
        }
        return Text.verbatim("'" + c + "'");
    }
}
