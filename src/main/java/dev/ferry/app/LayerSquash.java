package dev.ferry.app;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.spi.ImageSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All layers of an image as one layer: a first pass over the layers works out which layer each
 * path of the final tree comes from (whiteouts and opaque directories applied); the second writes
 * those entries, in layer order, into one tar. Each layer is read twice, streaming, and hashed
 * both times; only the path list is kept in memory.
 */
final class LayerSquash {
    /** The squashed layer: its file, compressed digest and size, and its diff_id. */
    record Written(Path file, Digest digest, long size, Digest diffId) {}

    /** Wraps the stream the compressed layer goes to. */
    @FunctionalInterface
    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private final ImageSource source;
    private final List<Descriptor> layers;

    LayerSquash(ImageSource source, List<Descriptor> layers) {
        this.source = source;
        this.layers = List.copyOf(layers);
    }

    /** A layer's uncompressed tar stream (gzip, zstd or plain), its blob hashed as it streams. */
    static InputStream uncompressed(ImageSource s, Descriptor d) throws IOException {
        InputStream in = ReshapedSource.verified(s, d);
        String mt = d.mediaType() == null ? "" : d.mediaType();
        if (mt.endsWith("gzip")) return new java.util.zip.GZIPInputStream(in, 1 << 16);
        if (mt.endsWith("zstd")) return new com.github.luben.zstd.ZstdInputStream(in);
        return in;
    }

    static String normal(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) n = n.substring(n.startsWith("./") ? 2 : 1);
        while (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        return n;
    }

    Written write(Path out, Compressor compressor) throws IOException {
        TreeMap<String, Integer> winner = new TreeMap<>();
        for (int i = 0; i < layers.size(); i++) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(uncompressed(source, layers.get(i)))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    String path = normal(e.getName());
                    int slash = path.lastIndexOf('/');
                    String base = path.substring(slash + 1), dir = slash < 0 ? "" : path.substring(0, slash);
                    if (base.equals(".wh..wh..opq")) {
                        int layer = i;
                        under(winner, dir).values().removeIf(w -> w < layer);
                    } else if (base.startsWith(".wh.")) {
                        String gone = (dir.isEmpty() ? "" : dir + "/") + base.substring(4);
                        winner.remove(gone);
                        under(winner, gone).clear();
                    } else {
                        if (!e.isDirectory()) under(winner, path).clear();
                        winner.put(path, i);
                    }
                }
                tar.transferTo(OutputStream.nullOutputStream());
            }
        }
        MessageDigest blobSha = ReshapedSource.sha256(), diffSha = ReshapedSource.sha256();
        long size;
        try (OutputStream file = Files.newOutputStream(out);
             ReshapedSource.CountingOut counted = new ReshapedSource.CountingOut(new DigestOutputStream(new java.io.BufferedOutputStream(file, 1 << 16), blobSha));
             OutputStream compressed = compressor.wrap(counted);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new DigestOutputStream(compressed, diffSha), 512)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            for (int i = 0; i < layers.size(); i++) {
                try (TarArchiveInputStream in = new TarArchiveInputStream(uncompressed(source, layers.get(i)))) {
                    for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                        String path = normal(e.getName());
                        Integer w = winner.get(path);
                        if (w == null || w != i || path.isEmpty()) continue;
                        winner.remove(path); // written once, even when a layer holds a path twice
                        tar.putArchiveEntry(e);
                        if (e.isFile()) in.transferTo(tar);
                        tar.closeArchiveEntry();
                    }
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            tar.finish();
            tar.flush();
            compressed.close();
            size = counted.count;
        }
        return new Written(out, Digest.parse("sha256:" + HexFormat.of().formatHex(blobSha.digest())), size,
                Digest.parse("sha256:" + HexFormat.of().formatHex(diffSha.digest())));
    }

    private static Map<String, Integer> under(TreeMap<String, Integer> m, String dir) {
        return dir.isEmpty() ? m : m.subMap(dir + "/", dir + "0"); // '0' follows '/'
    }
}
