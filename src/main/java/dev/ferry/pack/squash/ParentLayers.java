package dev.ferry.pack.squash;

import dev.ferry.oci.Descriptor;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The layers of a parent pack that is not a squash pack (tar, lz4, xz), each as its uncompressed
 * tar: a squash pack's recipes may refer to file contents inside them, as (data file, the layer's
 * offset in it, the content's offset in the layer's tar). Nothing here is verified but the pack's
 * framing: the contents read from these layers are hashed by whoever reads them.
 */
final class ParentLayers {
    private final PackReader reader;
    private final Map<Long, PackMeta.Blob> byOffset = new HashMap<>();
    private final String file;

    private ParentLayers(PackReader reader, PackMeta meta, String file) {
        this.reader = reader;
        this.file = file;
        for (PackMeta.Blob b : meta.blobs()) if (!b.inParent() && file.equals(b.file())) byOffset.put(b.offset(), b);
    }

    /** The layers of data file {@code file} of the pack {@code metaFile}. */
    static ParentLayers of(Path metaFile, String file) throws IOException {
        PackReader r = PackReader.open(metaFile);
        return new ParentLayers(r, r.meta(), file);
    }

    /** Whether {@code b}, a blob of a pack that is not a squash pack, is a layer whose tar can be read. */
    static boolean layer(PackMeta.Blob b) {
        String mt = b.mediaType();
        return !b.inParent() && (SquashStore.gzipLayer(mt) || SquashStore.tarLayer(mt) || mt != null && mt.endsWith(".tar+zstd"));
    }

    /** The uncompressed tar of the blob {@code b} of {@code reader}'s pack. */
    static InputStream tar(PackReader reader, PackMeta.Blob b) throws IOException {
        InputStream raw = reader.openBlob(new Descriptor(b.mediaType(), b.digest(), b.size()));
        try {
            if (SquashStore.gzipLayer(b.mediaType())) return new java.util.zip.GZIPInputStream(raw, 1 << 16);
            if (b.mediaType().endsWith("+zstd")) return new java.io.BufferedInputStream(new com.github.luben.zstd.ZstdInputStream(raw), 1 << 16);
            return raw;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The tar of the layer at {@code offset} of this data file, from its first byte. */
    InputStream frame(long offset) throws IOException {
        PackMeta.Blob b = byOffset.get(offset);
        if (b == null || !layer(b)) throw new dev.ferry.pack.InvalidInputException(dev.ferry.ref.Text.of("squash.parent_no_layer", file, offset));
        return tar(reader, b);
    }
}
