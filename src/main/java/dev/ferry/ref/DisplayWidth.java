package dev.ferry.ref;

/**
 * How many terminal columns a text takes: Chinese, Japanese and Korean characters and full-width forms take two,
 * combining marks and format characters none, everything else one (East Asian Width W and F, as terminals draw them).
 * For padding columns of a table that holds Chinese, where {@code String.format("%-10s")} counts characters.
 */
public final class DisplayWidth {
    private DisplayWidth() {}

    /** The columns {@code s} takes on a terminal. */
    public static int of(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            w += of(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** The columns one code point takes: 0, 1 or 2. */
    public static int of(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT || cp == 0x200B) return 0;
        if (cp < 0x1100) return 1;
        return wide(cp) ? 2 : 1;
    }

    private static boolean wide(int cp) {
        return cp <= 0x115F                                    // Hangul Jamo initials
                || cp == 0x2329 || cp == 0x232A
                || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) // CJK radicals … Yi
                || (cp >= 0xAC00 && cp <= 0xD7A3)              // Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF)              // CJK compatibility ideographs
                || (cp >= 0xFE10 && cp <= 0xFE19)              // vertical forms
                || (cp >= 0xFE30 && cp <= 0xFE6F)              // CJK compatibility forms, small forms
                || (cp >= 0xFF00 && cp <= 0xFF60)              // full-width forms: ，：（）
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)            // pictographs, emoticons
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);           // CJK extensions B …
    }

    /** {@code s} followed by spaces up to {@code columns} columns (as it is when it is that wide or wider). */
    public static String padRight(String s, int columns) {
        int w = of(s);
        return w >= columns ? s : s + " ".repeat(columns - w);
    }
}
