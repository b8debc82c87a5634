package dev.ferry.app;

import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * English and Chinese hold the same keys with the same placeholders, and the Chinese is Chinese. When a branch adds
 * English keys, the first test names each one that zh_CN lacks, so whoever merges knows what to translate.
 */
class CataloguesTest {
    private static final String EN = "/dev/ferry/messages.properties";
    private static final String ZH = "/dev/ferry/messages_zh_CN.properties";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    /** An English word of three letters or more that is not a flag, a key of cfg.yaml or a placeholder's neighbour. */
    private static final Pattern WORD = Pattern.compile("(?<![-\\w./@:$])[A-Za-z]{3,}(?![-\\w./:@(])");

    static Map<String, String> load(String resource) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        try (InputStream in = CataloguesTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is on the class path");
            new Properties() {
                @Override public synchronized Object put(Object k, Object v) {
                    assertEquals(null, keys.put((String) k, (String) v), resource + ": " + k + " written twice");
                    return super.put(k, v);
                }
            }.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        return keys;
    }

    /** Each {@code key=value} line of {@code resource} as written, before Properties reads escapes and drops the spaces after {@code =}. */
    static Map<String, String> written(String resource) throws IOException {
        Map<String, String> raw = new LinkedHashMap<>();
        try (InputStream in = CataloguesTest.class.getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is on the class path");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                if (line.isBlank() || line.startsWith("#") || eq <= 0) continue;
                raw.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return raw;
    }

    /**
     * What is wrong with the spaces at the ends of {@code key}'s pattern, or null: none may end it, and one that starts
     * it must be written {@code \u0020} — a plain space after {@code =} is dropped when the file is read, so an indent
     * written that way (a table's header, an indented line) silently never reaches the screen.
     */
    static String spaceProblem(String key, String pattern, String written) {
        if (written != null && !written.isEmpty() && (written.charAt(0) == ' ' || written.charAt(0) == '\t')) {
            return key + ": a space right after = is dropped when the file is read; write \\u0020 for an indent the text needs";
        }
        if (!pattern.equals(pattern.stripTrailing())) return key + ": ends with a space (the code joins optional parts)";
        if (!pattern.equals(pattern.stripLeading()) && (written == null || !written.startsWith("\\u0020"))) {
            return key + ": starts with a space (write an indent the text needs as \\u0020)";
        }
        return null;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Set<String> en = load(EN).keySet(), zh = load(ZH).keySet();
        Set<String> untranslated = new TreeSet<>(en);
        untranslated.removeAll(zh);
        Set<String> stray = new TreeSet<>(zh);
        stray.removeAll(en);
        assertEquals(Set.of(), untranslated, "keys of messages.properties that messages_zh_CN.properties lacks (translate them)");
        assertEquals(Set.of(), stray, "keys of messages_zh_CN.properties that English no longer has (remove them)");
    }

    @Test
    void eachKeyHasTheSamePlaceholdersInBothLanguages() throws IOException {
        Map<String, String> en = load(EN), zh = load(ZH);
        Map<String, String> differ = new TreeMap<>();
        for (var e : en.entrySet()) {
            String z = zh.get(e.getKey());
            if (z == null) continue; // the test above names it
            if (!placeholders(e.getValue()).equals(placeholders(z))) {
                differ.put(e.getKey(), placeholders(e.getValue()) + " in English, " + placeholders(z) + " in Chinese");
            }
        }
        assertEquals(Map.of(), differ);
    }

    @Test
    void theChineseIsChineseAndReadsAsMessageFormatReadsIt() throws IOException {
        Map<String, String> en = load(EN);
        Map<String, String> written = written(ZH);
        List<String> problems = new ArrayList<>();
        for (var e : load(ZH).entrySet()) {
            String key = e.getKey(), p = e.getValue();
            String spaces = spaceProblem(key, p, written.get(key));
            if (spaces != null) problems.add(spaces);
            if (p.replace("''", "").indexOf('\'') >= 0) problems.add(key + ": a lone ' (write '')");
            String out;
            try {
                MessageFormat f = new MessageFormat(p, Locale.SIMPLIFIED_CHINESE);
                Object[] values = new Object[f.getFormatsByArgumentIndex().length];
                for (int i = 0; i < values.length; i++) values[i] = "<" + i + ">";
                out = f.format(values);
            } catch (IllegalArgumentException x) {
                problems.add(key + ": " + x.getMessage());
                continue;
            }
            String words = PLACEHOLDER.matcher(p).replaceAll(" ");
            boolean hasWords = WORD.matcher(en.getOrDefault(key, "")).find();
            if (hasWords && !HAN.matcher(words).find()) problems.add(key + ": no Chinese in \"" + p + "\"");
            if (out.contains("{") || out.contains("}")) problems.add(key + ": braces left: " + out);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyErrorKindHasAChineseTitleAndHint() {
        Messages zh = Messages.forLocale(Locale.SIMPLIFIED_CHINESE), en = Messages.english();
        assertEquals(Locale.SIMPLIFIED_CHINESE, zh.locale());
        for (ErrorKind k : ErrorKind.values()) {
            assertTrue(HAN.matcher(zh.title(k)).find(), k + ": " + zh.title(k));
            assertTrue(HAN.matcher(zh.hint(k)).find(), k + ": " + zh.hint(k));
            assertNotEquals(en.title(k), zh.title(k), k.toString());
            assertNotEquals(zh.title(k), zh.hint(k), k + ": a hint says what to try");
        }
        assertEquals("不存在", zh.title(ErrorKind.NOT_FOUND));
        assertEquals("认证失败", zh.title(ErrorKind.UNAUTHORIZED));
    }

    @Test
    void theStatusLineIsImageTransmitsOwn() {
        Messages zh = Messages.fromEnvironment(null, Map.of("LANG", "zh_CN.UTF-8"));
        assertEquals("无效:0 总计:2 成功:2 失败:0 正在处理:0 下载速度:0.0B/s 上传速度:0.0B/s 总下载:0.0B 总上传:0.0B 耗时:3s",
                zh.get("progress.status", 0, 2, 2, 0, 0, "0.0B/s", "0.0B/s", "0.0B", "0.0B", "3s"));
        assertEquals(Locale.SIMPLIFIED_CHINESE, Messages.fromEnvironment(null, Map.of("LANG", "zh.UTF-8")).locale(), "LANG=zh is zh_CN");
    }

    private static Set<Integer> placeholders(String pattern) {
        Set<Integer> s = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(pattern.replace("''", ""));
        while (m.find()) s.add(Integer.parseInt(m.group(1)));
        return s;
    }
}
