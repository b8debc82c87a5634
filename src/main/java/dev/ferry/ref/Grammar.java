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

    static String checkTag(String tag) {
        if (tag.isEmpty()) {
            return "tag is empty";
        }
        if (TAG.matcher(tag).matches()) {
            return null;
        }
        if (tag.length() > MAX_TAG_LENGTH) {
            return "tag " + InvalidReferenceException.quote(tag) + " is longer than " + MAX_TAG_LENGTH
                    + " characters (it has " + tag.length() + ")";
        }
        char first = tag.charAt(0);
        if (!isWord(first)) {
            return "tag " + InvalidReferenceException.quote(tag)
                    + " must start with a letter, a digit or '_', not " + describe(first);
        }
        for (int i = 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (!isWord(c) && c != '.' && c != '-') {
                return "tag " + InvalidReferenceException.quote(tag) + " contains " + describe(c)
                        + " (a tag may contain only letters, digits, '_', '.' and '-')";
            }
        }
        return "tag " + InvalidReferenceException.quote(tag) + " is not valid"; // not reached
    }

    static String checkDigest(String digest) {
        if (digest.isEmpty()) {
            return "digest is empty";
        }
        int colon = digest.indexOf(':');
        if (colon <= 0 || colon == digest.length() - 1) {
            return "digest " + InvalidReferenceException.quote(digest) + " must be algorithm:hex, e.g. sha256:<64 hex digits>";
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
                return "unsupported digest algorithm " + InvalidReferenceException.quote(algorithm)
                        + " (supported: sha256, sha384, sha512)";
            }
            return "digest " + InvalidReferenceException.quote(digest)
                    + " must be algorithm:hex with a lowercase algorithm name such as sha256";
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                if (c >= 'A' && c <= 'F') {
                    return "digest " + InvalidReferenceException.quote(digest) + " must be algorithm:hex in lowercase hex";
                }
                return "digest " + InvalidReferenceException.quote(digest) + " must be algorithm:hex; "
                        + describe(c) + " is not a hex digit";
            }
        }
        if (hex.length() != expected) {
            return algorithm + " digest must have exactly " + expected + " hex digits, not " + hex.length();
        }
        return null;
    }

    /** Checks a complete repository path (after any {@code library/} prefix has been added). */
    static String checkRepository(String path) {
        if (path.isEmpty()) {
            return "repository name is empty";
        }
        if (!path.toLowerCase(Locale.ROOT).equals(path)) {
            return "repository name must be lowercase";
        }
        // Length before grammar: it is cheap, and it bounds the input the regular expression sees.
        if (path.length() > MAX_REPOSITORY_LENGTH) {
            return "repository name " + InvalidReferenceException.quote(path) + " is " + path.length()
                    + " characters long; at most " + MAX_REPOSITORY_LENGTH + " are allowed";
        }
        for (String component : path.split("/", -1)) {
            String reason = checkPathComponent(component);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private static String checkPathComponent(String c) {
        if (c.isEmpty()) {
            return "repository name has an empty path component (a leading, trailing or doubled '/')";
        }
        if (PATH_COMPONENT.matcher(c).matches()) {
            return null;
        }
        String q = InvalidReferenceException.quote(c);
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (!isLowerAlnum(ch) && ch != '.' && ch != '_' && ch != '-') {
                return "path component " + q + " contains " + describe(ch)
                        + " (allowed: lowercase letters, digits, '.', '_' and '-')";
            }
        }
        if (!isLowerAlnum(c.charAt(0))) {
            return "path component " + q + " must start with a lowercase letter or digit";
        }
        if (!isLowerAlnum(c.charAt(c.length() - 1))) {
            return "path component " + q + " must end with a lowercase letter or digit";
        }
        return "path component " + q + " has an invalid separator; letters and digits may be joined only by"
                + " one '.', one '_', two '_' or any number of '-'";
    }

    /** Checks a registry ({@code host[:port]}) against the distribution grammar. */
    static String checkRegistry(String domain) {
        if (domain.isEmpty()) {
            return "registry is empty";
        }
        String q = InvalidReferenceException.quote(domain);
        if (domain.contains("://")) {
            return "registry " + q + " must be host[:port] without a scheme such as http://";
        }
        if (domain.indexOf('/') >= 0) {
            return "registry " + q + " must be host[:port] without a path";
        }
        String host;
        String port;
        if (domain.charAt(0) == '[') {
            int close = domain.indexOf(']');
            if (close < 0) {
                return "registry " + q + " has an unclosed '[' (IPv6 addresses are written [address]:port)";
            }
            host = domain.substring(0, close + 1);
            String rest = domain.substring(close + 1);
            if (!rest.isEmpty() && rest.charAt(0) != ':') {
                return "registry " + q + " has unexpected text after ']'";
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            String inner = host.substring(1, host.length() - 1);
            if (!IPV6_INNER.matcher(inner).matches()) {
                return "IPv6 registry address " + InvalidReferenceException.quote(host)
                        + " may contain only hex digits and ':' (zone ids and embedded IPv4 are not supported)";
            }
        } else {
            int colon = domain.indexOf(':');
            if (colon >= 0 && domain.indexOf(':', colon + 1) >= 0) {
                return "registry " + q + " has more than one ':' (IPv6 addresses must be written in brackets, e.g. [::1]:5000)";
            }
            host = colon < 0 ? domain : domain.substring(0, colon);
            port = colon < 0 ? null : domain.substring(colon + 1);
            if (host.isEmpty()) {
                return "registry " + q + " has no host name before ':'";
            }
            if (!isDomainName(host)) {
                if (host.indexOf('_') >= 0) {
                    return "registry host " + InvalidReferenceException.quote(host) + " is not a valid host name ('_' is not allowed)";
                }
                return "registry host " + InvalidReferenceException.quote(host) + " is not a valid host name"
                        + " (dot-separated labels of letters, digits and '-', neither starting nor ending with '-')";
            }
        }
        if (port != null && !PORT.matcher(port).matches()) {
            return "registry port " + InvalidReferenceException.quote(port) + " must be a number";
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

    static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c) || c > 0x7e) {
            return String.format("character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
