package dev.ferry.app;

/**
 * How many terminal columns a text takes, and how to make it fit: a CJK (East Asian wide or
 * full-width) character takes two columns, a combining mark or a control character none. Every face
 * measures its columns with this (progress lines, tables, the terminal UI), so a Chinese status line
 * lines up as an English one does.
 */
public final class DisplayWidth {
    private static final String ELLIPSIS = "…";

    private DisplayWidth() {}

    /** The columns {@code text} takes on a terminal. */
    public static int of(String text) {
        int w = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            w += of(cp);
            i += Character.charCount(cp);
        }
        return w;
    }

    /** The columns one code point takes: 0, 1 or 2. */
    public static int of(int cp) {
        if (cp < 0x20 || cp >= 0x7f && cp < 0xa0) return 0;
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) return 0;
        return wide(cp) ? 2 : 1;
    }

    private static boolean wide(int cp) {
        return cp >= 0x1100 && cp <= 0x115f            // Hangul Jamo
                || cp >= 0x2e80 && cp <= 0x303e         // CJK radicals, punctuation
                || cp >= 0x3041 && cp <= 0x33ff         // kana, CJK compatibility
                || cp >= 0x3400 && cp <= 0x4dbf         // CJK extension A
                || cp >= 0x4e00 && cp <= 0x9fff         // CJK unified ideographs
                || cp >= 0xa000 && cp <= 0xa4cf         // Yi
                || cp >= 0xac00 && cp <= 0xd7a3         // Hangul syllables
                || cp >= 0xf900 && cp <= 0xfaff         // CJK compatibility ideographs
                || cp >= 0xfe30 && cp <= 0xfe4f         // CJK compatibility forms
                || cp >= 0xff00 && cp <= 0xff60         // full-width forms
                || cp >= 0xffe0 && cp <= 0xffe6
                || cp >= 0x1f300 && cp <= 0x1f64f       // pictographs, emoticons
                || cp >= 0x1f900 && cp <= 0x1f9ff
                || cp >= 0x20000 && cp <= 0x3fffd;      // CJK extensions B and beyond
    }

    /** {@code text} cut at the end to at most {@code columns} columns, an ellipsis marking the cut. */
    public static String fit(String text, int columns) {
        if (of(text) <= columns) return text;
        if (columns <= 0) return "";
        return head(text, columns - 1) + ELLIPSIS;
    }

    /**
     * {@code text} shortened in the middle to at most {@code columns} columns, keeping its end whole
     * where it can: for an image name, its repository's last part and its tag
     * ({@code 10.45.80.1/very/long/path/web:3.2} to {@code 10.45…/web:3.2}).
     */
    public static String middle(String text, int columns) {
        if (of(text) <= columns) return text;
        if (columns <= 0) return "";
        int slash = text.lastIndexOf('/');
        String keep = slash >= 0 ? text.substring(slash) : "";
        int tailWidth = of(keep);
        if (keep.isEmpty() || tailWidth + 1 > columns) {
            // no path, or the last part alone is too long: keep as much of both ends as fits
            int right = (columns - 1) / 2;
            return head(text, columns - 1 - right) + ELLIPSIS + tail(text, right);
        }
        return head(text, columns - 1 - tailWidth) + ELLIPSIS + keep;
    }

    /** {@code text} followed by spaces up to {@code columns} columns (unchanged when it is as wide already). */
    public static String pad(String text, int columns) {
        int w = of(text);
        return w >= columns ? text : text + " ".repeat(columns - w);
    }

    /** Spaces up to {@code columns} columns, then {@code text}. */
    public static String padLeft(String text, int columns) {
        int w = of(text);
        return w >= columns ? text : " ".repeat(columns - w) + text;
    }

    /** The longest start of {@code text} that takes at most {@code columns} columns. */
    private static String head(String text, int columns) {
        int w = 0, i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (w + of(cp) > columns) break;
            w += of(cp);
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    /** The longest end of {@code text} that takes at most {@code columns} columns. */
    private static String tail(String text, int columns) {
        int w = 0, i = text.length();
        while (i > 0) {
            int cp = text.codePointBefore(i);
            if (w + of(cp) > columns) break;
            w += of(cp);
            i -= Character.charCount(cp);
        }
        return text.substring(i);
    }
}
