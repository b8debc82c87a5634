package dev.ferry.ref;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of a text meant for people (an error, a warning, a log line), so that a
 * password written in the wrong place is never echoed back. What it recognises, whatever the
 * text around it:
 *
 * <ul>
 *   <li>the user information of a URL: {@code http://user:PASS@host} becomes
 *       {@code http://user:***@host}, {@code https://TOKEN@host} becomes {@code https://***@host};</li>
 *   <li>the same in front of an image reference or registry: {@code user:PASS@host/repo} becomes
 *       {@code user:***@host/repo} (a digest after the {@code @}, as in {@code app:1@sha256:…},
 *       is left alone);</li>
 *   <li>HTTP authorization values: {@code Basic dXNlcjpwYXNz}, {@code Bearer eyJ…};</li>
 *   <li>secret parameters of a query or form ({@code password=}, {@code token=},
 *       {@code access_token=}, {@code refresh_token=}, {@code secret=}) and of JSON
 *       ({@code "password": "…"}, {@code "auth": "…"}, {@code "Secret": "…"},
 *       {@code "identitytoken": "…"}).</li>
 * </ul>
 *
 * <p>A bare password with nothing around it cannot be recognised in a text; the places that hold
 * one never put it into a message in the first place.
 */
public final class Redaction {
    /** What stands where a secret was. */
    public static final String MASK = "***";

    private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(basic|bearer)(\\s+)([A-Za-z0-9._~+/-]+=*)");
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?<![A-Za-z0-9_-])(?:password|passwd|secret|token|access_token|refresh_token|identitytoken|client_secret)=)[^&\\s\"']+");
    private static final Pattern SECRET_JSON = Pattern.compile(
            "(?i)(\"(?:password|passwd|secret|auth|token|access_token|refresh_token|identitytoken|registrytoken)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)\"");

    private Redaction() {
    }

    /**
     * {@code text} without the secrets it shows; the same string when it shows none. Null stays
     * null.
     */
    public static String redact(String text) {
        if (text == null || !mayHoldSecret(text)) {
            return text;
        }
        String t = text;
        if (t.indexOf('@') >= 0) {
            t = replaceUserinfo(t);
        }
        t = replaceAuthorization(t);
        if (t.indexOf('=') >= 0) {
            t = SECRET_PARAMETER.matcher(t).replaceAll("$1" + MASK);
        }
        if (t.indexOf('"') >= 0) {
            t = SECRET_JSON.matcher(t).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "\""));
        }
        return t;
    }

    /** Whether {@code text} could show a secret at all: a cheap test, so most texts pass untouched. */
    private static boolean mayHoldSecret(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || c == '=' || c == '"') return true;
            if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "basic", 0, 5)) return true;
            if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) return true;
        }
        return false;
    }

    /**
     * Masks the user information of every word (a stretch without spaces) that has one: after
     * {@code scheme://}, from the user's ':' (or from the start when there is no user) to the
     * word's last '@' that is not followed by a digest; without a scheme, from the first ':' to
     * that '@' when no '/' comes before the ':'. One pass over the text, however long.
     */
    private static String replaceUserinfo(String t) {
        StringBuilder b = null;
        int copied = 0;
        int n = t.length();
        int start = 0;
        while (start < n) {
            while (start < n && Character.isWhitespace(t.charAt(start))) start++;
            int end = start;
            int lastAt = -1;
            while (end < n && !Character.isWhitespace(t.charAt(end))) {
                if (t.charAt(end) == '@') lastAt = end;
                end++;
            }
            if (lastAt >= 0) {
                int[] span = secretSpan(t, start, end);
                if (span != null) {
                    if (b == null) b = new StringBuilder(t.length());
                    b.append(t, copied, span[0]).append(MASK);
                    copied = span[1];
                }
            }
            start = end;
        }
        if (b == null) return t;
        return b.append(t, copied, n).toString();
    }

    /** Where the secret of the word {@code t[start, end)} is, or null when it holds none. */
    private static int[] secretSpan(String t, int start, int end) {
        int at = -1;
        for (int i = end - 1; i >= start; i--) {
            if (t.charAt(i) == '@' && !digestAt(t, i + 1, end)) {
                at = i;
                break;
            }
        }
        if (at < 0) return null;
        int scheme = indexOf(t, "://", start, at);
        if (scheme >= 0) {
            int from = scheme + 3;
            int colon = indexOf(t, ":", from, at);
            int slash = indexOf(t, "/", from, at);
            boolean user = colon > from && colon < at && (slash < 0 || slash > colon);
            return new int[]{user ? colon + 1 : from, at};
        }
        int colon = indexOf(t, ":", start, at);
        if (colon < 0) return null;
        if (indexOf(t, "/", start, colon) >= 0) return null;
        return new int[]{colon + 1, at};
    }

    /** The first {@code s} in {@code t[from, end)}, or -1. */
    private static int indexOf(String t, String s, int from, int end) {
        for (int i = from; i + s.length() <= end; i++) {
            if (t.startsWith(s, i)) return i;
        }
        return -1;
    }

    /** Whether {@code t[from, end)} starts with a digest: {@code algorithm:encoded}, 32 characters of [A-Za-z0-9=_-] at least. */
    private static boolean digestAt(String t, int from, int end) {
        int i = from;
        while (i < end && (Character.isLetterOrDigit(t.charAt(i)) || "+._-".indexOf(t.charAt(i)) >= 0)) i++;
        if (i == from || i >= end || t.charAt(i) != ':' || !Character.isLetter(t.charAt(from))) return false;
        int encoded = 0;
        for (int j = i + 1; j < end && isEncoded(t.charAt(j)); j++) encoded++;
        return encoded >= 32;
    }

    private static boolean isEncoded(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '=' || c == '_' || c == '-';
    }

    /**
     * {@code Basic X} and {@code Bearer X} where X looks like a credential (a digit, '+', '/', '='
     * or '.' in it, or 16 characters or more), so that prose such as "Bearer authentication" stays.
     */
    private static String replaceAuthorization(String t) {
        Matcher m = AUTHORIZATION.matcher(t);
        if (!m.find()) return t;
        StringBuilder b = new StringBuilder();
        m.reset();
        while (m.find()) {
            String value = m.group(3);
            String replacement = looksLikeCredential(value) ? m.group(1) + m.group(2) + MASK : m.group();
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        return m.appendTail(b).toString();
    }

    private static boolean looksLikeCredential(String v) {
        if (v.length() >= 16) return true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isDigit(c) || c == '+' || c == '/' || c == '=' || c == '.') return true;
        }
        return false;
    }
}
