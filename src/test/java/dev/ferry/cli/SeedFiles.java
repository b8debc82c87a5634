package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The seeds' example files, kept as test resources under dev/ferry/formats exactly as the seeds show them. */
final class SeedFiles {
    private SeedFiles() {}

    static byte[] bytes(String name) {
        try (InputStream in = SeedFiles.class.getResourceAsStream("/dev/ferry/formats/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The file, byte for byte, as {@code dir/name}. */
    static Path copy(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes(name));
        return f;
    }
}
