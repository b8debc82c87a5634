package dev.ferry.pack.squash;

import dev.ferry.pack.Compression;
import dev.ferry.pack.PackMeta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file contents earlier packs hold, so an incremental squash pack leaves them out: a new layer
 * that changes a few files costs those files. A squash parent's are read from its recipes; a
 * parent of another kind (tar, lz4, xz) has its layers read and their file contents indexed by
 * sha256, referred to where they lie inside its layers ({@link ParentLayers}).
 */
public final class SquashParents {
    public static final SquashParents NONE = new SquashParents(Map.of(), java.util.Set.of());

    private final Map<String, ContentRef> contents;
    private final java.util.Set<dev.ferry.oci.Digest> rebuilt;

    private SquashParents(Map<String, ContentRef> contents, java.util.Set<dev.ferry.oci.Digest> rebuilt) {
        this.contents = contents;
        this.rebuilt = rebuilt;
    }

    /**
     * Layers a parent holds as {@code rebuilt}: the target has them under their new digests only,
     * so an incremental pack stores them again — as a recipe over the parent's contents, a few bytes.
     */
    boolean rebuilt(dev.ferry.oci.Digest d) { return rebuilt.contains(d); }

    Map<String, ContentRef> contents() { return contents; }

    public int size() { return contents.size(); }

    /** Every file content of the layers of a pack that is not a squash pack, where it lies in its layer. */
    private static void indexLayers(Path metaFile, Map<String, ContentRef> found) throws IOException {
        try (dev.ferry.pack.PackReader r = dev.ferry.pack.PackReader.open(metaFile)) {
            for (PackMeta.Blob b : r.meta().blobs()) {
                if (!ParentLayers.layer(b)) continue;
                TarSplitter[] splitter = new TarSplitter[1];
                splitter[0] = new TarSplitter(new Recipe.Writer(java.io.OutputStream.nullOutputStream()), (sha, size, bytes) -> {
                    bytes.transferTo(java.io.OutputStream.nullOutputStream());
                    ContentRef ref = new ContentRef(sha, size, b.file(), b.offset(), splitter[0].contentStart());
                    found.putIfAbsent(sha, ref);
                    return ref;
                });
                try (InputStream tar = ParentLayers.tar(r, b)) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = tar.read(buf)) >= 0; ) splitter[0].write(buf, 0, n);
                }
                splitter[0].finish();
            }
        }
    }

    /** Reads the recipes of every squash pack among {@code metaFiles}, and the layers of the others. */
    public static SquashParents read(List<Path> metaFiles) throws IOException {
        Map<String, ContentRef> found = new LinkedHashMap<>();
        java.util.Set<dev.ferry.oci.Digest> rebuilt = new java.util.HashSet<>();
        for (Path m : metaFiles) {
            PackMeta meta = PackMeta.read(m);
            if (!Compression.parse(meta.compression()).squash()) {
                indexLayers(m, found);
                continue;
            }
            SquashFiles files = SquashFiles.of(m, meta);
            for (PackMeta.Blob b : meta.blobs()) {
                if (b.inParent() || b.squash() == null || !b.squash().recipe()) continue;
                if (PackMeta.Squashed.REBUILT.equals(b.squash().stored())) rebuilt.add(b.digest());
                try (InputStream in = files.frame(b.file(), b.offset(), b.length())) {
                    Recipe.Reader r = new Recipe.Reader(in);
                    for (Recipe.Op op = r.next(); !(op instanceof Recipe.End); op = r.next()) {
                        if (op instanceof Recipe.Content c) found.putIfAbsent(c.ref().sha256(), c.ref());
                    }
                }
            }
        }
        return new SquashParents(Map.copyOf(found), java.util.Set.copyOf(rebuilt));
    }
}
