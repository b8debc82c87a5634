package dev.ferry.cache;

import dev.ferry.oci.Digest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the cache directory holds, and taking blobs out of it: by age ({@code keepdays}), by size
 * ({@code keepsize}, least recently used first) or all. A blob is removed only under its
 * exclusive lock, so one being read or pinned by a running job (of any process) stays.
 */
final class CacheEviction {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    private final Path dir;
    private final LockTable locks;

    CacheEviction(Path dir, LockTable locks) {
        this.dir = dir;
        this.locks = locks;
    }

    private record Found(Digest digest, Path path, long size, Instant lastUsed) {}

    private enum Removal { REMOVED, GONE, IN_USE, USED_SINCE }

    /**
     * Evicts blobs not used for {@code keepDays} days, then, while the cache holds more than
     * {@code keepSize} bytes, the least recently used. Blobs being read or pinned by a running job
     * (of any process) stay. Leftovers of interrupted downloads go too.
     */
    BlobCache.PruneResult prune(int keepDays, long keepSize) throws IOException {
        Instant cutoff = Instant.now().minus(Duration.ofDays(keepDays));
        List<Found> kept = new ArrayList<>();
        Set<Digest> inUse = new HashSet<>();
        int byAge = 0, bySize = 0;
        long bytesAge = 0, bytesSize = 0;
        for (Found f : scan()) {
            if (!f.lastUsed().isBefore(cutoff)) {
                kept.add(f);
                continue;
            }
            switch (remove(f)) {
                case REMOVED -> {
                    byAge++;
                    bytesAge += f.size();
                }
                case GONE -> { }
                case IN_USE -> {
                    inUse.add(f.digest());
                    kept.add(f);
                }
                case USED_SINCE -> kept.add(f);
            }
        }
        long total = kept.stream().mapToLong(Found::size).sum();
        int remaining = kept.size();
        if (total > keepSize) {
            kept.sort(Comparator.comparing(Found::lastUsed).thenComparing(Found::digest));
            for (Found f : kept) {
                if (total <= keepSize) break;
                Removal r = remove(f);
                if (r == Removal.REMOVED) {
                    bySize++;
                    bytesSize += f.size();
                }
                if (r == Removal.REMOVED || r == Removal.GONE) {
                    total -= f.size();
                    remaining--;
                }
                if (r == Removal.IN_USE) inUse.add(f.digest());
            }
        }
        removeLeftovers();
        return new BlobCache.PruneResult(byAge, bytesAge, bySize, bytesSize, inUse.size(), remaining, total);
    }

    /** Removes every blob nobody is using. */
    BlobCache.ClearResult clear() throws IOException {
        int removed = 0, inUse = 0;
        long bytes = 0;
        for (Found f : scan()) {
            switch (removeAnyway(f)) {
                case REMOVED -> {
                    removed++;
                    bytes += f.size();
                }
                case IN_USE -> inUse++;
                default -> { }
            }
        }
        removeLeftovers();
        return new BlobCache.ClearResult(removed, bytes, inUse);
    }

    /** Every blob, most recently used first. */
    List<BlobCache.Entry> list() throws IOException {
        List<BlobCache.Entry> out = new ArrayList<>();
        for (Found f : scan()) {
            boolean busy;
            LockTable.Lease l = locks.tryExclusive(LockTable.offset(f.digest()));
            if (l == null) busy = true;
            else {
                busy = false;
                l.close();
            }
            out.add(new BlobCache.Entry(f.digest(), f.size(), f.lastUsed(), busy));
        }
        out.sort(Comparator.comparing(BlobCache.Entry::lastUsed).reversed().thenComparing(BlobCache.Entry::digest));
        return out;
    }

    /** How much the cache holds. */
    BlobCache.Usage usage() throws IOException {
        List<Found> all = scan();
        long bytes = all.stream().mapToLong(Found::size).sum();
        Instant oldest = all.stream().map(Found::lastUsed).min(Comparator.naturalOrder()).orElse(null);
        Instant newest = all.stream().map(Found::lastUsed).max(Comparator.naturalOrder()).orElse(null);
        return new BlobCache.Usage(all.size(), bytes, oldest, newest);
    }

    private Removal remove(Found f) throws IOException {
        LockTable.Lease l = locks.tryExclusive(LockTable.offset(f.digest()));
        if (l == null) return Removal.IN_USE;
        try {
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(f.path(), BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return Removal.GONE;
            }
            if (now.lastModifiedTime().toInstant().isAfter(f.lastUsed())) return Removal.USED_SINCE;
            return Files.deleteIfExists(f.path()) ? Removal.REMOVED : Removal.GONE;
        } finally {
            l.close();
        }
    }

    private Removal removeAnyway(Found f) throws IOException {
        LockTable.Lease l = locks.tryExclusive(LockTable.offset(f.digest()));
        if (l == null) return Removal.IN_USE;
        try {
            return Files.deleteIfExists(f.path()) ? Removal.REMOVED : Removal.GONE;
        } finally {
            l.close();
        }
    }

    /** Temporary files nobody writes any more (a process was killed mid-download). */
    private void removeLeftovers() throws IOException {
        Path tmp = dir.resolve("tmp");
        if (!Files.isDirectory(tmp)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                Digest d;
                try {
                    d = Digest.parse(name.substring(0, dash) + ":" + name.substring(dash + 1, name.length() - ".part".length()));
                } catch (RuntimeException e) {
                    continue;
                }
                LockTable.Lease l = locks.tryExclusive(LockTable.offset(d));
                if (l == null) continue;
                try {
                    Files.deleteIfExists(p);
                } finally {
                    l.close();
                }
            }
        }
    }

    private List<Found> scan() throws IOException {
        List<Found> out = new ArrayList<>();
        Path blobs = dir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return out;
        for (String alg : List.of("sha256", "sha512")) {
            Path algDir = blobs.resolve(alg);
            if (!Files.isDirectory(algDir)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(algDir)) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    if (!HEX.matcher(name).matches()) continue;
                    Digest d;
                    try {
                        d = Digest.parse(alg + ":" + name);
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        if (!a.isRegularFile()) continue;
                        out.add(new Found(d, p, a.size(), a.lastModifiedTime().toInstant()));
                    } catch (NoSuchFileException e) {
                        // evicted meanwhile
                    }
                }
            }
        }
        return out;
    }
}
