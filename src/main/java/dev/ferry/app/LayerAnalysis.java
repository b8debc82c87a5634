package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.Platform;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads every layer of one image (each blob hashed as it streams) and works out {@link Analysis}:
 * the file tree layer by layer with whiteouts applied, what each later layer overwrites or
 * deletes, and which contents appear in several layers. Only the file list is kept, never file
 * bytes.
 */
final class LayerAnalysis {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOP = 10;

    private record File(long size, int layer, String sha256) {}

    private final TreeMap<String, File> tree = new TreeMap<>();
    private final Map<String, List<String>> byContent = new HashMap<>();
    private final Map<String, Long> contentSize = new HashMap<>();
    private long fileBytes;
    private long[] wastedIn;

    private LayerAnalysis() {}

    /** The image at {@code reference} of {@code source}; of an index, {@code platform} (default linux/amd64, else the first). */
    static Analysis analyse(ImageSource source, String reference, String name, Platform platform) throws IOException {
        return analyse(source, reference, name, platform, d -> LayerSquash.uncompressed(source, d));
    }

    /** A layer's uncompressed bytes, verified. */
    @FunctionalInterface
    interface Layers {
        InputStream open(Descriptor layer) throws IOException;
    }

    /** The same, with the layers' tars read through {@code layers} (a squash pack rebuilds them from its recipes, no gzip between). */
    static Analysis analyse(ImageSource source, String reference, String name, Platform platform, Layers layers) throws IOException {
        Manifest top = source.manifest(reference);
        ImageManifest m;
        String plat = null;
        if (top instanceof ImageIndex idx) {
            Descriptor pick = null;
            for (Descriptor d : idx.manifests()) {
                if (d.platform() == null) continue;
                boolean wanted = platform != null ? platform.matches(d.platform()) : "linux".equals(d.platform().os()) && "amd64".equals(d.platform().architecture());
                if (wanted) { pick = d; break; }
            }
            if (pick == null && platform != null) throw new BadInputException(Text.of("analyse.no_platform", name, platform));
            if (pick == null) pick = idx.manifests().get(0);
            plat = pick.platform() == null ? null : pick.platform().toString();
            Manifest child = source.manifest(pick);
            if (!(child instanceof ImageManifest im)) throw new BadInputException(Text.of("analyse.nested_index", name));
            m = im;
        } else {
            m = (ImageManifest) top;
        }
        List<String> history = new ArrayList<>();
        JsonNode config = JSON.readTree(source.readBlob(m.config()));
        for (JsonNode h : config.path("history")) if (!h.path("empty_layer").asBoolean(false)) history.add(h.path("created_by").asText(""));
        if (plat == null && config.hasNonNull("os")) plat = config.get("os").asText() + "/" + config.path("architecture").asText();
        LayerAnalysis a = new LayerAnalysis();
        a.wastedIn = new long[m.layers().size()];
        List<long[]> sizes = new ArrayList<>();
        for (int i = 0; i < m.layers().size(); i++) sizes.add(a.read(layers, m.layers().get(i), i));
        List<Analysis.Layer> rows = new ArrayList<>();
        long wasted = 0;
        for (int i = 0; i < m.layers().size(); i++) {
            Descriptor d = m.layers().get(i);
            rows.add(new Analysis.Layer(i, d.digest(), d.size(), sizes.get(i)[0], (int) sizes.get(i)[1], i < history.size() ? history.get(i) : "", a.wastedIn[i]));
            wasted += a.wastedIn[i];
        }
        double efficiency = a.fileBytes == 0 ? 1 : 1 - (double) wasted / a.fileBytes;
        return new Analysis(name, top.digest(), plat, rows, a.fileBytes, wasted, efficiency, a.duplicates(), a.largestFiles(), a.largestDirectories());
    }

    /** Reads one layer into the tree; returns its uncompressed size and its regular files. */
    private long[] read(Layers layers, Descriptor d, int layer) throws IOException {
        long files = 0;
        MessageDigest sha = sha256();
        byte[] buf = new byte[1 << 16];
        try (CountingStream plain = new CountingStream(layers.open(d));
             TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String path = LayerSquash.normal(e.getName());
                int slash = path.lastIndexOf('/');
                String base = path.substring(slash + 1), dir = slash < 0 ? "" : path.substring(0, slash);
                if (base.equals(".wh..wh..opq")) {
                    removeUnder(dir);
                } else if (base.startsWith(".wh.")) {
                    String gone = (dir.isEmpty() ? "" : dir + "/") + base.substring(4);
                    remove(gone);
                    removeUnder(gone);
                } else if (e.isFile()) {
                    sha.reset();
                    for (int n; (n = tar.read(buf)) > 0; ) sha.update(buf, 0, n);
                    String hex = HexFormat.of().formatHex(sha.digest());
                    remove(path);
                    removeUnder(path);
                    tree.put(path, new File(e.getSize(), layer, hex));
                    fileBytes += e.getSize();
                    files++;
                    if (e.getSize() > 0) {
                        byContent.computeIfAbsent(hex, k -> new ArrayList<>()).add(layer + ":" + path);
                        contentSize.put(hex, e.getSize());
                    }
                } else if (!e.isDirectory()) {
                    remove(path); // a link or device replaces what was there
                }
            }
            plain.transferTo(java.io.OutputStream.nullOutputStream()); // the end blocks and padding count too, and the blob is hashed to its end
            return new long[]{plain.count, files};
        }
    }

    private void remove(String path) {
        File f = tree.remove(path);
        if (f != null) wastedIn[f.layer()] += f.size();
    }

    private void removeUnder(String dir) {
        var sub = dir.isEmpty() ? tree : tree.subMap(dir + "/", dir + "0"); // '0' follows '/'
        for (File f : sub.values()) wastedIn[f.layer()] += f.size();
        sub.clear();
    }

    private List<Analysis.Duplicate> duplicates() {
        List<Analysis.Duplicate> out = new ArrayList<>();
        for (var e : byContent.entrySet()) {
            long layers = e.getValue().stream().map(p -> p.substring(0, p.indexOf(':'))).distinct().count();
            if (layers < 2) continue;
            long size = contentSize.get(e.getKey());
            out.add(new Analysis.Duplicate(e.getKey(), size, e.getValue(), size * (e.getValue().size() - 1)));
        }
        out.sort(Comparator.comparingLong(Analysis.Duplicate::extra).reversed().thenComparing(Analysis.Duplicate::sha256));
        return out;
    }

    private List<Analysis.Entry> largestFiles() {
        return tree.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, File> e) -> e.getValue().size()).reversed().thenComparing(Map.Entry::getKey))
                .limit(TOP).map(e -> new Analysis.Entry(e.getKey(), e.getValue().size(), e.getValue().layer())).toList();
    }

    /** Directories of the final tree, two levels deep, by the bytes under them. */
    private List<Analysis.Entry> largestDirectories() {
        Map<String, Long> dirs = new LinkedHashMap<>();
        for (var e : tree.entrySet()) {
            String[] parts = e.getKey().split("/");
            String d = "";
            for (int i = 0; i < Math.min(2, parts.length - 1); i++) {
                d = d.isEmpty() ? parts[i] : d + "/" + parts[i];
                dirs.merge(d, e.getValue().size(), Long::sum);
            }
        }
        return dirs.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(TOP).map(e -> new Analysis.Entry(e.getKey() + "/", e.getValue(), -1)).toList();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
