package dev.ferry.cache;

import dev.ferry.oci.Digest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where blobs were seen or written on each registry, kept on disk between runs: a copy into a repository that lacks a
 * blob the same registry holds in another repository mounts it from there instead of moving its bytes again.
 *
 * <p>A hint, never a truth: a repository named here may have lost the blob since (the mount is then refused and the
 * caller uploads, and {@link #forget}s the sighting). One file per registry in the directory, of lines
 * {@code + DIGEST REPOSITORY} and {@code - DIGEST REPOSITORY}, appended whole with {@code O_APPEND} so several
 * processes may write at once; each reads what the others appended when it looks a blob up. A file that outgrows its
 * bound is rewritten with its newer half (under a file lock, through a rename); a line another process appended
 * during that rewrite may be lost, which costs one upload, nothing else.
 *
 * <p>Thread-safe.
 */
public final class BlobSightings {
    /** Remembers nothing. */
    public static final BlobSightings NONE = new BlobSightings(null, 0);
    /** The default bound of one registry's file: some 40,000 sightings. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 20;
    /** Repositories remembered per blob and registry, the newest first. */
    static final int PER_BLOB = 4;

    private final Path dir;
    private final long maxFileBytes;
    private final Map<String, RegistryFile> files = new ConcurrentHashMap<>();

    private BlobSightings(Path dir, long maxFileBytes) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
    }

    /** Sightings kept in {@code dir} (created when first written), each registry's file held to about {@code maxFileBytes}. */
    public static BlobSightings in(Path dir, long maxFileBytes) {
        if (maxFileBytes < 1024) throw new IllegalStateException("maxFileBytes must be at least 1024, got " + maxFileBytes); // a constant of ferry's
        return new BlobSightings(dir, maxFileBytes);
    }

    /** The directory, or null for {@link #NONE}. */
    public Path directory() {
        return dir;
    }

    /** The repositories of {@code registry} where {@code blob} was last seen, the newest first (at most four). */
    public List<String> repositories(String registry, Digest blob) {
        if (dir == null) return List.of();
        return file(registry).repositories(blob.toString());
    }

    /** {@code blob} is in {@code repository} of {@code registry}: it was found there, written there or mounted there. */
    public void saw(String registry, String repository, Digest blob) {
        if (dir == null) return;
        file(registry).record('+', blob.toString(), repository);
    }

    /** {@code repository} of {@code registry} turned out not to hold {@code blob} (a mount from it was refused). */
    public void forget(String registry, String repository, Digest blob) {
        if (dir == null) return;
        file(registry).record('-', blob.toString(), repository);
    }

    private RegistryFile file(String registry) {
        return files.computeIfAbsent(registry, r -> new RegistryFile(dir.resolve(fileName(r))));
    }

    /** A file name for a registry that no two registries share and every file system accepts. */
    static String fileName(String registry) {
        StringBuilder b = new StringBuilder();
        for (char c : registry.toCharArray()) b.append(Character.isLetterOrDigit(c) || c == '.' || c == '-' ? c : '_');
        return b + "-" + Integer.toHexString(registry.hashCode()) + ".seen";
    }

    /** One registry's sightings: what its file said when last read, and the file. */
    private final class RegistryFile {
        private final Path path;
        /** digest -> repositories, the newest last; in the order blobs were last touched, the oldest first. */
        private final LinkedHashMap<String, List<String>> seen = new LinkedHashMap<>(16, 0.75f, true);
        private long readUpTo;
        private long size;
        /** The identity (inode) of the file read; another means another process rewrote it. */
        private Object fileKey;

        RegistryFile(Path path) {
            this.path = path;
        }

        synchronized List<String> repositories(String digest) {
            refresh();
            List<String> r = seen.get(digest);
            if (r == null) return List.of();
            List<String> newestFirst = new ArrayList<>(r);
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }

        synchronized void record(char op, String digest, String repository) {
            refresh();
            List<String> r = seen.get(digest);
            boolean known = r != null && r.contains(repository);
            if (op == '+' ? known && r.get(r.size() - 1).equals(repository) : !known) return;
            apply(op, digest, repository);
            byte[] line = (op + " " + digest + " " + repository + "\n").getBytes(StandardCharsets.UTF_8);
            try {
                if (fileKey == null) Files.createDirectories(path.getParent()); // the file was there at the refresh: so is its directory
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    ByteBuffer buf = ByteBuffer.wrap(line);
                    while (buf.hasRemaining()) ch.write(buf);
                    size = ch.size();
                }
                if (size > maxFileBytes) compact();
            } catch (IOException e) {
                // a hint store that cannot be written costs uploads later, not this copy
            }
        }

        private void apply(char op, String digest, String repository) {
            List<String> r = seen.computeIfAbsent(digest, d -> new ArrayList<>(2));
            r.remove(repository);
            if (op == '+') {
                r.add(repository);
                if (r.size() > PER_BLOB) r.remove(0);
            } else if (r.isEmpty()) {
                seen.remove(digest);
            }
        }

        /** Reads what was appended since the last read (by this process or another); all of it when the file was rewritten. */
        private void refresh() {
            try {
                // one stat says whether the file is there, whether it is the one read, and whether it grew: a job asks
                // for each blob it moves, and a file nobody appended to is not opened
                java.nio.file.attribute.BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
                } catch (java.nio.file.NoSuchFileException e) {
                    readUpTo = 0;
                    fileKey = null;
                    return;
                }
                Object key = attributes.fileKey();
                long now = attributes.size();
                if (now < readUpTo || key != null && !key.equals(fileKey)) { // rewritten by a compaction: read it again
                    seen.clear();
                    readUpTo = 0;
                }
                fileKey = key;
                size = now;
                if (now == readUpTo) return;
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(now - readUpTo, Integer.MAX_VALUE - 8));
                    while (buf.hasRemaining() && ch.read(buf, readUpTo + buf.position()) > 0) {
                        // read on
                    }
                    buf.flip();
                    int lineStart = 0;
                    byte[] bytes = new byte[buf.remaining()];
                    buf.get(bytes);
                    for (int i = 0; i < bytes.length; i++) {
                        if (bytes[i] != '\n') continue;
                        parse(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                        lineStart = i + 1;
                    }
                    readUpTo += lineStart; // an unfinished last line (another process still writing it) is read next time
                }
            } catch (IOException e) {
                // unreadable: nothing known
            }
        }

        private void parse(String line) {
            String[] p = line.split(" ", 3);
            if (p.length != 3 || p[0].length() != 1 || (p[0].charAt(0) != '+' && p[0].charAt(0) != '-')) return;
            if (!p[1].startsWith("sha256:") && !p[1].startsWith("sha512:")) return;
            if (p[2].isEmpty() || p[2].indexOf(' ') >= 0) return;
            apply(p[0].charAt(0), p[1], p[2]);
        }

        /** Rewrites the file with the newer half of what it knows, when no other process is doing the same. */
        private void compact() throws IOException {
            Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
            try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lc.tryLock()) {
                if (lock == null) return; // another process compacts it
                refresh();
                List<String> lines = new ArrayList<>();
                long budget = maxFileBytes / 2, used = 0;
                List<Map.Entry<String, List<String>>> newestFirst = new ArrayList<>(seen.entrySet());
                java.util.Collections.reverse(newestFirst);
                Iterator<Map.Entry<String, List<String>>> it = newestFirst.iterator();
                while (it.hasNext() && used < budget) {
                    Map.Entry<String, List<String>> e = it.next();
                    for (String repo : e.getValue()) {
                        String l = "+ " + e.getKey() + " " + repo + "\n";
                        lines.add(l);
                        used += l.length();
                    }
                }
                java.util.Collections.reverse(lines); // the oldest first, as appends come
                Path tmp = path.resolveSibling(path.getFileName() + ".tmp" + ProcessHandle.current().pid());
                Files.writeString(tmp, String.join("", lines), StandardCharsets.UTF_8);
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                seen.clear();
                readUpTo = 0;
                fileKey = null;
                refresh();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                // this process compacts it already
            }
        }
    }
}
