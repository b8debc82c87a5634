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
    private static final String[] PREFIXES = {"dev/ferry/", "picocli/", "okhttp3/", "okio/", "kotlin/", "com/fasterxml/jackson/core/",
            "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/dataformat/yaml/", "org/yaml/snakeyaml/",
            "org/apache/commons/compress/archivers/tar/", "net/jpountz/lz4/", "org/tukaani/xz/"};

    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        File jar = new File(CdsTraining.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        if (jar.isFile()) loadAll(jar);
        exercise(args.length > 0 && args[0].equals("-v"));
    }

    private static void loadAll(File jar) throws IOException {
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
        if (loaded == 0) System.err.println("ferry: no classes found in " + jar);
    }

    /**
     * Runs a few real commands against a minimal registry on a loopback port of this process, so
     * the archive also holds the JDK classes a transfer uses (sockets, concurrency, digests,
     * management) and picocli's, initialised the way a real run does. Output is discarded;
     * nothing here may fail the training.
     */
    private static void exercise(boolean verbose) {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> serve(server), "cds-registry");
            accept.setDaemon(true);
            accept.start();
            String reg = "127.0.0.1:" + server.getLocalPort();
            java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
            java.util.Map<String, String> env = java.util.Map.of("CI", "true", "HOME", System.getProperty("java.io.tmpdir"));
            String[][] runs = {
                    {"--help"}, {"sync", "--help"},
                    {"catalog", reg}, {"tags", reg + "/training/a"},
                    {"copy", "--retries", "0", reg + "/training/a:1", reg + "/training/b:1"},
            };
            for (String[] run : runs) {
                int code = Main.run(run, sink, verbose ? new java.io.PrintWriter(System.err, true) : sink, env);
                if (verbose) System.err.println("ferry " + String.join(" ", run) + " -> " + code);
            }
            java.security.MessageDigest.getInstance("SHA-256").digest(new byte[1 << 16]);
        } catch (Throwable t) {
            if (verbose) t.printStackTrace();
        }
    }

    /** Just enough of the distribution API for the commands above: /v2/, a catalog, a tag list, 404 for the rest. */
    private static void serve(java.net.ServerSocket server) {
        while (!server.isClosed()) {
            try {
                java.net.Socket s = server.accept();
                Thread t = new Thread(() -> answer(s), "cds-registry-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void answer(java.net.Socket s) {
        try (s; var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
             var out = s.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] req = line.split(" ");
                if (req.length < 2) return;
                long length = 0;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) length = Long.parseLong(line.substring(15).trim());
                }
                in.skip(length);
                String path = req[1];
                int status = 200;
                String body;
                if (path.equals("/v2/")) body = "{}";
                else if (path.startsWith("/v2/_catalog")) body = "{\"repositories\":[\"training/a\"]}";
                else if (path.contains("/tags/list")) body = "{\"name\":\"training/a\",\"tags\":[\"1\"]}";
                else {
                    status = 404;
                    body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}";
                }
                byte[] b = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: application/json\r\n"
                        + "Docker-Distribution-Api-Version: registry/2.0\r\nContent-Length: " + b.length + "\r\n\r\n";
                out.write(head.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                if (!req[0].equals("HEAD")) out.write(b);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went away
        }
    }
}
