package dev.ferry.config;

import java.util.Collection;

/** The known word closest to what was typed: for unknown keys here, and for mistyped commands on the command line. */
public final class Suggestions {
    private Suggestions() {}

    /**
     * The word of {@code known} nearest to {@code typed}, or null when none is near enough to be a
     * likely typo: at most 2 edits (1 for words of up to 4 letters), ties to the first given.
     */
    public static String closest(String typed, Collection<String> known) {
        String best = null;
        int limit = typed.length() <= 4 ? 1 : 2;
        int bestDistance = limit + 1;
        for (String k : known) {
            int d = distance(typed.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    /** Edit distance with adjacent transpositions (optimal string alignment). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
