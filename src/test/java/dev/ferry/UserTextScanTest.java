package dev.ferry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No text a person reads is a literal in main code: it comes from the catalogue (dev/ferry/messages*.properties) by
 * key, so it can be read in Chinese.
 *
 * <p>The rule, on the sources of src/main/java with comments taken out: a string literal that holds a sentence — two
 * words of two letters or more, separated by spaces, commas or semicolons — is a user-facing text when it is
 * anywhere in the arguments of
 * <ul>
 *   <li>the constructor of an exception or error ({@code new XxxException(…)}, {@code new XxxError(…)}): failures reach
 *       the person through the faces. Not {@code IllegalStateException}: that one is a bug in ferry, its text is for
 *       whoever fixes it;</li>
 *   <li>printing: {@code .print(}, {@code .println(}, {@code .printf(}, {@code .format(} (String.format's result is
 *       printed or thrown);</li>
 *   <li>the helpers that build such failures or warnings: {@code error(…)}, {@code warning(…)}.</li>
 * </ul>
 * Besides sentences, two shorter shapes are texts too: words glued between concatenated values ({@code " in "}), and
 * lowercase words alone as a call's last argument, its message ({@code error(field, "missing")}).
 * Not scanned: the JDK logger ({@code System.Logger}), whose lines are for whoever debugs a run; annotations (the help,
 * whose other languages come from cli/help_*.properties, checked by HelpLanguageTest); texts that are not sentences
 * (header names, media types, file names, format patterns, ": " and the like).
 *
 * <p>What was written before the catalogue and is not moved yet is counted per file in
 * {@code src/test/resources/dev/ferry/user-text-debt.txt}: a file may not get more, and when it gets fewer its count
 * there must come down, so the debt only shrinks.
 */
class UserTextScanTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final String DEBT = "/dev/ferry/user-text-debt.txt";
    private static final Pattern CALL = Pattern.compile(
            "new\\s+((?:\\w+\\.)*\\w*(?:Exception|Error))\\s*\\(|\\.(?:println|print|printf|format)\\s*\\(|\\b(?:error|warning)\\s*\\(");
    private static final Pattern SENTENCE = Pattern.compile("[A-Za-z]{2,}[ ,;]+[A-Za-z]{2,}");
    /** Words glued between concatenated values: {@code " in "}, {@code " to "}. */
    private static final Pattern GLUE = Pattern.compile(" +[a-z]{2,}( +[a-z]+)* +");
    /** Words alone as the message of a call, its last argument: {@code "missing"}, {@code "expected a list"}. */
    private static final Pattern FRAGMENT = Pattern.compile("[a-z]{3,}( +[a-z]+)*");
    /** Exceptions that are bugs, not something a person did or met. */
    private static final Set<String> FOR_DEVELOPERS = Set.of("IllegalStateException");

    record Hit(String file, int line, String literal) {
        @Override public String toString() { return file + ":" + line + ": \"" + literal + "\""; }
    }

    @Test
    void noUserFacingSentenceIsALiteralBeyondTheCountedDebt() throws IOException {
        Map<String, List<Hit>> hits = scan();
        Map<String, Integer> debt = debt();
        List<String> problems = new ArrayList<>();
        for (var e : hits.entrySet()) {
            int allowed = debt.getOrDefault(e.getKey(), 0);
            if (e.getValue().size() > allowed) {
                problems.add(e.getKey() + " has " + e.getValue().size() + " user-facing literals, " + allowed
                        + " allowed; put the new ones in the catalogue (Text.of / Messages.get / UsageException.of):\n    "
                        + String.join("\n    ", e.getValue().stream().map(Hit::toString).toList()));
            }
        }
        for (var e : debt.entrySet()) {
            int now = hits.getOrDefault(e.getKey(), List.of()).size();
            if (now < e.getValue()) problems.add(e.getKey() + " has " + now + " user-facing literals now: lower its count in " + DEBT + " from " + e.getValue() + " to " + now);
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theScanFindsWhatItLooksFor() {
        List<Hit> h = new ArrayList<>();
        scan("X.java", """
                class X {
                    void f() {
                        // out.println("a comment is not printed");
                        out.println("copied the image " + a + " to " + b);
                        throw new IllegalArgumentException(
                                "the list " + f + " is empty");
                        throw new IllegalStateException("a bug in ferry");
                        out.println(m.get("copy.copied", a, b));
                        String s = "not an argument of either";
                        w.print(": ");
                        throw new java.io.InterruptedIOException("interrupted while hashing " + f);
                        throw error(field, "missing");
                        throw new UnsupportedManifestException(n + " in " + d);
                        throw error("format", Text.of("packmeta.format_expected", "ferry-pack"));
                        throw new InvalidReferenceException("registry", address, Text.of("list.bare_registry"));
                    }
                }
                """, h);
        assertEquals(List.of(new Hit("X.java", 4, "copied the image "), new Hit("X.java", 4, " to "), new Hit("X.java", 6, "the list "),
                new Hit("X.java", 6, " is empty"), new Hit("X.java", 11, "interrupted while hashing "), new Hit("X.java", 12, "missing"),
                new Hit("X.java", 13, " in ")), h);
    }

    @Test
    void theCommandLineAndTheShellAreFree() throws IOException {
        Map<String, List<Hit>> hits = scan();
        for (String face : List.of("dev/ferry/cli/", "dev/ferry/shell/")) { // tui: counted in the debt while it is new
            List<Hit> left = hits.entrySet().stream().filter(e -> e.getKey().startsWith(face) && !e.getKey().endsWith("CdsTraining.java"))
                    .flatMap(e -> e.getValue().stream()).toList();
            assertEquals(List.of(), left, face);
        }
    }

    static Map<String, List<Hit>> scan() throws IOException {
        Map<String, List<Hit>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<Hit> h = new ArrayList<>();
                scan(MAIN.relativize(f).toString().replace('\\', '/'), Files.readString(f), h);
                if (!h.isEmpty()) out.put(h.get(0).file(), h);
            }
        }
        return out;
    }

    static void scan(String name, String source, List<Hit> hits) {
        String s = withoutComments(source);
        Matcher m = CALL.matcher(s);
        while (m.find()) {
            if (m.group(1) != null && FOR_DEVELOPERS.contains(m.group(1).substring(m.group(1).lastIndexOf('.') + 1))) continue;
            int end = closing(s, m.end());
            int i = m.end();
            while (i < end) {
                char c = s.charAt(i);
                if (c == '\'') {
                    i = skipQuoted(s, i, '\'');
                } else if (c == '"') {
                    int close = skipQuoted(s, i, '"');
                    String lit = s.substring(i + 1, close - 1);
                    boolean last = s.substring(close, end - 1).isBlank();
                    if ((SENTENCE.matcher(lit).find() || GLUE.matcher(lit).matches() || last && FRAGMENT.matcher(lit).matches())
                            && !lit.startsWith("\"\"")) {
                        hits.add(new Hit(name, line(s, i), lit));
                    }
                    i = close;
                } else {
                    i++;
                }
            }
        }
    }

    /** The index after the parenthesis that closes the one opened just before {@code from}. */
    private static int closing(String s, int from) {
        int depth = 1, i = from;
        while (i < s.length() && depth > 0) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipQuoted(s, i, c);
                continue;
            }
            if (c == '(') depth++;
            else if (c == ')') depth--;
            i++;
        }
        return i;
    }

    /** The index after the literal opened at {@code i} (text blocks are read as three empty-looking literals, which are not sentences). */
    private static int skipQuoted(String s, int i, char q) {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != q && s.charAt(j) != '\n') {
            if (s.charAt(j) == '\\') j++;
            j++;
        }
        return Math.min(j + 1, s.length());
    }

    private static int line(String s, int i) {
        int n = 1;
        for (int k = 0; k < i; k++) if (s.charAt(k) == '\n') n++;
        return n;
    }

    /** The source with comments blanked (their newlines kept), literals left as they are. */
    static String withoutComments(String src) {
        StringBuilder b = new StringBuilder(src);
        int i = 0;
        while (i < b.length()) {
            char c = b.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipQuoted(src, i, c);
            } else if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '/') {
                while (i < b.length() && b.charAt(i) != '\n') b.setCharAt(i++, ' ');
            } else if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '*') {
                while (i < b.length() && !(b.charAt(i) == '*' && i + 1 < b.length() && b.charAt(i + 1) == '/')) {
                    if (b.charAt(i) != '\n') b.setCharAt(i, ' ');
                    i++;
                }
                if (i < b.length()) {
                    b.setCharAt(i, ' ');
                    if (i + 1 < b.length()) b.setCharAt(i + 1, ' ');
                    i += 2;
                }
            } else {
                i++;
            }
        }
        return b.toString();
    }

    private static Map<String, Integer> debt() throws IOException {
        Map<String, Integer> d = new TreeMap<>();
        try (InputStream in = UserTextScanTest.class.getResourceAsStream(DEBT)) {
            assertTrue(in != null, DEBT);
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = l.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] p = t.split("\\s+", 2);
                d.put(p[1], Integer.parseInt(p[0]));
            }
        }
        return d;
    }
}
