package dev.ferry.pack;

import dev.ferry.ref.Text;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entries of an image-transmit pack's tar data files: each a blob named {@code <hex><suffix>}
 * and stored as a regular file, found once by its offset so that reads may run in parallel.
 */
final class TransmitEntries {
    private static final Pattern ENTRY = Pattern.compile("([0-9a-f]{64}|[0-9a-f]{128})(\\.tar\\.gz|\\.tar|\\.json|\\.raw)");

    /** A blob's bytes in a data file: {@code size} bytes from {@code offset}; {@code name} says which file and entry. */
    record Entry(Path file, String name, long offset, long size) {}

    private TransmitEntries() {}

    /** Adds the entries of the data file {@code file} (named {@code name} in messages) to {@code entries}, by blob hex. */
    static void index(Path file, String name, Map<String, List<Entry>> entries) throws IOException {
        long fileSize = Files.size(file);
        if (fileSize == 0) return; // a writer that never got a blob and was not closed
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                String n = e.getName();
                if (n.equals("manifest.json") || n.equals("repositories") || n.contains("/layer.")) {
                    throw new InvalidInputException(Text.of("transmit.docker_archive", name));
                }
                Matcher m = ENTRY.matcher(n);
                if (!m.matches()) {
                    throw new InvalidInputException(Text.of("transmit.unexpected_entry", name, printable(n)));
                }
                byte flag = e.getLinkFlag();
                if ((flag != TarConstants.LF_NORMAL && flag != TarConstants.LF_OLDNORM) || e.isSparse() || e.isSymbolicLink() || e.isLink()) {
                    throw new InvalidInputException(Text.of("transmit.not_regular", name, n, String.valueOf((char) flag)));
                }
                long off = e.getDataOffset();
                if (off < 0 || e.getSize() < 0 || off + e.getSize() > fileSize) {
                    throw new InvalidInputException(Text.of("transmit.past_end", name, n));
                }
                entries.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Entry(file, name + ":" + n, off, e.getSize()));
            }
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw e instanceof InvalidInputException && msg.startsWith(name) ? (InvalidInputException) e
                    : new InvalidInputException(msg.startsWith(name) ? Text.of(e) : Text.of("transmit.not_tar", name, Text.of(e)), e);
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(120).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) b.append(String.format("\\x%02x", cp));
            else b.appendCodePoint(cp);
        });
        return b.toString();
    }
}
