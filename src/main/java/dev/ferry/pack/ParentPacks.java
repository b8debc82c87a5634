package dev.ferry.pack;

import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The packs an incremental pack is made against ({@code --inc META}, repeatable), with their own
 * parents: which blobs they hold and in which pack each one's data sits.
 */
public final class ParentPacks {
    public static final ParentPacks NONE = new ParentPacks(List.of(), Map.of(), List.of());

    /** Where a parent's blob is: the meta file name of the pack whose data file holds it. */
    public record Located(String meta, long size) {}

    private final List<PackMeta.Parent> direct;
    private final Map<Digest, Located> blobs;
    private final List<Path> metaFiles;

    private ParentPacks(List<PackMeta.Parent> direct, Map<Digest, Located> blobs, List<Path> metaFiles) {
        this.direct = List.copyOf(direct);
        this.blobs = Map.copyOf(blobs);
        this.metaFiles = List.copyOf(metaFiles);
    }

    /** Reads the given meta files and, from the same folders, the parents they name (recursively). */
    public static ParentPacks read(List<Path> metas) throws IOException {
        List<PackMeta.Parent> direct = new ArrayList<>();
        Map<Digest, Located> blobs = new LinkedHashMap<>();
        Set<Path> seen = new LinkedHashSet<>();
        for (Path m : metas) {
            direct.add(new PackMeta.Parent(m.getFileName().toString(), sha256(m)));
            collect(m, blobs, seen, 0);
        }
        return new ParentPacks(direct, blobs, List.copyOf(seen));
    }

    private static void collect(Path meta, Map<Digest, Located> blobs, Set<Path> seen, int depth) throws IOException {
        Path real = meta.toAbsolutePath().normalize();
        if (!seen.add(real)) return;
        if (depth > 32) throw new InvalidInputException(Text.of("packfile.parents_too_deep", meta, 32));
        PackMeta pm = PackMeta.read(meta);
        String name = meta.getFileName().toString();
        for (PackMeta.Blob b : pm.blobs()) {
            if (!b.inParent()) blobs.putIfAbsent(b.digest(), new Located(name, b.size()));
        }
        for (PackMeta.Parent p : pm.parents()) {
            Path pp = real.getParent().resolve(p.meta());
            if (!Files.isRegularFile(pp)) {
                throw new InvalidInputException(Text.of("packfile.parent_missing", meta, p.meta()));
            }
            collect(pp, blobs, seen, depth + 1);
        }
    }

    static String sha256(Path file) throws IOException {
        return sha256(file, n -> { });
    }

    /** The same, telling {@code hashed} each chunk's size as it goes (a reader on another thread sees progress). */
    public static String sha256(Path file, java.util.function.LongConsumer hashed) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (Thread.currentThread().isInterrupted()) throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_hashing", file.getFileName()));
                hashed.accept(n);
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isEmpty() { return direct.isEmpty(); }

    /** Every meta file read: the packs named and, recursively, their parents. */
    public List<Path> metaFiles() { return metaFiles; }

    public boolean contains(Digest d) { return blobs.containsKey(d); }

    public Located locate(Digest d) { return blobs.get(d); }

    public List<PackMeta.Parent> direct() { return direct; }

    public int blobCount() { return blobs.size(); }
}
