package dev.ferry.ref;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders tags as image-transmit's watch mode does, by the rules of mcuadros/go-version's
 * {@code Compare} (a port of PHP's {@code version_compare} after Composer's normalisation):
 * {@code v3.10 > v3.5}, {@code C_20210819100000 > C_20210818100000}, a pre-release before its
 * release ({@code 1.0-rc1 < 1.0}) and {@code dev < alpha < beta < rc < release}.
 *
 * <p>A tag is first normalised: {@code v1.2} becomes {@code 1.2.0.0}, {@code 1.0rc1}
 * {@code 1.0.0.0-RC1}, a date {@code 2021.08.19} {@code 2021-08-19}, {@code master}
 * {@code 9999999-dev}; anything else stays as written. Then {@code _ - +} become dots, a dot is put
 * around every run of characters that are neither digits nor dots, and the parts are compared from
 * the left: numbers as numbers, {@code dev -6 < alpha = a -5 < beta = b -4 < RC = rc -3 < # -2},
 * a missing part 0, {@code p = pl 1}, any other word -7. Tags that compare equal ({@code 1.0} and
 * {@code v1.0}) are finally ordered as strings, so the order is total; {@link #compareVersions}
 * gives the go-version result alone.
 */
public final class GoVersionOrder implements Comparator<String> {
    public static final GoVersionOrder INSTANCE = new GoVersionOrder();

    private static final String MODIFIER = "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)(?:[.-]?(\\d+))?)?([.-]?dev)?";
    private static final Pattern MASTER_LIKE = Pattern.compile("^(?:dev-)?(?:master|trunk|default)$");
    private static final Pattern CLASSICAL = Pattern.compile("(?i)^v?(\\d{1,3})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?" + MODIFIER + "$");
    private static final Pattern DATE = Pattern.compile("(?i)^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)" + MODIFIER + "$");
    private static final Pattern DEV_SUFFIX = Pattern.compile("^(.*?)[.-]?dev$");
    private static final Pattern BRANCH = Pattern.compile("(?i)^v?(\\d+)(\\.(?:\\d+|[x*]))?(\\.(?:\\d+|[x*]))?(\\.(?:\\d+|[x*]))?$");
    private static final Pattern SIGNS = Pattern.compile("[_\\-+]");
    private static final Pattern WORDS = Pattern.compile("([^.\\d]+)");
    private static final Pattern DOTS = Pattern.compile("\\.{2,}");
    private static final Map<String, Long> SPECIAL = Map.of("dev", -6L, "alpha", -5L, "a", -5L, "beta", -4L, "b", -4L,
            "RC", -3L, "rc", -3L, "#", -2L, "p", 1L, "pl", 1L);

    private GoVersionOrder() {
    }

    @Override
    public int compare(String a, String b) {
        int c = compareVersions(a, b);
        return c != 0 ? c : a.compareTo(b);
    }

    /** go-version's {@code Compare}: below 0 when {@code a < b}, 0 when equal, above 0 when {@code a > b}. */
    public static int compareVersions(String a, String b) {
        return compareNormalized(normalize(a), normalize(b));
    }

    /** go-version's {@code Normalize}. */
    static String normalize(String version) {
        if (MASTER_LIKE.matcher(version.toLowerCase(Locale.ROOT)).matches()) return "9999999-dev";
        if (version.toLowerCase(Locale.ROOT).startsWith("dev-")) return "dev-" + version.substring(4);
        Matcher m = CLASSICAL.matcher(version);
        int index = 0;
        String out = version;
        if (m.matches()) {
            StringBuilder b = new StringBuilder();
            for (int g = 1; g <= 4; g++) b.append(m.group(g) != null ? m.group(g) : ".0");
            out = b.toString();
            index = 5;
        } else {
            m = DATE.matcher(version);
            if (m.matches()) {
                out = m.group(1).replaceAll("\\D", "-");
                index = 2;
            }
        }
        if (index != 0) {
            String stability = m.group(index);
            if (stability != null) {
                if (stability.equals("stable")) return out;
                out = out + "-" + expandStability(stability) + (m.group(index + 1) != null ? m.group(index + 1) : "");
            }
            if (m.group(index + 2) != null) out = out + "-dev";
            return out;
        }
        Matcher dev = DEV_SUFFIX.matcher(version);
        if (dev.matches()) return normalizeBranch(dev.group(1));
        return version;
    }

    private static String normalizeBranch(String name) {
        String n = name.strip();
        if (n.equals("master") || n.equals("trunk") || n.equals("default")) return normalize(n);
        Matcher m = BRANCH.matcher(n);
        if (m.matches()) {
            StringBuilder b = new StringBuilder();
            for (int g = 1; g <= 4; g++) b.append(m.group(g) != null ? m.group(g).replace("*", "9999999").replace("x", "9999999") : ".9999999");
            return b + "-dev";
        }
        return "dev-" + n;
    }

    private static String expandStability(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return switch (l) {
            case "a" -> "alpha";
            case "b" -> "beta";
            case "p", "pl" -> "patch";
            case "rc" -> "RC";
            default -> l;
        };
    }

    /** go-version's {@code CompareSimple} over two normalised versions. */
    static int compareNormalized(String a, String b) {
        List<String> v1 = prepare(a);
        List<String> v2 = prepare(b);
        int n = Math.max(v1.size(), v2.size());
        for (int i = 0; i < n; i++) {
            if (i < v1.size() && i < v2.size() && v1.get(i).equals(v2.get(i))) continue;
            long l = i < v1.size() ? number(v1.get(i)) : 0;
            long r = i < v2.size() ? number(v2.get(i)) : 0;
            if (l != r) return l < r ? -1 : 1;
        }
        return 0;
    }

    private static List<String> prepare(String version) {
        if (version.isEmpty()) return List.of("");
        String v = SIGNS.matcher(version).replaceAll(".");
        v = WORDS.matcher(v).replaceAll(".$1.");
        v = DOTS.matcher(v).replaceAll(".");
        return List.of(v.split("\\.", -1));
    }

    private static long number(String part) {
        if (part.isEmpty()) return 0;
        if (part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(part);
            } catch (NumberFormatException tooLong) {
                return -7; // Go's Atoi fails beyond 64 bits: the part counts as an unknown word
            }
        }
        Long special = SPECIAL.get(part);
        return special != null ? special : -7;
    }
}
