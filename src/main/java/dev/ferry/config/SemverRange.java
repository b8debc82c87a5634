package dev.ferry.config;

import dev.ferry.ref.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version range over tags, as {@code --semver '>=1.2 <2'}: comparisons joined by spaces (all must
 * hold), alternatives by {@code ||}. A comparison is {@code >=}, {@code >}, {@code <=}, {@code <},
 * {@code =} (or none), {@code ^} (same major; for 0.x same minor) or {@code ~} (same minor), and a
 * version with one to three numbers ({@code 1.2} is {@code 1.2.0}; {@code 1.x} and {@code 1.2.*} are
 * wildcards). Tags are read as versions with an optional {@code v}; a pre-release
 * ({@code 1.2.0-rc1}) sorts before its release and is matched only by a range that names a
 * pre-release of the same version, as npm does. Tags that are not versions never match.
 */
public final class SemverRange {
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern PART = Pattern.compile("(>=|<=|>|<|=|\\^|~)?\\s*v?(\\d+|[xX*])(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?");

    /** A version: three numbers and an optional pre-release. */
    record Version(long major, long minor, long patch, String pre) implements Comparable<Version> {
        @Override public int compareTo(Version o) {
            int c = Long.compare(major, o.major);
            if (c == 0) c = Long.compare(minor, o.minor);
            if (c == 0) c = Long.compare(patch, o.patch);
            if (c != 0) return c;
            if (pre == null || o.pre == null) return pre == null ? (o.pre == null ? 0 : 1) : -1;
            return comparePre(pre, o.pre);
        }

        boolean sameRelease(Version o) { return major == o.major && minor == o.minor && patch == o.patch; }
    }

    private record Comparison(String op, Version v) {
        boolean test(Version t) {
            int c = t.compareTo(v);
            return switch (op) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                default -> c == 0;
            };
        }
    }

    private final String text;
    private final List<List<Comparison>> alternatives;

    private SemverRange(String text, List<List<Comparison>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /** @throws IllegalArgumentException saying which part is not a comparison */
    public static SemverRange parse(String text) {
        List<List<Comparison>> alts = new ArrayList<>();
        for (String alt : text.split("\\|\\|", -1)) {
            List<Comparison> all = new ArrayList<>();
            String s = alt.strip();
            if (s.isEmpty()) throw new ConfigException(null, Text.of("settings.semver_empty_alternative", text), null);
            Matcher m = PART.matcher(s);
            int at = 0;
            while (at < s.length()) {
                while (at < s.length() && s.charAt(at) == ' ') at++;
                if (at >= s.length()) break;
                m.region(at, s.length());
                if (!m.lookingAt()) {
                    throw new ConfigException(null, Text.of("settings.semver_not_comparison", s.substring(at)), null);
                }
                all.addAll(comparisons(m));
                at = m.end();
            }
            alts.add(all);
        }
        return new SemverRange(text, List.copyOf(alts));
    }

    private static List<Comparison> comparisons(Matcher m) {
        String op = m.group(1) == null ? "=" : m.group(1);
        String[] n = {m.group(2), m.group(3), m.group(4)};
        int given = 0;
        while (given < 3 && n[given] != null && !n[given].matches("[xX*]")) given++;
        long[] v = new long[3];
        for (int i = 0; i < given; i++) v[i] = Long.parseLong(n[i]);
        String pre = given == 3 ? m.group(5) : null;
        Version low = new Version(v[0], v[1], v[2], pre);
        if (op.equals("^")) {
            Version high = v[0] > 0 || given == 1 ? new Version(v[0] + 1, 0, 0, "0") : v[1] > 0 || given == 2
                    ? new Version(0, v[1] + 1, 0, "0") : new Version(0, 0, v[2] + 1, "0");
            return List.of(new Comparison(">=", low), new Comparison("<", high));
        }
        if (op.equals("~")) {
            Version high = given == 1 ? new Version(v[0] + 1, 0, 0, "0") : new Version(v[0], v[1] + 1, 0, "0");
            return List.of(new Comparison(">=", low), new Comparison("<", high));
        }
        if (given == 3) return List.of(new Comparison(op, low));
        if (given == 0) return List.of(new Comparison(">=", new Version(0, 0, 0, null)));
        // a partial version is the range it covers: 1.2 = [1.2.0, 1.3.0)
        Version next = given == 1 ? new Version(v[0] + 1, 0, 0, "0") : new Version(v[0], v[1] + 1, 0, "0");
        Version first = new Version(v[0], v[1], 0, "0");
        return switch (op) {
            case ">=" -> List.of(new Comparison(">=", first));
            case ">" -> List.of(new Comparison(">=", next));
            case "<" -> List.of(new Comparison("<", first));
            case "<=" -> List.of(new Comparison("<", next));
            default -> List.of(new Comparison(">=", first), new Comparison("<", next));
        };
    }

    /** The tag as a version, if it is one. */
    static Optional<Version> version(String tag) {
        Matcher m = VERSION.matcher(tag);
        if (!m.matches()) return Optional.empty();
        return Optional.of(new Version(Long.parseLong(m.group(1)), m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
                m.group(3) == null ? 0 : Long.parseLong(m.group(3)), m.group(4)));
    }

    /** Whether the tag is a version inside the range. */
    public boolean matches(String tag) {
        Optional<Version> v = version(tag);
        if (v.isEmpty()) return false;
        Version t = v.get();
        for (List<Comparison> all : alternatives) {
            boolean ok = all.stream().allMatch(c -> c.test(t));
            // a pre-release only where the range names one of the same release
            if (ok && t.pre() != null) ok = all.stream().anyMatch(c -> c.v().pre() != null && !c.v().pre().equals("0") && c.v().sameRelease(t));
            if (ok) return true;
        }
        return false;
    }

    private static int comparePre(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean nx = x[i].matches("\\d+"), ny = y[i].matches("\\d+");
            int c = nx && ny ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : nx ? -1 : ny ? 1 : x[i].compareTo(y[i]);
            if (c != 0) return c;
        }
        return Integer.compare(x.length, y.length);
    }

    @Override public String toString() { return text; }
}
