package dev.ferry.pack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Digest;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The data file of an image-transmit pack saved with {@code compressor: squashfs}: one squashfs
 * image made by mksquashfs of a folder that holds, per gzip layer {@code HEX}, the layer unpacked
 * ({@code HEX/}) and its tar-split record ({@code HEX_tar-split.json.gz}: the tar's headers and
 * padding as raw segments, each file by name and size), and every other blob as
 * {@code HEX.json}, {@code HEX.tar} or {@code HEX.raw}. It is unpacked with {@code unsquashfs}
 * (squashfs-tools; temporary disk: the pack unpacked) and each layer is rebuilt byte for byte as its
 * uncompressed tar. The gzip bytes image-transmit saved are not in the pack, so such a layer is
 * served as an uncompressed layer whose digest is its diff_id, verified as it streams.
 */
final class TransmitSquashfs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BLOB = Pattern.compile("([0-9a-f]{64})(\\.json|\\.tar|\\.raw)");
    private static final Pattern SPLIT = Pattern.compile("([0-9a-f]{64})_tar-split\\.json\\.gz");

    private final Path dir;
    private final Map<String, Path> blobs = new java.util.LinkedHashMap<>();
    private final Map<String, Path> splits = new java.util.LinkedHashMap<>();

    private TransmitSquashfs(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code unsquashfs} can be run here (its {@code -version} exits 1 on some versions: that it starts is enough). */
    static boolean toolThere() {
        try {
            Process p = new ProcessBuilder("unsquashfs", "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Unpacks {@code file} into a temporary folder (removed by {@link #close}). */
    static TransmitSquashfs unpack(Path file) throws IOException {
        if (!toolThere()) throw new InvalidInputException(Text.of("transmit.squashfs_no_tool", file.getFileName()));
        Path tmp = Files.createTempDirectory("ferry-squashfs-");
        TransmitSquashfs s = new TransmitSquashfs(tmp.resolve("root"));
        try {
            Process p = new ProcessBuilder("unsquashfs", "-no-progress", "-no-xattrs", "-d", s.dir.toString(), file.toString())
                    .redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            if (rc != 0) {
                String said = new String(out, StandardCharsets.UTF_8).strip();
                throw new InvalidInputException(Text.of("transmit.squashfs_unpack", file.getFileName(), rc, said.length() > 400 ? said.substring(said.length() - 400) : said));
            }
            try (var list = Files.list(s.dir)) {
                for (Path p2 : list.toList()) {
                    String n = p2.getFileName().toString();
                    Matcher b = BLOB.matcher(n), t = SPLIT.matcher(n);
                    if (b.matches() && Files.isRegularFile(p2)) s.blobs.putIfAbsent(b.group(1), p2);
                    else if (t.matches()) s.splits.put(t.group(1), p2);
                }
            }
            return s;
        } catch (InterruptedException e) {
            s.close();
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(Text.of("transmit.squashfs_interrupted", file.getFileName()).english());
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** A blob stored as it is, or null. */
    Path blob(String hex) { return blobs.get(hex); }

    /** Whether the layer {@code hex} is stored unpacked, to be rebuilt from its tar-split record. */
    boolean layer(String hex) { return splits.containsKey(hex); }

    /** The size of the layer's tar, from its tar-split record alone. */
    long tarSize(String hex) throws IOException {
        long[] size = new long[1];
        entries(hex, e -> {
            if (e.path("type").asInt() == 2) size[0] += e.path("payload").binaryValue().length;
            else size[0] += e.path("size").asLong();
        });
        return size[0];
    }

    /** The layer's tar, rebuilt from its record and its files as they stream (the caller verifies them against the diff_id). */
    InputStream tar(String hex) throws IOException {
        Path files = dir.resolve(hex);
        List<InputStream> parts = new ArrayList<>();
        entries(hex, e -> {
            if (e.path("type").asInt() == 2) {
                parts.add(new java.io.ByteArrayInputStream(e.path("payload").binaryValue()));
            } else if (e.path("size").asLong() > 0) {
                String name = e.hasNonNull("name") ? e.get("name").asText() : new String(e.path("name_raw").binaryValue(), StandardCharsets.UTF_8);
                Path f = files.resolve(name.replaceFirst("^/+", "")).normalize();
                if (!f.startsWith(files)) throw new InvalidInputException(Text.of("transmit.squashfs_bad_name", hex.substring(0, 12), name));
                long size = e.path("size").asLong();
                parts.add(new LazyFile(f, size));
            }
        });
        return new SequenceInputStream(java.util.Collections.enumeration(parts));
    }

    @FunctionalInterface
    private interface EntryUse {
        void accept(JsonNode entry) throws IOException;
    }

    private void entries(String hex, EntryUse use) throws IOException {
        Path split = splits.get(hex);
        try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(split), 1 << 16);
             JsonParser p = JSON.getFactory().createParser(in)) {
            for (Iterator<JsonNode> it = JSON.readValues(p, JsonNode.class); it.hasNext(); ) use.accept(it.next());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new InvalidInputException(Text.of("transmit.squashfs_split", hex.substring(0, 12), String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * The manifest with each layer stored unpacked named as what ferry serves: an uncompressed tar
     * ({@code diffIds}: the config's, by layer), its digest the diff_id, its size the tar's. Null
     * when no layer changes.
     */
    byte[] rewrite(byte[] manifest, List<String> diffIds) throws IOException {
        JsonNode root = JSON.readTree(manifest);
        boolean changed = false;
        int i = 0;
        for (JsonNode l : root.path("layers")) {
            String hex = l.path("digest").asText().replaceFirst("^sha256:", "");
            if (layer(hex) && i < diffIds.size() && l instanceof ObjectNode o) {
                String mt = o.path("mediaType").asText("");
                o.put("mediaType", mt.startsWith("application/vnd.oci") ? "application/vnd.oci.image.layer.v1.tar" : "application/vnd.docker.image.rootfs.diff.tar");
                o.put("digest", Digest.parse(diffIds.get(i)).toString());
                o.put("size", tarSize(hex));
                changed = true;
            }
            i++;
        }
        return changed ? JSON.writeValueAsBytes(root) : null;
    }

    @Override public void close() {
        try (var walk = Files.walk(dir.getParent())) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            // a temporary folder: what is left is in the system's temporary directory
        }
    }

    /** A file opened when it is first read (a layer has many). */
    private static final class LazyFile extends InputStream {
        private final Path file;
        private final long size;
        private InputStream in;
        private long left;

        LazyFile(Path file, long size) {
            this.file = file;
            this.size = size;
            this.left = size;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                if (!Files.isRegularFile(file) || Files.size(file) != size) throw new InvalidInputException(Text.of("transmit.squashfs_file", file.getFileName(), size));
                in = Files.newInputStream(file);
            }
            return in;
        }

        @Override public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                close();
                return -1;
            }
            int n = in().read(b, off, (int) Math.min(len, left));
            if (n < 0) throw new InvalidInputException(Text.of("transmit.squashfs_file", file.getFileName(), size));
            left -= n;
            return n;
        }

        @Override public void close() throws IOException {
            if (in != null) in.close();
        }
    }
}
