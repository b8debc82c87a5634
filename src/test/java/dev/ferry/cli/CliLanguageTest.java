package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private String list() throws IOException {
        return Files.writeString(dir.resolve("img.lst"), "127.0.0.1:1/a/b:1\n").toString();
    }

    private String config(String text) throws IOException {
        return Files.writeString(dir.resolve("cfg.yaml"), text).toString();
    }
}
