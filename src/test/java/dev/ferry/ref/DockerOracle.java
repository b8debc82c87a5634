package dev.ferry.ref;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately literal transcription of docker's {@code ParseNormalizedNamed} + {@code TagNameOnly}
 * (distribution/reference v0.6, with go-digest's sha256/sha384/sha512), built from the same regular
 * expressions in the same order and with none of {@link ImageReference}'s diagnostics. The
 * differential test checks that {@link ImageReference#parse} accepts exactly what this accepts
 * and normalises it to the same string.
 */
final class DockerOracle {

    /** What docker makes of an input. */
    record Result(String normalized, boolean rejected, boolean withoutDomain) {
        static final Result REJECTED = new Result(null, true, false);
    }

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String OPTIONAL_PORT = "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")";
    private static final String DOMAIN_AND_PORT = HOST + OPTIONAL_PORT;
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    private static final Pattern REFERENCE =
            Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    private static final Pattern ANCHORED_NAME =
            Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
    private static final Pattern IDENTIFIER = Pattern.compile("^([a-f0-9]{64})$");
    private static final Pattern GO_DIGEST = Pattern.compile("^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$");
    private static final Map<String, Pattern> ENCODED = Map.of(
            "sha256", Pattern.compile("^[a-f0-9]{64}$"),
            "sha384", Pattern.compile("^[a-f0-9]{96}$"),
            "sha512", Pattern.compile("^[a-f0-9]{128}$"));

    private DockerOracle() {
    }

    static Result parseNormalizedNamed(String s) {
        if (IDENTIFIER.matcher(s).matches()) {
            return Result.REJECTED;
        }
        String[] split = splitDockerDomain(s);
        String domain = split[0];
        String remainder = split[1];
        int tagSep = remainder.indexOf(':');
        String remote = tagSep > -1 ? remainder.substring(0, tagSep) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            return Result.REJECTED;
        }
        return parse(domain + "/" + remainder);
    }

    private static Result parse(String s) {
        if (s.isEmpty()) {
            return Result.REJECTED;
        }
        Matcher m = REFERENCE.matcher(s);
        if (!m.matches()) {
            return Result.REJECTED;
        }
        Matcher n = ANCHORED_NAME.matcher(m.group(1));
        if (!n.matches()) {
            throw new AssertionError("name matched NAME but not ANCHORED_NAME: " + m.group(1));
        }
        String domain = n.group(1) == null ? "" : n.group(1);
        String path = n.group(2);
        if (path.length() > 255) {
            return Result.REJECTED;
        }
        String tag = m.group(2);
        String digest = m.group(3);
        if (digest != null && !validDigest(digest)) {
            return Result.REJECTED;
        }
        String name = domain.isEmpty() ? path : domain + "/" + path;
        StringBuilder b = new StringBuilder(name);
        if (tag != null) {
            b.append(':').append(tag);
        }
        if (digest != null) {
            b.append('@').append(digest);
        }
        if (tag == null && digest == null) {
            b.append(":latest"); // TagNameOnly
        }
        return new Result(b.toString(), false, domain.isEmpty());
    }

    private static boolean validDigest(String d) {
        int i = d.indexOf(':');
        if (i <= 0 || i + 1 == d.length()) {
            return false;
        }
        Pattern encoded = ENCODED.get(d.substring(0, i));
        if (encoded == null) {
            return false; // invalid format or unsupported algorithm: an error either way
        }
        return GO_DIGEST.matcher(d).matches() && encoded.matcher(d.substring(i + 1)).matches();
    }

    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {"docker.io", "library/" + name};
        }
        String maybeDomain = name.substring(0, slash);
        String maybeRemoteName = name.substring(slash + 1);
        String domain;
        String remoteName;
        if (maybeDomain.equals("localhost")) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (maybeDomain.equals("index.docker.io")) {
            domain = "docker.io";
            remoteName = maybeRemoteName;
        } else if (maybeDomain.contains(".") || maybeDomain.contains(":")) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else if (!maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain;
            remoteName = maybeRemoteName;
        } else {
            domain = "docker.io";
            remoteName = name;
        }
        if (domain.equals("docker.io") && !remoteName.contains("/")) {
            remoteName = "library/" + remoteName;
        }
        return new String[] {domain, remoteName};
    }
}
