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

    /** The refusals the lower layers make (a reference, a platform, a digest, cfg.yaml's values) speak the person's language, with exit 2. */
    @Test
    void theLowerLayersRefusalsSpeakChinese() throws IOException {
        String out = "oci:" + dir.resolve("out") + ":1";
        String[][] cases = {
                {"copy", "Nginx:1", out},
                {"copy", "example.com/app@sha256:ABC", out},
                {"copy", "--platform", "linux", "oci:" + dir.resolve("x") + ":1", out},
                {"sync", list(), "--config", config("maxconn: -1\n")},
                {"sync", list(), "--config", config("source:\n  - registry: harbor\n")},
                {"cache", "prune", "--keepsize", "12XB", "--cache", dir.resolve("cache").toString()},
        };
        String[] english = {
                "ferry: invalid image reference \"Nginx:1\": repository name must be lowercase\n",
                "ferry: invalid image reference \"example.com/app@sha256:ABC\": digest \"sha256:ABC\" must be algorithm:hex in lowercase hex\n",
                "ferry: invalid platform \"linux\": expected os/arch[/variant], e.g. linux/amd64 or linux/arm/v7\n",
                "ferry: " + dir.resolve("cfg.yaml") + ":1:10: maxconn is -1, which is negative; expected a whole number of 1 or more, e.g. maxconn: 5\n",
                "ferry: " + dir.resolve("cfg.yaml") + ":2:15: registry \"harbor\" is a bare name, which image references read as a repository on Docker Hub;"
                        + " expected a host with a '.' or a ':PORT' (registry.local, harbor:443), or localhost\n",
                "ferry: --keepsize: \"12XB\" has an unknown unit \"XB\"; write e.g. 10 (GB), 500MB or 2GB\n",
        };
        String[] chinese = {
                "ferry：无效的镜像引用 \"Nginx:1\"：镜像仓库名必须是小写\n",
                "ferry：无效的镜像引用 \"example.com/app@sha256:ABC\"：摘要 \"sha256:ABC\" 必须是 算法:十六进制 的形式，十六进制数字须为小写\n",
                "ferry：无效的平台“linux”：应为 os/arch[/variant]，例如 linux/amd64 或 linux/arm/v7\n",
                "ferry：" + dir.resolve("cfg.yaml") + ":1:10：maxconn 是 -1，为负数；应为不小于 1 的整数，例如 maxconn: 5\n",
                "ferry：" + dir.resolve("cfg.yaml") + ":2:15：仓库地址“harbor”是不带点的名字，镜像引用会把它读作 Docker Hub 上的镜像仓库；"
                        + "应为含 '.' 或 ':PORT' 的主机（registry.local、harbor:443），或 localhost\n",
                "ferry：--keepsize：“12XB”的单位“XB”未知；请写成 10（GB）、500MB 或 2GB 这样的形式\n",
        };
        for (int i = 0; i < cases.length; i++) {
            if (cases[i][0].equals("sync")) cases[i][3] = config(i == 3 ? "maxconn: -1\n" : "source:\n  - registry: harbor\n");
            FerryCli.Result en = new FerryCli().run(cases[i]);
            assertEquals(2, en.exit(), en::toString);
            assertEquals(english[i], en.err(), en::toString);
            FerryCli.Result zh = new FerryCli().env("LANG", "zh_CN.UTF-8").run(cases[i]);
            assertEquals(2, zh.exit(), zh::toString);
            assertEquals(chinese[i], zh.err(), zh::toString);
        }
    }

    private String list() throws IOException {
        return Files.writeString(dir.resolve("img.lst"), "127.0.0.1:1/a/b:1\n").toString();
    }

    private String config(String text) throws IOException {
        return Files.writeString(dir.resolve("cfg.yaml"), text).toString();
    }
}
