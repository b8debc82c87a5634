package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The help in Chinese covers the whole command model: every command (with its footer, when it has one) and every
 * option and positional parameter of every command has a zh_CN text in cli/help_zh_CN.properties, and it is not the
 * English one. A new command or option added in English only is named here, with the key picocli looks for.
 */
class HelpLanguageTest {
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    private static CommandLine tree(Map<String, String> env) {
        return Main.commandLine(new CliContext(env, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
    }

    @Test
    void everyCommandOptionAndPositionalHasAChineseDescription() {
        CommandLine zh = tree(Map.of("LANG", "zh_CN.UTF-8"));
        CommandLine en = tree(Map.of());
        List<String> missing = new ArrayList<>();
        int checked = walk(zh, en, missing);
        assertTrue(checked > 100, "the walk reaches the whole model (" + checked + " texts)");
        assertEquals(List.of(), missing, "texts of the help without Chinese in " + HelpLanguage.BUNDLE.replace('.', '/') + "_zh_CN.properties");
    }

    private static int walk(CommandLine zh, CommandLine en, List<String> missing) {
        CommandSpec z = zh.getCommandSpec(), e = en.getCommandSpec();
        String q = z.qualifiedName(".");
        int n = 1;
        check(q + ".usage.description.0", z.usageMessage().description(), e.usageMessage().description(), missing);
        if (e.usageMessage().footer().length > 0) {
            n++;
            check(q + ".usage.footer.0", z.usageMessage().footer(), e.usageMessage().footer(), missing);
        }
        for (OptionSpec o : z.options()) {
            if (o.hidden()) continue;
            n++;
            OptionSpec eo = e.findOption(o.longestName());
            String key = o.descriptionKey().isEmpty() ? o.longestName().replaceFirst("^-+", "") + " (or " + q + "." + o.longestName().replaceFirst("^-+", "") + ")" : o.descriptionKey();
            check(q + " " + o.longestName() + ": " + key, o.description(), eo.description(), missing);
        }
        for (int i = 0; i < z.positionalParameters().size(); i++) {
            ArgSpec p = z.positionalParameters().get(i);
            n++;
            String label = z.positionalParameters().get(i).paramLabel();
            check(q + " " + label + ": " + label + "[" + i + "]", p.description(), e.positionalParameters().get(i).description(), missing);
        }
        for (var g : z.argGroups()) {
            if (g.heading() == null) continue;
            n++;
            if (!HAN.matcher(g.heading()).find()) missing.add(q + " group heading: " + g.headingKey());
        }
        for (var sub : zh.getSubcommands().entrySet()) n += walk(sub.getValue(), en.getSubcommands().get(sub.getKey()), missing);
        return n;
    }

    private static void check(String what, String[] zh, String[] en, List<String> missing) {
        String z = String.join("\n", zh);
        if (!HAN.matcher(z).find() || z.equals(String.join("\n", en))) missing.add(what);
    }

    @Test
    void langZhCnSyncHelpIsChineseAndEnglishStaysTheDefault() {
        FerryCli.Result zh = new FerryCli().run("--lang", "zh_CN", "sync", "--help");
        assertEquals(0, zh.exit(), zh::toString);
        assertTrue(zh.out().startsWith("用法： ferry sync"), zh::toString);
        assertTrue(zh.out().contains("把镜像列表中的每个镜像从一个仓库传输到一个或多个仓库"), zh::toString);
        assertTrue(zh.out().contains("示例："), zh::toString);
        assertFalse(zh.out().contains("Copy every image"), zh::toString);

        FerryCli.Result after = new FerryCli().run("sync", "--help", "--lang", "zh");
        assertEquals(zh.out(), after.out(), "--lang after the command works the same");

        FerryCli.Result en = new FerryCli().run("sync", "--help");
        assertTrue(en.out().startsWith("Usage: ferry sync"), en::toString);
        assertTrue(en.out().contains("Copy every image of a list"), en::toString);
        assertFalse(HAN.matcher(en.out()).find(), en::toString);
    }

    @Test
    void chineseHelpBreaksBetweenCharactersToFit80Columns() {
        List<String> tooWide = new ArrayList<>();
        for (String command : tree(Map.of()).getSubcommands().keySet()) {
            FerryCli.Result r = new FerryCli().run("--lang", "zh_CN", command, "--help");
            for (String line : r.out().split("\n")) {
                boolean example = line.startsWith("  ") && line.strip().matches("(ferry|echo|source) .*|.*\\\\"); // kept whole, as in English
                if (!example && dev.ferry.app.DisplayWidth.of(line) > 80) tooWide.add(command + ": " + line);
                if (line.matches(".*\\S [，。；：）].*")) tooWide.add(command + " (a row starts with closing punctuation): " + line);
            }
        }
        assertEquals(List.of(), tooWide);
        assertEquals(List.of("仓", "库", "（cfg.yaml）。", "ok"), HelpLayout.segments("仓库（cfg.yaml）。ok"),
                "a row may break between Chinese characters, never before ） or 。 nor after （");
        assertEquals(List.of("--authfile=FILE"), HelpLayout.segments("--authfile=FILE"), "a Latin word stays whole");
    }

    @Test
    void theEnvironmentsChineseReachesTheHelpToo() {
        FerryCli.Result r = new FerryCli().env("LC_MESSAGES", "zh_CN.UTF-8").run("--help");
        assertTrue(r.out().contains("在镜像仓库之间"), r::toString);
        assertTrue(r.out().contains("image-transmit 的参数"), r::toString);
        assertTrue(r.out().contains("命令："), r::toString);
    }

    /** cfg.yaml's lang: reaches the help as it reaches the messages: over the environment, under --lang. */
    @Test
    void cfgYamlsLangReachesTheHelp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path zhCfg = java.nio.file.Files.writeString(tmp.resolve("zh.yaml"), "lang: zh_CN\nmaxconn: 4\n");
        java.nio.file.Path enCfg = java.nio.file.Files.writeString(tmp.resolve("en.yaml"), "lang: en_US\n");
        FerryCli.Result zh = new FerryCli().run("sync", "--help", "--config", zhCfg.toString());
        assertEquals(0, zh.exit(), zh::toString);
        assertTrue(zh.out().startsWith("用法： ferry sync") && zh.out().contains("把镜像列表中的每个镜像从一个仓库传输到一个或多个仓库"), zh::toString);
        FerryCli.Result equals = new FerryCli().run("sync", "--config=" + zhCfg, "-h");
        assertEquals(zh.out(), equals.out(), "--config=FILE and -h work the same");

        FerryCli.Result cfgOverEnv = new FerryCli().env("LANG", "zh_CN.UTF-8").run("sync", "--help", "--config", enCfg.toString());
        assertTrue(cfgOverEnv.out().startsWith("Usage: ferry sync") && !HAN.matcher(cfgOverEnv.out()).find(), "cfg.yaml's en_US over LANG: " + cfgOverEnv);
        FerryCli.Result flagOverCfg = new FerryCli().run("--lang", "en_US", "sync", "--help", "--config", zhCfg.toString());
        assertTrue(flagOverCfg.out().startsWith("Usage: ferry sync") && !HAN.matcher(flagOverCfg.out()).find(), "--lang over cfg.yaml: " + flagOverCfg);

        java.nio.file.Path broken = java.nio.file.Files.writeString(tmp.resolve("broken.yaml"), "lang: [zh\n");
        FerryCli.Result despite = new FerryCli().run("sync", "--help", "--config", broken.toString());
        assertEquals(0, despite.exit(), "help is shown whatever cfg.yaml holds: " + despite);
        assertTrue(despite.out().startsWith("Usage: ferry sync"), despite::toString);

        // a real run from a working directory whose ./cfg.yaml (then ./data/cfg.yaml) says zh_CN, with LANG=C.UTF-8
        java.nio.file.Path here = java.nio.file.Files.createDirectories(tmp.resolve("here"));
        java.nio.file.Files.writeString(here.resolve("cfg.yaml"), "lang: zh_CN\n");
        java.nio.file.Path data = java.nio.file.Files.createDirectories(tmp.resolve("there").resolve("data"));
        java.nio.file.Files.writeString(data.resolve("cfg.yaml"), "lang: zh\n");
        for (java.nio.file.Path dir : List.of(here, data.getParent())) {
            try (FerryProcess p = FerryProcess.start(dir, "--help")) {
                assertEquals(0, p.awaitExit(java.time.Duration.ofSeconds(30)), p.output());
                assertTrue(p.output().contains("在镜像仓库之间") && p.output().contains("命令："), dir + ": " + p.output());
            }
            try (FerryProcess p = FerryProcess.start(dir)) {
                assertEquals(0, p.awaitExit(java.time.Duration.ofSeconds(30)), p.output());
                assertTrue(p.output().contains("命令："), "a bare ferry prints the same help: " + p.output());
            }
        }
    }
}
