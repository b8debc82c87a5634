package dev.ferry.pack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of a pack's files: {@code BASE_N.tar[.lz4|.xz]} data files and {@code BASE_meta.yaml},
 * where BASE is {@code [PREFIX_]img_full_YYYYMMDDhhmmss[-N]} (or {@code img_inc_}). While a save
 * runs, its files carry {@link #PARTIAL} at the end; they get their names only when the pack is
 * complete, data files first and the meta file last. So a data file without its meta file, or any
 * file ending in {@code .partial}, is what a save that did not finish left behind.
 */
public final class PackFiles {
    /** The suffix of a file a save is still writing. */
    public static final String PARTIAL = ".partial";
    public static final String META_SUFFIX = "_meta.yaml";
    private static final Pattern DATA_FILE = Pattern.compile(
            "((?:[A-Za-z0-9._-]+_)?img_(?:full|inc)_[0-9]{14}(?:-[0-9]+)?)_[0-9]+(?:\\.tar(?:\\.lz4|\\.xz)?|\\.squash)(" + Pattern.quote(PARTIAL) + ")?");
    private static final Pattern META_FILE = Pattern.compile(
            "(?:[A-Za-z0-9._-]+_)?img_(?:full|inc)_[0-9]{14}(?:-[0-9]+)?" + Pattern.quote(META_SUFFIX) + "(" + Pattern.quote(PARTIAL) + ")?");

    private PackFiles() {}

    /** A file that looks like a pack's data file, whether finished or not. */
    public static boolean isDataFile(Path file) {
        return file.getFileName() != null && DATA_FILE.matcher(file.getFileName().toString()).matches();
    }

    /** A file that looks like a pack's meta file, whether finished or not. */
    public static boolean isMetaFile(Path file) {
        return file.getFileName() != null && META_FILE.matcher(file.getFileName().toString()).matches();
    }

    /** True for a file a save was still writing ({@code .partial}). */
    public static boolean isPartial(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(PARTIAL);
    }

    /** The meta file of the pack a data file belongs to (beside it), if the name is a data file's. */
    public static Optional<Path> metaOf(Path dataFile) {
        if (dataFile.getFileName() == null) return Optional.empty();
        Matcher m = DATA_FILE.matcher(dataFile.getFileName().toString());
        if (!m.matches()) return Optional.empty();
        return Optional.of(dataFile.resolveSibling(m.group(1) + META_SUFFIX));
    }

    /** Where a file is written until it is complete. */
    static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL);
    }

    /**
     * What saves that did not finish left in {@code dir}: {@code .partial} files no running ferry
     * holds (a save holds a lock on each file it writes), and data files whose meta file is not
     * beside them. Nothing is deleted; an unreadable folder gives an empty list.
     */
    public static List<Path> leftovers(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                boolean data = DATA_FILE.matcher(name).matches();
                boolean meta = META_FILE.matcher(name).matches();
                if (!Files.isRegularFile(f) || !(data || meta)) continue;
                if (isPartial(f)) {
                    if (!inUse(f)) out.add(f);
                } else if (data && !Files.exists(metaOf(f).orElseThrow())) {
                    out.add(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Whether a process (this one or another) holds the lock of a file being written. */
    private static boolean inUse(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) return true;
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return true; // cannot tell: say nothing about it
        }
    }
}
