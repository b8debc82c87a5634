package dev.ferry.ref;

/**
 * Cuts values to a length a person can read in a message: an image list line or a cfg.yaml value
 * may be megabytes long, and an error that quotes it whole buries what it says. The start of the
 * value stays, with how much was left out: {@code aaaa …(1999700 more characters)}. Cutting again
 * what was cut changes nothing: a message built from an error that was already shortened stays
 * as it was.
 */
public final class Excerpt {
    /** Longest stretch of one value shown in a message. */
    public static final int MAX_VALUE = 200;
    /**
     * Longest word {@link #shorten} leaves whole: a little more than a value, so that a value
     * already cut and then quoted or followed by punctuation is not cut again.
     */
    private static final int MAX_WORD = MAX_VALUE + 50;
    /** Longest message; a longer one keeps its start and its end. */
    public static final int MAX_TEXT = 2000;

    private Excerpt() {
    }

    /** {@code value}, cut to {@link #MAX_VALUE} characters. Null stays null. */
    public static String of(String value) {
        return of(value, MAX_VALUE);
    }

    /** {@code value}, cut to {@code max} characters (not counting the note of what was left out). */
    public static String of(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + " …(" + (value.length() - end) + " more characters)";
    }

    /**
     * A whole message made readable: every word (a stretch without spaces) much longer than
     * {@link #MAX_VALUE} is cut to it, then a message still longer than {@link #MAX_TEXT} keeps its start
     * and its last few hundred characters (where an error says what to try). Short texts come
     * back as they are.
     */
    public static String shorten(String text) {
        if (text == null || text.length() <= MAX_WORD) {
            return text;
        }
        StringBuilder b = null;
        int wordStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            boolean end = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (!end) continue;
            if (i - wordStart > MAX_WORD) {
                if (b == null) b = new StringBuilder(text.substring(0, wordStart));
                b.append(of(text.substring(wordStart, i)));
            } else if (b != null) {
                b.append(text, wordStart, i);
            }
            if (b != null && i < text.length()) b.append(text.charAt(i));
            wordStart = i + 1;
        }
        String t = b == null ? text : b.toString();
        if (t.length() <= MAX_TEXT) {
            return t;
        }
        int tail = MAX_TEXT / 4;
        int head = MAX_TEXT - tail - 40; // room for the note, so that the result is no longer than MAX_TEXT
        if (Character.isHighSurrogate(t.charAt(head - 1))) head--;
        int from = t.length() - tail;
        if (Character.isLowSurrogate(t.charAt(from))) from++;
        return t.substring(0, head) + " …(" + (from - head) + " characters left out)… " + t.substring(from);
    }
}
