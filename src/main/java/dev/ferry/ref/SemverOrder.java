package dev.ferry.ref;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic Versioning 2.0.0 precedence over tags such as {@code 1.2.3}, {@code v1.2.3-rc.1} or
 * {@code 1.2.3+build.5} (a leading {@code v} is allowed): numbers compare as numbers, a
 * pre-release sorts before its release, pre-release identifiers compare numerically when they are
 * numbers and as ASCII text otherwise, a numeric one before a textual one, and build metadata is
 * ignored. Tags that are not semantic versions are not versions at all here ({@link #parse} is
 * empty); {@link #compare} sorts them before every version, as strings among themselves.
 */
public final class SemverOrder implements Comparator<String> {
    public static final SemverOrder INSTANCE = new SemverOrder();

    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?");

    /** A parsed version: major, minor, patch and the pre-release identifiers (empty for a release). */
    public record Version(BigInteger major, BigInteger minor, BigInteger patch, String[] pre) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = major.compareTo(o.major);
            if (c == 0) c = minor.compareTo(o.minor);
            if (c == 0) c = patch.compareTo(o.patch);
            if (c != 0) return c;
            if (pre.length == 0 || o.pre.length == 0) return Integer.compare(o.pre.length, pre.length) == 0 ? 0 : pre.length == 0 ? 1 : -1;
            for (int i = 0; i < Math.min(pre.length, o.pre.length); i++) {
                boolean an = pre[i].chars().allMatch(Character::isDigit);
                boolean bn = o.pre[i].chars().allMatch(Character::isDigit);
                if (an && bn) c = new BigInteger(pre[i]).compareTo(new BigInteger(o.pre[i]));
                else if (an != bn) c = an ? -1 : 1;
                else c = pre[i].compareTo(o.pre[i]);
                if (c != 0) return c;
            }
            return Integer.compare(pre.length, o.pre.length);
        }
    }

    private SemverOrder() {
    }

    /** The version a tag is, or empty when it is not a semantic version. */
    public static Optional<Version> parse(String tag) {
        Matcher m = SEMVER.matcher(tag);
        if (!m.matches()) return Optional.empty();
        String[] pre = m.group(4) == null ? new String[0] : m.group(4).split("\\.");
        return Optional.of(new Version(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)), pre));
    }

    @Override
    public int compare(String a, String b) {
        Optional<Version> va = parse(a);
        Optional<Version> vb = parse(b);
        if (va.isEmpty() || vb.isEmpty()) {
            if (va.isPresent() != vb.isPresent()) return va.isPresent() ? 1 : -1;
            return a.compareTo(b);
        }
        int c = va.get().compareTo(vb.get());
        return c != 0 ? c : a.compareTo(b);
    }
}
