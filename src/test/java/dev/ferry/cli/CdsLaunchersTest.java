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
 * dist/ferry and dist/ferry.cmd start Java alike: the same JVM options, and a class-data-sharing archive (on Java 25
 * and later an AOT cache) made on the first run and used after. dist/ferry runs here against a java that records its
 * command lines; ferry.cmd cannot run here, so the options it names are read from it.
 */
class CdsLaunchersTest {
    private static final Pattern JVM_OPTION = Pattern.compile("-X(?:X:|log:)[^\\s\"%]+");

    /** An option without its file name: the archive's place differs between the two systems. */
    private static String normalised(String option) {
        return option.replaceAll("^(-XX:(?:SharedArchiveFile|ArchiveClassesAtExit|AOTCache|AOTCacheOutput))=.*", "$1");
    }

    /**
     * A JDK whose java records each command line in {@code log} and writes the archive or cache a training run asks
     * for, as the JVM does; {@code version}, when not null, is the feature release its {@code release} file names.
     */
    private static Path fakeJdk(Path dir, Path log, String version) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$*\" >> '" + log + "'\n"
                + "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*|-XX:AOTCacheOutput=*) echo archive > \"${a#*=}\" ;; esac; done\n");
        bin.resolve("java").toFile().setExecutable(true);
        if (version != null) Files.writeString(dir.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return dir;
    }

    /** Runs dist/ferry with the JDK: a Tab's question, then {@code --version} twice; the java command lines. */
    private static List<String> launches(Path tmp, Path jdk, Path log) throws IOException {
        Path jar = Files.writeString(tmp.resolve("ferry.jar"), "not a real jar");
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString(), "FERRY_JAR", jar.toString(),
                "XDG_CACHE_HOME", tmp.resolve("cache").toString(), "PATH", System.getenv("PATH"));
        // a Tab's question never waits for the archive to be recorded
        ProcessResult tab = Tools.run(Duration.ofSeconds(30), List.of("sh", "dist/ferry", "__complete", "registries"), env);
        assertTrue(tab.ok(), tab::describe);
        assertEquals(List.of(), Files.readAllLines(log).stream().filter(l -> l.contains("ArchiveClassesAtExit") || l.contains("AOTCacheOutput")).toList());
        Files.delete(log);
        for (int i = 0; i < 2; i++) {
            ProcessResult r = Tools.run(Duration.ofSeconds(30), List.of("sh", "dist/ferry", "--version"), env);
            assertTrue(r.ok(), r::describe);
        }
        List<String> runs = Files.readAllLines(log);
        assertEquals(3, runs.size(), "training, then two runs: " + runs);
        assertTrue(runs.get(2).endsWith("-jar " + jar + " --version"), runs.get(2));
        return runs;
    }

    @Test
    void theUnixLauncherMakesTheArchiveOnceThenUsesIt(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("java.log");
        List<String> runs = launches(tmp, fakeJdk(tmp.resolve("jdk"), log, "17.0.15"), log);
        assertTrue(runs.get(0).contains("-XX:ArchiveClassesAtExit=") && runs.get(0).contains("dev.ferry.cli.CdsTraining"), runs.get(0));
        assertTrue(runs.get(1).contains("-XX:SharedArchiveFile=") && runs.get(2).contains("-XX:SharedArchiveFile="), runs::toString);
        assertTrue(runs.stream().noneMatch(r -> r.contains("AOTCache")), runs::toString);
    }

    @Test
    void onJava25TheArchiveIsAnAotCache(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("java.log");
        List<String> runs = launches(tmp, fakeJdk(tmp.resolve("jdk"), log, "25.0.3"), log);
        assertTrue(runs.get(0).contains("-XX:AOTCacheOutput=") && runs.get(0).contains("dev.ferry.cli.CdsTraining"), runs.get(0));
        assertTrue(runs.get(1).contains("-XX:AOTCache=") && runs.get(2).contains("-XX:AOTCache="), runs::toString);
        assertTrue(runs.stream().noneMatch(r -> r.contains("SharedArchiveFile") || r.contains("ArchiveClassesAtExit")), runs::toString);
        // the cache is kept where the archive is, one per jar and Java
        try (var files = Files.list(tmp.resolve("cache/ferry"))) {
            assertEquals(List.of(".aot"), files.map(f -> f.getFileName().toString().replaceAll("^ferry-[0-9-]+", "")).toList());
        }
    }

    @Test
    void aJavaOfUnknownReleaseGetsTheClassicArchive(@TempDir Path tmp) throws IOException {
        Path log = tmp.resolve("java.log");
        List<String> runs = launches(tmp, fakeJdk(tmp.resolve("jdk"), log, null), log);
        assertTrue(runs.get(0).contains("-XX:ArchiveClassesAtExit="), runs.get(0));
        assertTrue(runs.get(2).contains("-XX:SharedArchiveFile="), runs.get(2));
    }

    @Test
    void bothLaunchersNameTheSameJvmOptions(@TempDir Path tmp) throws IOException {
        Set<String> unix = new TreeSet<>();
        for (String version : List.of("17.0.15", "25.0.3")) {
            Path dir = Files.createDirectories(tmp.resolve(version)), log = dir.resolve("java.log");
            for (String run : launches(dir, fakeJdk(dir.resolve("jdk"), log, version), log)) options(run, unix);
        }
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
