package dev.ferry.pack.squash;

import dev.ferry.pack.BoundedInputStream;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.pack.PackMeta;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The data files a squash pack's recipes may name: its own and those of its parent packs (beside
 * its meta file, recursively). A name outside them is refused, so a recipe cannot make ferry
 * read any other file.
 */
final class SquashFiles {
    private final Map<String, Path> files = new LinkedHashMap<>();
    /** Data files of parent packs that are not squash packs: their meta file (contents are read from inside their layers). */
    private final Map<String, Path> foreign = new LinkedHashMap<>();
    private final Map<String, ParentLayers> opened = new java.util.concurrent.ConcurrentHashMap<>();
    private final SquashCodec codec;
    private final String pack;

    private SquashFiles(SquashCodec codec, String pack) {
        this.codec = codec;
        this.pack = pack;
    }

    static SquashFiles of(Path metaFile, PackMeta meta) throws IOException {
        SquashFiles f = new SquashFiles(SquashCodec.of(dev.ferry.pack.Compression.parse(meta.compression())), metaFile.getFileName().toString());
        f.add(metaFile.toAbsolutePath().normalize(), meta, new LinkedHashSet<>(), 0);
        return f;
    }

    private void add(Path metaFile, PackMeta meta, Set<Path> seen, int depth) throws IOException {
        if (!seen.add(metaFile) || depth > 32) return;
        Path dir = metaFile.getParent();
        boolean squash = dev.ferry.pack.Compression.parse(meta.compression()).squash();
        for (PackMeta.DataFile d : meta.datafiles()) {
            if (files.putIfAbsent(d.name(), dir.resolve(d.name())) == null && !squash) foreign.put(d.name(), metaFile);
        }
        for (PackMeta.Parent p : meta.parents()) {
            Path pm = dir.resolve(p.meta());
            if (Files.isRegularFile(pm)) add(pm.normalize(), PackMeta.read(pm), seen, depth + 1);
        }
    }

    SquashCodec codec() { return codec; }

    /** The decompressed frame at {@code offset} of {@code name} (read at most {@code limit} compressed bytes; -1: to the file's end). */
    InputStream frame(String name, long offset, long limit) throws IOException {
        Path p = files.get(name);
        if (p == null) {
            throw new InvalidInputException(Text.of("squash.data_file_unknown", pack, name));
        }
        if (!Files.isRegularFile(p)) throw new InvalidInputException(Text.of("squash.data_file_missing", pack, name));
        Path parentMeta = foreign.get(name);
        if (parentMeta != null) {
            ParentLayers layers = opened.get(name);
            if (layers == null) {
                layers = ParentLayers.of(parentMeta, name);
                opened.putIfAbsent(name, layers);
            }
            return layers.frame(offset);
        }
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        try {
            if (offset > ch.size()) throw new InvalidInputException(Text.of("squash.frame_past_end", pack, offset, name));
            ch.position(offset);
            InputStream raw = new java.io.BufferedInputStream(Channels.newInputStream(ch), 1 << 16);
            if (limit >= 0) raw = new BoundedInputStream(raw, limit);
            return codec.decompress(raw);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
