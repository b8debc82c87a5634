package dev.ferry.cli;

import dev.ferry.app.Version;
import dev.ferry.cli.dist.GeneratedFiles;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code ./mvnw package} leaves in target/ for a jump host: the bundles hold the launchers, the jar, completions,
 * man pages, cfg.yaml.example and the README, and the Linux x86-64 one a runtime that runs ferry with no Java
 * installed. {@code ./mvnw test} alone makes no bundle: then these tests are skipped (they run after a package).
 */
@Timeout(300)
class BundlesTest {
    private static final Path TARGET = Path.of("target");
    private static final String BASE = "ferry-" + Version.get() + "/";

    private static Path bundle(String suffix) {
        Path p = TARGET.resolve("ferry-" + Version.get() + suffix);
        Assumptions.assumeTrue(Files.isRegularFile(p), p + " is made by ./mvnw package; not there, nothing to check");
        return p;
    }

    /** The files every bundle holds, under ferry-VERSION/. */
    private static List<String> expected() {
        List<String> names = new ArrayList<>(List.of("bin/ferry", "bin/ferry.cmd", "lib/ferry.jar", "cfg.yaml.example", "README.md"));
        for (Path p : GeneratedFiles.all().keySet()) {
            names.add(p.startsWith("man") ? "man/man1/" + p.getFileName() : p.toString().replace('\\', '/'));
        }
        return names;
    }

    /** Tar entries: name to mode. */
    private static Map<String, Integer> tar(Path file) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(file)))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) out.put(e.getName(), e.getMode());
        }
        return out;
    }

    @Test
    void theZipAndTarHoldLaunchersJarCompletionsManPagesAndExamples() throws IOException {
        Map<String, Integer> tar = tar(bundle(".tar.gz"));
        List<String> zip = new ArrayList<>();
        try (ZipFile z = new ZipFile(bundle(".zip").toFile())) {
            z.stream().forEach(e -> zip.add(e.getName()));
            String cmd = new String(z.getInputStream(z.getEntry(BASE + "bin/ferry.cmd")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(cmd.contains("\r\n") && !cmd.replace("\r\n", "").contains("\n"), "ferry.cmd has Windows line ends");
            try (InputStream jar = z.getInputStream(z.getEntry(BASE + "lib/ferry.jar"))) {
                Path tmp = Files.createTempFile("ferry-bundle-", ".jar");
                Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
                try (ZipFile j = new ZipFile(tmp.toFile())) {
                    assertTrue(j.getEntry("dev/ferry/build.properties") != null, "the jar names its commit");
                    assertTrue(j.getEntry("dev/ferry/cli/Main.class") != null);
                } finally {
                    Files.delete(tmp);
                }
            }
        }
        for (String name : expected()) {
            assertTrue(tar.containsKey(BASE + name), () -> name + " in the tar.gz: " + tar.keySet());
            assertTrue(zip.contains(BASE + name), () -> name + " in the zip: " + zip);
        }
        assertEquals(0755, tar.get(BASE + "bin/ferry") & 0777, "bin/ferry is executable");
        assertFalse(tar.keySet().stream().anyMatch(n -> n.startsWith(BASE + "runtime/")), "no runtime in the portable bundle");
    }

    @Test
    void theLinuxBundleRunsWithoutAnInstalledJava() throws IOException {
        Path file = bundle("-linux-x64.tar.gz");
        Map<String, Integer> tar = tar(file);
        for (String name : expected()) assertTrue(tar.containsKey(BASE + name), () -> name + " in " + file);
        assertEquals(0755, tar.get(BASE + "runtime/bin/java") & 0777);
        assertTrue(tar.containsKey(BASE + "runtime/lib/server/classes.jsa"), "the runtime's own class-data-sharing archive");
        for (String left : List.of("runtime/include/", "runtime/man/", "runtime/jmods/", "runtime/bin/javac")) {
            assertFalse(tar.keySet().stream().anyMatch(n -> n.startsWith(BASE + left)), left + " is left out");
        }
        Path dir = Files.createTempDirectory("ferry-linux-x64-");
        try {
            ProcessResult untar = Tools.run(Duration.ofMinutes(2), List.of("tar", "xzf", file.toAbsolutePath().toString(), "-C", dir.toString()));
            assertTrue(untar.ok(), untar::describe);
            Path home = dir.resolve(BASE);
            ProcessResult modules = Tools.run(Duration.ofMinutes(1), List.of(home.resolve("runtime/bin/java").toString(), "--list-modules"));
            assertTrue(modules.ok() && modules.stdout().contains("java.base") && !modules.stdout().contains("jdk.compiler"), modules::describe);
            // a PATH with the tools a shell script needs, and no java: the bundle's runtime runs ferry
            Path tools = Files.createDirectories(dir.resolve("path"));
            for (String t : List.of("sh", "dirname", "readlink", "stat", "tr", "cksum", "cut", "mkdir", "mv", "rm")) {
                Tools.find(t, System.getenv("PATH")).ifPresent(p -> {
                    try {
                        Files.createSymbolicLink(tools.resolve(t), p);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            Map<String, String> env = Map.of("PATH", tools.toString(), "HOME", dir.toString());
            for (int run = 0; run < 2; run++) { // the first makes the CDS archive, the second maps it
                ProcessResult v = Tools.run(Duration.ofMinutes(1), List.of(home.resolve("bin/ferry").toString(), "--version"), env);
                assertTrue(v.ok(), v::describe);
                assertTrue(v.stdout().startsWith("ferry " + Version.get() + " (commit "), v::describe);
                assertTrue(v.stdout().contains(", at " + home.resolve("runtime").toRealPath()), v::describe);
            }
            try (var s = Files.list(dir.resolve(".cache/ferry"))) {
                assertTrue(s.anyMatch(p -> p.getFileName().toString().endsWith(".jsa")), "the launcher made its CDS archive");
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }
}
