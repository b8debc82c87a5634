package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line speaks the language the environment or cfg.yaml asks for, through the
 * test-only language {@code qaa} (src/test/resources/dev/ferry/messages_qaa.properties), which
 * translates two texts and leaves the rest to English.
 */
class CliLanguageTest {
    @TempDir Path dir;

    @Test
    void theEnvironmentChoosesTheLanguage() throws IOException {
        FerryCli.Result r = new FerryCli().env("LANG", "qaa.UTF-8").run("sync", list(), "--qps", "0", "--config", config(""));
        assertEquals(2, r.exit(), r::toString);
        assertEquals("ferry (qaa): --qps qaa-positive\n", r.err(), r::toString);
    }

    @Test
    void aTextTheLanguageLacksIsEnglish() throws IOException {
        FerryCli.Result r = new FerryCli().env("LC_ALL", "qaa").run("sync", list(), "--retries", "-1", "--config", config(""));
        assertEquals("ferry (qaa): --retries must not be negative\n", r.err(), r::toString);
    }

    @Test
    void cfgYamlLangWinsOverTheEnvironment() throws IOException {
        FerryCli.Result r = new FerryCli().env("LANG", "qaa.UTF-8").run("sync", list(), "--qps", "0", "--config", config("lang: en_US\n"));
        assertEquals(2, r.exit(), r::toString);
        assertEquals("ferry: --qps must be positive\n", r.err(), r::toString);
    }

    @Test
    void noLanguageAskedForIsEnglish() throws IOException {
        FerryCli.Result r = new FerryCli().run("sync", list(), "--qps", "0", "--config", config(""));
        assertEquals("ferry: --qps must be positive\n", r.err(), r::toString);
    }

    @Test
    void langFlagWinsOverCfgYamlAndTheEnvironment() throws IOException {
        FerryCli.Result r = new FerryCli().env("LANG", "en_US.UTF-8").run("--lang", "qaa-never", "sync", list(), "--config", config(""));
        assertEquals(2, r.exit(), "an unknown language is bad usage: " + r);
        assertEquals("ferry: --lang qaa-never: not a language ferry speaks; give zh_CN (Chinese) or en_US (English)\n"
                + "Try 'ferry --help' for usage.\n", r.err(), r::toString);

        r = new FerryCli().env("LANG", "en_US.UTF-8").run("sync", list(), "--qps", "0", "--config", config("lang: en_US\n"), "--lang", "zh_CN");
        assertEquals(2, r.exit(), r::toString);
        assertEquals("ferry：--qps 必须为正数\n", r.err(), "after the command, over cfg.yaml's en_US: " + r);

        r = new FerryCli().env("LC_ALL", "zh_CN.UTF-8").run("--lang=en", "sync", list(), "--qps", "0", "--config", config("lang: zh_CN\n"));
        assertEquals("ferry: --qps must be positive\n", r.err(), "before the command, over cfg.yaml and LC_ALL: " + r);
    }

    @Test
    void cfgYamlLangWinsOverLcAll() throws IOException {
        FerryCli.Result r = new FerryCli().env("LC_ALL", "en_US.UTF-8").run("sync", list(), "--qps", "0", "--config", config("lang: zh_CN\n"));
        assertEquals("ferry：--qps 必须为正数\n", r.err(), r::toString);
    }

    @Test
    void picocliParseErrorsAreChineseInChineseAndPicocliWordsInEnglish() {
        FerryCli.Result r = new FerryCli().run("--lang", "zh_CN", "sync", "--paralel", "3");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ferry：未知的选项：--paralel") && r.err().endsWith("\n您是不是想输入：--parallel？\n"), r::toString);
        r = new FerryCli().run("--lang", "zh_CN", "sync", "-j", "x");
        assertEquals("ferry：--parallel 的值无效：x\n运行“ferry sync --help”查看用法。\n", r.err(), r::toString);
        r = new FerryCli().env("LANG", "zh_CN.UTF-8").run("tags");
        assertEquals("ferry：缺少必需的参数：REPO\n运行“ferry tags --help”查看用法。\n", r.err(), r::toString);
        r = new FerryCli().run("tags");
        assertEquals("ferry: Missing required parameter: 'REPO'\nTry 'ferry tags --help' for usage.\n", r.err(), "English keeps picocli's words: " + r);
    }

    @Test
    void theShellsSetLangTakesWhatFerrySpeaks() {
        FerryCli.Result r = new FerryCli().run("shell", "-c", "set lang zh; open");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ferry：缺少必需的参数："), r::toString);
        r = new FerryCli().run("shell", "-c", "set lang fr");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("ferry: set lang fr: not a value it takes; try zh_CN, en_US, default"), r::toString);
        r = new FerryCli().run("shell", "-c", "open --lang zh_CN");
        assertTrue(r.err().startsWith("ferry：缺少必需的参数："), "--lang on one line of the shell: " + r);
    }

    private String list() throws IOException {
        return Files.writeString(dir.resolve("img.lst"), "127.0.0.1:1/a/b:1\n").toString();
    }

    private String config(String text) throws IOException {
        return Files.writeString(dir.resolve("cfg.yaml"), text).toString();
    }
}
