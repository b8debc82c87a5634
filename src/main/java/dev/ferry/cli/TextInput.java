package dev.ferry.cli;

import dev.ferry.config.ImageList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The text files a command reads besides cfg.yaml: image lists ({@code -} for standard input) and
 * rename files. A file that is missing, a folder, or not text at all is bad input (exit code 2),
 * said with the file's name; text is UTF-8 (or UTF-16 with a byte order mark), and bytes that are
 * not UTF-8 become U+FFFD instead of failing the whole read (a comment saved in GBK is harmless;
 * an image name with such bytes is reported at its line and column).
 */
final class TextInput {
    /** The catalogue's texts for one kind of file. */
    record Kind(String notFound, String directory, String binary) {}

    static final Kind LIST = new Kind("list.not_found", "list.directory", "list.binary");
    static final Kind RENAMES = new Kind("renames.not_found", "renames.directory", "renames.binary");

    private TextInput() {}

    /**
     * An image list: a file, or standard input for null or {@code -}. With no list at all while standard input is
     * the person's terminal, nothing would come: that is said (how to give one), not waited for.
     */
    static String list(String list, CliContext ctx) throws IOException {
        if (list == null && ctx.in() == System.in && System.console() != null) throw UsageException.of("list.none_on_terminal");
        if (list == null || list.equals("-")) return text(ctx.in().readAllBytes(), "<stdin>", LIST);
        return file(list, LIST);
    }

    /** The text of a file the person named. */
    static String file(String name, Kind kind) throws IOException {
        Path p = Path.of(name);
        if (Files.isDirectory(p)) throw UsageException.of(kind.directory(), name);
        if (!Files.isRegularFile(p)) throw UsageException.of(kind.notFound(), name);
        return text(Files.readAllBytes(p), name, kind);
    }

    private static String text(byte[] bytes, String name, Kind kind) {
        String t = ImageList.decode(bytes);
        int nul = t.indexOf('\u0000');
        if (nul >= 0) throw UsageException.of(kind.binary(), name, nul);
        return t;
    }
}
