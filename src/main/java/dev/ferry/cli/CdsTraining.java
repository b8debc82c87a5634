package dev.ferry.cli;

import java.io.File;
import java.io.IOException;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initialising) the classes a ferry command needs, so that a JVM run with
 * {@code -XX:ArchiveClassesAtExit} records them all in a class-data-sharing archive. The launcher
 * runs this once per jar; every later start maps the archive instead of parsing those classes.
 */
public final class CdsTraining {
    private static final String[] PREFIXES = {"dev/ferry/", "okhttp3/", "okio/", "kotlin/", "com/fasterxml/jackson/core/",
            "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/dataformat/yaml/", "org/yaml/snakeyaml/",
            "org/apache/commons/compress/archivers/tar/", "net/jpountz/lz4/", "org/tukaani/xz/"};

    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        File jar = new File(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (!jar.isFile()) return;
        ClassLoader loader = CdsTraining.class.getClassLoader();
        int loaded = 0;
        try (JarFile jf = new JarFile(jar)) {
            for (Enumeration<JarEntry> e = jf.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if (!n.endsWith(".class") || n.contains("module-info") || n.startsWith("META-INF/")) continue;
                for (String p : PREFIXES) {
                    if (n.startsWith(p)) {
                        try {
                            Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                            loaded++;
                        } catch (Throwable ignored) {
                            // optional dependencies of a library: not needed by ferry
                        }
                        break;
                    }
                }
            }
        }
        if (args.length > 0 && args[0].equals("-v")) System.err.println("loaded " + loaded + " classes");
    }
}
