package dev.ferry.ref;

import java.util.Comparator;

/**
 * Orders image tags from oldest to newest the way people number them, for choosing "the newest N
 * tags" of a repository.
 *
 * <p>Each tag is cut into alternating runs of ASCII digits and of other characters, and the runs
 * are compared pairwise from the left:
 * <ol>
 *   <li>two digit runs compare as numbers, of any length ({@code 10 > 9}, {@code 007 = 7});</li>
 *   <li>two text runs compare lexicographically by UTF-16 code unit, case-sensitively
 *       ({@code "-rc" < "."}, {@code "B" < "a"});</li>
 *   <li>a digit run sorts before a text run; since runs alternate this can only happen at the
 *       start of the tags ({@code 2024 < v1});</li>
 *   <li>when all runs of one tag equal the first runs of the other, the shorter tag sorts first
 *       ({@code 1.0 < 1.0-rc1 < 1.0.1}: unlike semantic versioning, a pre-release sorts
 *       <em>after</em> the release it belongs to).</li>
 * </ol>
 * So {@code v3.5 < v3.10}, {@code 1.9.2 < 1.10.0} and
 * {@code C_20210818100000 < C_20210819100000}.
 *
 * <p>{@code latest} sorts after every other tag, so it is the greatest ("newest") of any list that
 * contains it. Tags that are equal by these rules but differ as strings ({@code 1.07} and
 * {@code 1.7}) are finally ordered by {@link String#compareTo}, which keeps the order total and
 * consistent with {@code equals}.
 *
 * <p>Use {@link #INSTANCE}; {@code null} tags are not allowed.
 */
public final class TagOrder implements Comparator<String> {

    /** The one instance. */
    public static final TagOrder INSTANCE = new TagOrder();

    private TagOrder() {
    }

    @Override
    public int compare(String a, String b) {
        boolean aLatest = a.equals(Grammar.DEFAULT_TAG);
        boolean bLatest = b.equals(Grammar.DEFAULT_TAG);
        if (aLatest || bLatest) {
            return Boolean.compare(aLatest, bLatest);
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int iEnd = runEnd(a, i);
            int jEnd = runEnd(b, j);
            boolean aDigits = isDigit(a.charAt(i));
            boolean bDigits = isDigit(b.charAt(j));
            int c;
            if (aDigits && bDigits) {
                c = compareNumbers(a, i, iEnd, b, j, jEnd);
            } else if (aDigits != bDigits) {
                c = aDigits ? -1 : 1;
            } else {
                c = compareText(a, i, iEnd, b, j, jEnd);
            }
            if (c != 0) {
                return c;
            }
            i = iEnd;
            j = jEnd;
        }
        if (i < a.length() || j < b.length()) {
            return i < a.length() ? 1 : -1;
        }
        return a.compareTo(b);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int runEnd(String s, int start) {
        boolean digits = isDigit(s.charAt(start));
        int k = start + 1;
        while (k < s.length() && isDigit(s.charAt(k)) == digits) {
            k++;
        }
        return k;
    }

    private static int compareNumbers(String a, int i, int iEnd, String b, int j, int jEnd) {
        while (i < iEnd - 1 && a.charAt(i) == '0') {
            i++;
        }
        while (j < jEnd - 1 && b.charAt(j) == '0') {
            j++;
        }
        int lengths = Integer.compare(iEnd - i, jEnd - j);
        if (lengths != 0) {
            return lengths;
        }
        return compareText(a, i, iEnd, b, j, jEnd);
    }

    private static int compareText(String a, int i, int iEnd, String b, int j, int jEnd) {
        while (i < iEnd && j < jEnd) {
            int c = Character.compare(a.charAt(i), b.charAt(j));
            if (c != 0) {
                return c;
            }
            i++;
            j++;
        }
        return Integer.compare(iEnd - i, jEnd - j);
    }
}
