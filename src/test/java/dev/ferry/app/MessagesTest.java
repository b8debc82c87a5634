package dev.ferry.app;

import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue: every key the code names is in the English bundle and every key there is named;
 * every pattern is one MessageFormat reads as meant; the language is chosen as DESIGN.md says.
 */
class MessagesTest {
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final String BUNDLE_FILE = "/dev/ferry/messages.properties";
    /** A key: lowercase words joined by dots, at least two of them. */
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*(?:\\.[a-z0-9_]+)+");
    /** The literal first argument of {@code x.get("...")} or {@code UsageException.of("...")}. */
    private static final Pattern CALL = Pattern.compile("(?:\\.get|UsageException\\.of)\\(\\s*\"([^\"\\\\]*)\"");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"\\\\\\n]*)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

    /** The English bundle as written: key to pattern, in file order, each key once. */
    private static Map<String, String> english() throws IOException {
        byte[] bytes;
        try (InputStream in = MessagesTest.class.getResourceAsStream(BUNDLE_FILE)) {
            assertTrue(in != null, BUNDLE_FILE + " is on the class path");
            bytes = in.readAllBytes();
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new AssertionError(BUNDLE_FILE + " is not UTF-8", e);
        }
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        java.util.Properties p = new java.util.Properties() {
            @Override public synchronized Object put(Object k, Object v) {
                if (keys.put((String) k, (String) v) != null) duplicates.add((String) k);
                return super.put(k, v);
            }
        };
        p.load(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)));
        assertEquals(List.of(), duplicates, "keys written twice (the last would win silently)");
        return keys;
    }

    /** Every literal in main code that names a key: first arguments of the catalogue's calls, and any literal in a namespace the bundle uses. */
    private static Map<String, Set<String>> keysInCode(Set<String> namespaces) throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher call = CALL.matcher(src);
                while (call.find()) {
                    if (KEY.matcher(call.group(1)).matches()) found.computeIfAbsent(call.group(1), k -> new TreeSet<>()).add(MAIN.relativize(f).toString());
                }
                Matcher lit = LITERAL.matcher(src);
                while (lit.find()) {
                    String s = lit.group(1);
                    if (KEY.matcher(s).matches() && namespaces.contains(s.substring(0, s.indexOf('.')))) {
                        found.computeIfAbsent(s, k -> new TreeSet<>()).add(MAIN.relativize(f).toString());
                    }
                }
            }
        }
        return found;
    }

    private static Set<String> namespaces(Map<String, String> bundle) {
        Set<String> ns = new TreeSet<>();
        for (String k : bundle.keySet()) ns.add(k.substring(0, k.indexOf('.')));
        return ns;
    }

    private static Set<String> errorKindKeys() {
        Set<String> keys = new TreeSet<>();
        for (ErrorKind k : ErrorKind.values()) {
            keys.add(k.messageKey());
            keys.add(k.hintKey());
        }
        return keys;
    }

    @Test
    void everyKeyTheCodeNamesIsInTheEnglishBundle() throws IOException {
        Map<String, String> bundle = english();
        Map<String, Set<String>> used = keysInCode(namespaces(bundle));
        assertFalse(used.isEmpty(), "the scan finds the code's keys");
        Map<String, Set<String>> missing = new TreeMap<>(used);
        missing.keySet().removeAll(bundle.keySet());
        assertEquals(Map.of(), missing, "keys used in code (key=[files]) but missing from " + BUNDLE_FILE);
    }

    @Test
    void everyKeyInTheBundleIsUsed() throws IOException {
        Map<String, String> bundle = english();
        Set<String> unused = new TreeSet<>(bundle.keySet());
        unused.removeAll(keysInCode(namespaces(bundle)).keySet());
        unused.removeAll(errorKindKeys());
        assertEquals(Set.of(), unused, "keys in " + BUNDLE_FILE + " that no code names");
    }

    @Test
    void everyErrorKindHasATitleAndAHint() throws IOException {
        Map<String, String> bundle = english();
        for (ErrorKind k : ErrorKind.values()) {
            assertTrue(bundle.containsKey(k.messageKey()), k + ": " + k.messageKey());
            assertTrue(bundle.containsKey(k.hintKey()), k + ": " + k.hintKey());
            assertFalse(Messages.english().title(k).isBlank(), k.messageKey());
            assertFalse(Messages.english().hint(k).equals(Messages.english().title(k)), k + ": a hint says what to try, not the title again");
        }
    }

    @Test
    void everyPatternIsOneMessageFormatReadsAsMeant() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, String> written = CataloguesTest.written(BUNDLE_FILE);
        for (var e : english().entrySet()) {
            String key = e.getKey(), p = e.getValue();
            if (p.isEmpty()) problems.add(key + ": empty");
            String spaces = CataloguesTest.spaceProblem(key, p, written.get(key));
            if (spaces != null) problems.add(spaces);
            if (p.replace("''", "").indexOf('\'') >= 0) problems.add(key + ": a lone ' (MessageFormat quotes up to the next one; write '')");
            MessageFormat f;
            try {
                f = new MessageFormat(p, Locale.ROOT);
            } catch (IllegalArgumentException x) {
                problems.add(key + ": " + x.getMessage());
                continue;
            }
            for (var format : f.getFormatsByArgumentIndex()) {
                if (format != null) problems.add(key + ": a typed placeholder ({n,number} and the like); pass a written string");
            }
            int args = f.getFormatsByArgumentIndex().length;
            Set<Integer> seen = new TreeSet<>();
            Matcher m = PLACEHOLDER.matcher(p.replace("''", ""));
            while (m.find()) seen.add(Integer.parseInt(m.group(1)));
            for (int i = 0; i < args; i++) if (!seen.contains(i)) problems.add(key + ": {" + i + "} is missing while a later one is used");
            Object[] values = new Object[args];
            for (int i = 0; i < args; i++) values[i] = "<" + i + ">";
            String out = f.format(values);
            if (out.contains("{") || out.contains("}")) problems.add(key + ": braces left in the text: " + out);
            if (out.contains("''")) problems.add(key + ": '' left in the text: " + out);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void usageErrorsOfTheCommandLineComeFromTheCatalogue() throws IOException {
        List<String> literal = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                if (Pattern.compile("new UsageException\\(\\s*\"").matcher(src).find()) literal.add(MAIN.relativize(f).toString());
            }
        }
        assertEquals(List.of(), literal, "files that build a UsageException from literal text instead of UsageException.of(KEY, ...)");
    }

    @Test
    void aKeyALanguageLacksIsTakenFromEnglish() {
        Messages qaa = Messages.forLocale(Locale.forLanguageTag("qaa"));
        assertEquals(Locale.forLanguageTag("qaa"), qaa.locale(), "the test-only bundle in src/test/resources");
        assertEquals("ferry (qaa): x", qaa.get("main.error", "x"));
        assertEquals(Messages.english().get("usage.max_negative"), qaa.get("usage.max_negative"));
    }

    @Test
    void quotesAndNumbersComeOutAsWritten() {
        Messages en = Messages.english();
        assertEquals("Did you mean 'ferry copy'?", en.get("main.did_you_mean", "ferry", "copy"), "'' is one quote, {n} inside is filled");
        assertEquals("--keepdays must be 1 or more, not 1234567", en.get("usage.keepdays_range", 1234567), "no grouping of digits");
        assertEquals("--keepdays must be 1 or more, not -9876543210", en.get("usage.keepdays_range", -9876543210L));
        assertEquals("--keepdays must be 1 or more, not 0.5", en.get("usage.keepdays_range", 0.5));
    }

    @Test
    void aMissingKeyIsShownNotThrown() {
        assertEquals("!no.such.key!", Messages.english().get("no.such.key"));
        assertEquals("!no.such.key! [a, 1]", Messages.english().get("no.such.key", "a", 1));
    }

    @Test
    void englishIsEnglish() {
        assertEquals(Messages.ENGLISH, Messages.english().locale());
        assertEquals(Locale.US, Messages.ENGLISH);
        assertEquals(Messages.english().get("usage.qps_positive"), Messages.forLocale(Locale.UK).get("usage.qps_positive"));
    }

    @Test
    void aLocaleWithoutABundleFallsBackToEnglish() {
        for (Locale l : List.of(Locale.JAPAN, Locale.GERMANY, Locale.forLanguageTag("xx-YY"))) {
            Messages m = Messages.forLocale(l);
            assertEquals(Messages.ENGLISH, m.locale(), l.toString());
            assertEquals("--qps must be positive", m.get("usage.qps_positive"), l.toString());
        }
        assertEquals(Messages.ENGLISH, Messages.forLocale(null).locale());
    }

    @Test
    void langZhCnUtf8AsksForSimplifiedChineseAndGetsEnglishUntilThereIsABundle() {
        Map<String, String> env = Map.of("LANG", "zh_CN.UTF-8");
        assertEquals(Locale.SIMPLIFIED_CHINESE, Messages.requestedLocale(null, env));
        Messages m = Messages.fromEnvironment(null, env);
        boolean zhBundle = Messages.class.getResource("/dev/ferry/messages_zh_CN.properties") != null
                || Messages.class.getResource("/dev/ferry/messages_zh.properties") != null;
        if (zhBundle) {
            assertEquals("zh", m.locale().getLanguage());
        } else {
            assertEquals(Messages.ENGLISH, m.locale());
            assertEquals(Messages.english().get("usage.qps_positive"), m.get("usage.qps_positive"));
        }
    }

    @Test
    void cfgLangComesFirstThenLcAllLcMessagesLang() {
        Map<String, String> env = new HashMap<>(Map.of("LC_ALL", "de_DE.UTF-8", "LC_MESSAGES", "fr_FR", "LANG", "ja_JP.eucJP"));
        assertEquals(Locale.SIMPLIFIED_CHINESE, Messages.requestedLocale("zh_CN", env));
        assertEquals(Locale.GERMANY, Messages.requestedLocale(null, env));
        env.put("LC_ALL", "");
        assertEquals(Locale.FRANCE, Messages.requestedLocale(null, env), "an empty variable is passed over");
        env.remove("LC_MESSAGES");
        assertEquals(Locale.JAPAN, Messages.requestedLocale(null, env));
        env.put("LC_ALL", "C");
        assertEquals(Messages.ENGLISH, Messages.requestedLocale(null, env), "LC_ALL=C speaks English whatever LANG says");
        assertEquals(Messages.ENGLISH, Messages.requestedLocale("en_US", Map.of("LANG", "zh_CN.UTF-8")), "cfg.yaml's lang: en_US wins");
        assertNull(Messages.requestedLocale(null, Map.of()));
        assertEquals(Messages.ENGLISH, Messages.fromEnvironment(null, Map.of()).locale(), "nothing asked: English");
    }

    @Test
    void posixLocaleNames() {
        assertEquals(Locale.SIMPLIFIED_CHINESE, Messages.parseLocale("zh_CN.UTF-8"));
        assertEquals(Locale.SIMPLIFIED_CHINESE, Messages.parseLocale("zh-CN"));
        assertEquals(Locale.SIMPLIFIED_CHINESE, Messages.parseLocale(" zh_CN.GB18030 "));
        assertEquals(Locale.forLanguageTag("zh"), Messages.parseLocale("zh"));
        assertEquals(Locale.GERMANY, Messages.parseLocale("de_DE@euro"));
        assertEquals(Messages.ENGLISH, Messages.parseLocale("C.UTF-8"));
        assertEquals(Messages.ENGLISH, Messages.parseLocale("POSIX"));
        assertNull(Messages.parseLocale(""));
        assertNull(Messages.parseLocale(null));
        assertNull(Messages.parseLocale("not a locale!"));
    }
}
