package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's class-data-sharing training, in a JVM of its own as the launcher runs it. */
class CdsTrainingTest {

    @Test
    @Timeout(120)
    void theTrainingRunsRealCommandsAndItsArchiveServesTheHttpClasses(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("ferry.jsa");
        String cp = jarredClassPath(dir); // the same jars for both runs: CDS checks them
        Proc train = java(dir, cp, "-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "dev.ferry.cli.CdsTraining", "-v");
        assertEquals(0, train.exit, train::toString);
        // every command of the training ran, each once, in order: all succeeded against the little registry
        // except the copy of an image it does not have, which failed as a copy fails (exit 1), not as bad usage (2)
        List<String> ran = train.err.lines().filter(l -> l.startsWith("ferry ")).map(l -> l.replaceAll("127\\.0\\.0\\.1:\\d+", "REG")).toList();
        assertEquals(List.of("ferry --help -> 0", "ferry sync --help -> 0", "ferry catalog REG -> 0", "ferry tags REG/training/a -> 0",
                "ferry copy --retries 0 REG/training/a:1 REG/training/b:1 -> 1"), ran, train::toString);
        assertTrue(train.err.contains("manifest unknown"), "the copy asked for the manifest: " + train);
        assertTrue(Files.size(archive) > 1_000_000, "an archive was written");

        Proc use = java(dir, cp, "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "dev.ferry.cli.CdsTraining");
        assertEquals(0, use.exit, use::toString);
        for (String cls : List.of("okhttp3.OkHttpClient ", "dev.ferry.engine.Engine ", "com.fasterxml.jackson.databind.ObjectMapper ")) {
            String line = use.out.lines().filter(l -> l.contains(" " + cls)).findFirst().orElse("(not loaded)");
            assertTrue(line.contains("shared objects file"), cls + "comes from the archive: " + line);
        }
    }

    /**
     * On Java 25 and later the launcher records an AOT cache (JEP 483/514) from the same training: it must be made,
     * and serve the HTTP client's, the engine's and Jackson's classes to a later run.
     */
    @Test
    @Timeout(180)
    void onJava25TheSameTrainingMakesAnAotCache(@TempDir Path dir) throws Exception {
        Path jdk = jdk25();
        org.junit.jupiter.api.Assumptions.assumeTrue(jdk != null, "no JDK 25 or later under /usr/lib/jvm");
        String java = jdk.resolve("bin/java").toString();
        Path cache = dir.resolve("ferry.aot");
        String cp = jarredClassPath(dir);
        Proc train = java(java, dir, cp, "-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-Xlog:cds=off", "dev.ferry.cli.CdsTraining");
        assertEquals(0, train.exit, train::toString);
        assertTrue(Files.size(cache) > 1_000_000, "a cache was written: " + train);
        Proc use = java(java, dir, cp, "-XX:AOTCache=" + cache, "-Xlog:class+load=info", "dev.ferry.cli.CdsTraining");
        assertEquals(0, use.exit, use::toString);
        for (String cls : List.of("okhttp3.OkHttpClient ", "dev.ferry.engine.Engine ", "com.fasterxml.jackson.databind.ObjectMapper ")) {
            String line = use.out.lines().filter(l -> l.contains(" " + cls)).findFirst().orElse("(not loaded)");
            assertTrue(line.contains("shared objects file"), cls + "comes from the cache: " + line);
        }
    }

    /** A JDK of release 25 or later installed beside this one, or null. */
    private static Path jdk25() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) return null;
        try (var dirs = Files.list(jvms)) {
            for (Path d : dirs.sorted().toList()) {
                Path release = d.resolve("release");
                if (!Files.isRegularFile(release) || !Files.isExecutable(d.resolve("bin/java"))) continue;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                if (m.find() && Integer.parseInt(m.group(1)) >= 25) return d;
            }
        }
        return null;
    }

    private record Proc(int exit, String out, String err) {
        @Override public String toString() {
            return "exit " + exit + "\n--- stdout (tail)\n" + tail(out) + "--- stderr\n" + err;
        }

        private static String tail(String s) {
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        }
    }

    /** The test's class path with every directory packed into a jar: CDS archives classes from jars only. */
    private static String jarredClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(e);
            if (Files.isRegularFile(p) && e.endsWith(".jar")) {
                try (java.util.jar.JarFile jf = new java.util.jar.JarFile(p.toFile())) {
                    var mf = jf.getManifest();
                    String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
                    if (cp != null && jf.getEntry("dev/ferry/cli/CdsTraining.class") == null && cp.contains("classes")) {
                        // surefire's manifest-only jar: its Class-Path holds the real entries, as URLs
                        for (String u : cp.trim().split("\\s+")) entries.add(Path.of(java.net.URI.create(u)).toString());
                        continue;
                    }
                }
            }
            entries.add(e);
        }
        List<String> out = new ArrayList<>();
        int n = 0;
        for (String e : entries) {
            Path p = Path.of(e);
            if (!Files.isDirectory(p)) {
                out.add(e);
                continue;
            }
            Path jar = dir.resolve("cp-" + n++ + ".jar");
            try (var jos = new java.util.jar.JarOutputStream(Files.newOutputStream(jar)); var files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    jos.putNextEntry(new java.util.jar.JarEntry(p.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, jos);
                    jos.closeEntry();
                }
            }
            out.add(jar.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    private static Proc java(Path dir, String cp, String... args) throws IOException, InterruptedException {
        return java(Path.of(System.getProperty("java.home"), "bin", "java").toString(), dir, cp, args);
    }

    private static Proc java(String java, Path dir, String cp, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(100, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the JVM did not finish: " + cmd);
        }
        return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
