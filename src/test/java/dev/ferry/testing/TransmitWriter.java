package dev.ferry.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a pack the way image-transmit's download mode does (core/offline.go, core/compression.go, cmd/main.go):
 * per-worker tar data files with blobs named hex+suffix, and a go-yaml meta file with datafiles / compressor / blobs /
 * manifests / blobdoing. Written from image-transmit's format, not from ferry's reader, so that it checks the reader.
 */
public final class TransmitWriter {
    /** What image-transmit's cmd/main.go records for a blob an incremental pack leaves to its parent. */
    static final String SKIP_PREFIX = "https://last.img/skip/it:";

    /** One blob as image-transmit's GetBlobInfos lists it (layers, then config, per platform manifest). */
    public record BlobInfo(String hex, long size, String mediaType) {}

    private final Path layout;
    private final Path dir;
    private final String workName;
    private final int workers;
    private final List<List<String>> perFile = new ArrayList<>();   // entry names per data file, in order
    private final Map<String, Path> content = new LinkedHashMap<>();
    private final Map<String, String> manifests = new TreeMap<>();   // go-yaml sorts map keys
    private final Map<String, List<String>> blobs = new TreeMap<>();
    private final String compressor = "tar";
    private byte typeflag = TarConstants.LF_NORMAL;
    private int next;

    /** A pack named {@code workName} in {@code dir}, with {@code workers} data files, of blobs kept in the OCI layout {@code layout}. */
    public TransmitWriter(Path layout, Path dir, String workName, int workers) throws IOException {
        this.layout = layout;
        this.dir = Files.createDirectories(dir);
        this.workName = workName;
        this.workers = workers;
        for (int i = 0; i < workers; i++) perFile.add(new ArrayList<>());
    }

    /** An incremental pack: every blob of the parent meta is marked done, pointing at the parent (cmd/main.go). */
    public TransmitWriter incrementalOf(String parentMetaName, Collection<String> parentHexes) {
        for (String h : parentHexes) blobs.computeIfAbsent(h, k -> new ArrayList<>()).add(SKIP_PREFIX + parentMetaName);
        return this;
    }

    /** OfflineDownTask.Run: manifest first, then each blob not yet done, into this worker's tar. */
    public TransmitWriter image(String url, String manifestText, TestImages.Image img) {
        manifests.put(url, manifestText);
        int worker = next++ % workers;
        for (BlobInfo b : blobInfos(img)) {
            if (blobs.containsKey(b.hex())) continue; // BlobExists: skipped, not recorded for this image
            String name = b.hex() + suffix(b);
            perFile.get(worker).add(name);
            content.put(name, TestImages.blobPath(layout, "sha256:" + b.hex()));
            blobs.computeIfAbsent(b.hex(), k -> new ArrayList<>()).add(url);
        }
        return this;
    }

    public static List<BlobInfo> blobInfos(TestImages.Image img) {
        List<BlobInfo> out = new ArrayList<>();
        if (img.isIndex()) {
            for (TestImages.Image c : img.children()) out.addAll(blobInfos(c));
            return out;
        }
        for (TestImages.Blob l : img.layers()) out.add(new BlobInfo(l.digest().substring(7), l.size(), l.mediaType()));
        out.add(new BlobInfo(img.config().digest().substring(7), img.config().size(), img.config().mediaType()));
        return out;
    }

    /** GetBlobSuffix in core/compression.go. */
    static String suffix(BlobInfo b) {
        if (b.mediaType().endsWith("tar.gzip") && b.size() > 32) return ".tar.gz";
        if (b.mediaType().endsWith("tar")) return ".tar";
        if (b.mediaType().endsWith("json")) return ".json";
        return ".raw";
    }

    /** Closes the tar writers (Go archive/tar: typeflag '0', mode 060, empty owner) and writes the meta. */
    public Path finish() throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        for (int i = 0; i < workers; i++) {
            String name = workName + "_" + i + ".tar";
            Path p = dir.resolve(name);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(p))) {
                for (String entry : perFile.get(i)) {
                    byte[] data = Files.readAllBytes(content.get(entry));
                    TarArchiveEntry e = goEntry(entry, data.length, typeflag);
                    tar.putArchiveEntry(e);
                    tar.write(data);
                    tar.closeArchiveEntry();
                }
            }
            sizes.put(name, Files.size(p));
        }
        Path meta = dir.resolve(workName + "_meta.yaml");
        Files.writeString(meta, yaml(sizes));
        return meta;
    }

    private String yaml(Map<String, Long> sizes) {
        StringBuilder y = new StringBuilder("datafiles:\n");
        sizes.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
        y.append("compressor: ").append(compressor).append('\n');
        y.append(blobs.isEmpty() ? "blobs: {}\n" : "blobs:\n");
        blobs.forEach((k, refs) -> {
            y.append("  ").append(k).append(":\n");
            for (String r : refs) y.append("  - ").append(r).append('\n');
        });
        y.append("manifests:\n");
        manifests.forEach((k, v) -> {
            y.append("  ").append(k).append(": ");
            if (v.contains("\n")) {
                String body = v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
                y.append(v.endsWith("\n") ? "|\n" : "|-\n");
                for (String line : body.split("\n", -1)) y.append(line.isEmpty() ? "" : "    " + line).append('\n');
            } else {
                y.append('\'').append(v.replace("'", "''")).append("'\n");
            }
        });
        y.append("blobdoing: {}\n");
        return y.toString();
    }

    /** Data file {@code file}'s entry names in order; a test may remove one (a download that stopped before it). */
    public List<String> entries(int file) {
        return perFile.get(file);
    }

    /** Where the bytes of entry {@code name} come from. */
    public Path content(String name) {
        return content.get(name);
    }

    /** The tar typeflag of every entry (image-transmit writes '0'; old Go versions wrote '\\0'). */
    public TransmitWriter typeflag(byte flag) {
        this.typeflag = flag;
        return this;
    }

    /** A tar entry as Go's archive/tar writes it for image-transmit. */
    public static TarArchiveEntry goEntry(String name, long size, byte flag) {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setMode(060); // image-transmit sets Mode: tar.TypeReg, i.e. '0'
        e.setSize(size);
        e.setModTime(0);
        e.setUserName("");
        e.setGroupName("");
        return e;
    }
}
