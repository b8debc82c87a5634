package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dist/ferry and dist/ferry.cmd start Java alike: the same JVM options, and a class-data-sharing archive made on the
 * first run and used after. dist/ferry runs here against a java that records its command lines; ferry.cmd cannot run
 * here, so the options it names are read from it.
 */
class CdsLaunchersTest {
    private static final Pattern JVM_OPTION = Pattern.compile("-X(?:X:|log:)[^\\s\"%]+");

    /** An option without its file name: the archive's place differs between the two systems. */
    private static String normalised(String option) {
        return option.replaceAll("^(-XX:(?:SharedArchiveFile|ArchiveClassesAtExit))=.*", "$1");
    }

    @Test
    void theUnixLauncherMakesTheArchiveOnceThenUsesIt(@TempDir Path tmp) throws IOException {
        Path javaHome = Files.createDirectories(tmp.resolve("jdk/bin"));
        Path log = tmp.resolve("java.log");
        // records each command line, and writes the archive a training run asks for, as the JVM does at its exit
        Files.writeString(javaHome.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + log + "'\n"
                + "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) echo archive > \"${a#*=}\" ;; esac; done\n");
        javaHome.resolve("java").toFile().setExecutable(true);
        Path jar = Files.writeString(tmp.resolve("ferry.jar"), "not a real jar");
        Map<String, String> env = Map.of("JAVA_HOME", tmp.resolve("jdk").toString(), "FERRY_JAR", jar.toString(),
                "XDG_CACHE_HOME", tmp.resolve("cache").toString(), "PATH", System.getenv("PATH"));
        // a Tab's question never waits for the archive to be recorded
        ProcessResult tab = Tools.run(Duration.ofSeconds(30), List.of("sh", "dist/ferry", "__complete", "registries"), env);
        assertTrue(tab.ok(), tab::describe);
        assertEquals(List.of(), Files.readAllLines(log).stream().filter(l -> l.contains("ArchiveClassesAtExit")).toList());
        Files.delete(log);
        for (int i = 0; i < 2; i++) {
            ProcessResult r = Tools.run(Duration.ofSeconds(30), List.of("sh", "dist/ferry", "--version"), env);
            assertTrue(r.ok(), r::describe);
        }
        List<String> runs = Files.readAllLines(log);
        assertEquals(3, runs.size(), "training, then two runs: " + runs);
        assertTrue(runs.get(0).contains("-XX:ArchiveClassesAtExit=") && runs.get(0).contains("dev.ferry.cli.CdsTraining"), runs.get(0));
        assertTrue(runs.get(1).contains("-XX:SharedArchiveFile=") && runs.get(2).contains("-XX:SharedArchiveFile="), runs::toString);
        assertTrue(runs.get(2).endsWith("-jar " + jar + " --version"), runs.get(2));

        Set<String> unix = new TreeSet<>();
        for (String run : runs) options(run, unix);
        Set<String> windows = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("dist/ferry.cmd"))) {
            if (!line.strip().toLowerCase(java.util.Locale.ROOT).startsWith("rem")) options(line, windows);
        }
        assertEquals(unix, windows, "dist/ferry and dist/ferry.cmd name the same JVM options");
    }

    private static void options(String text, Set<String> into) {
        Matcher m = JVM_OPTION.matcher(text);
        while (m.find()) into.add(normalised(m.group()));
    }
}
