package dev.ferry.pack.squash;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.pack.DataFileWriter;
import dev.ferry.pack.PackMeta;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The blobs of a squash pack as they arrive: a gzip or tar layer becomes its recipe (one frame)
 * plus the file contents not stored before (one frame); anything else, and a layer ferry cannot
 * compress back to its digest under {@code keepDigests}, is stored as its own bytes (one frame).
 * Each call works on one data file that its worker holds alone.
 */
public final class SquashStore implements dev.ferry.pack.BlobStore {
    private static final int PROBE = 1 << 20;

    private final SquashCodec codec;
    private final boolean keepDigests;
    private final ContentStore contents;
    private final SquashParents parents;

    /** @param parents the contents earlier squash packs hold (see {@link SquashParents}) */
    public SquashStore(SquashCodec codec, boolean keepDigests, SquashParents parents) {
        this.codec = codec;
        this.keepDigests = keepDigests;
        this.contents = new ContentStore(codec, parents.contents());
        this.parents = parents;
    }

    @Override public boolean storeAgain(Digest blob) { return parents.rebuilt(blob); }

    /** File content bytes written into this pack, and those a layer found stored already (here or in a parent). */
    public long storedContentBytes() { return contents.storedBytes(); }

    public long reusedContentBytes() { return contents.reusedBytes(); }

    static boolean gzipLayer(String mt) {
        return mt != null && (mt.endsWith(".tar+gzip") || mt.endsWith(".tar.gzip"));
    }

    static boolean tarLayer(String mt) {
        return mt != null && (mt.endsWith(".layer.v1.tar") || mt.endsWith(".rootfs.diff.tar"));
    }

    /** Stores one blob into {@code file}; {@code content} verifies itself against {@code d} when it ends. */
    @Override public PackMeta.Blob put(DataFileWriter file, Descriptor d, InputStream content) throws IOException {
        if (gzipLayer(d.mediaType())) return gzip(file, d, content);
        if (tarLayer(d.mediaType())) return tar(file, d, content);
        return blob(file, d, content, d.mediaType() != null && !d.mediaType().contains("json"));
    }

    private PackMeta.Blob blob(DataFileWriter file, Descriptor d, InputStream content, boolean fast) throws IOException {
        long start = file.position();
        try (OutputStream out = codec.compress(file.appendStream(), fast)) {
            long n = content.transferTo(out);
            if (n != d.size()) throw new LocalizedIOException(Text.of("squash.blob_size", d.digest().shortForm(), n, d.size()));
        }
        return entry(file, d, start, new PackMeta.Squashed(PackMeta.Squashed.BLOB, null, 0, 0, null));
    }

    private PackMeta.Blob tar(DataFileWriter file, Descriptor d, InputStream content) throws IOException {
        try (Layer layer = new Layer(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = content.read(buf)) >= 0; ) layer.plain.write(buf, 0, n);
            return layer.finish(d, PackMeta.Squashed.TAR, null);
        }
    }

    private PackMeta.Blob gzip(DataFileWriter file, Descriptor d, InputStream content) throws IOException {
        byte[] prefix = content.readNBytes(PROBE);
        Layer layer = new Layer(file);
        Path tee = null;
        try {
            DeflateMatcher matcher = new DeflateMatcher();
            GzipInflow inflow = new GzipInflow(layer.plain, matcher);
            try {
                inflow.write(prefix, 0, prefix.length);
            } catch (IOException notGzip) {
                layer.abandon();
                return blob(file, d, new SequenceInputStream(new ByteArrayInputStream(prefix), content), true);
            }
            if (keepDigests && !matcher.anyAlive()) { // no level reproduces it: keep the original bytes
                layer.abandon();
                return blob(file, d, new SequenceInputStream(new ByteArrayInputStream(prefix), content), true);
            }
            OutputStream teeOut = null;
            if (keepDigests) {
                tee = Files.createTempFile("ferry-squash-", ".layer");
                teeOut = new java.io.BufferedOutputStream(Files.newOutputStream(tee), 1 << 16);
                teeOut.write(prefix);
            }
            byte[] buf = new byte[1 << 16];
            for (int n; (n = content.read(buf)) >= 0; ) {
                inflow.write(buf, 0, n);
                if (teeOut != null) teeOut.write(buf, 0, n);
            }
            inflow.finish();
            if (teeOut != null) teeOut.close();
            GzipForm form = inflow.single() ? matcher.finish(inflow.firstDeflateLength(), inflow.firstHeader()) : null;
            matcher.stop();
            if (form != null) return layer.finish(d, PackMeta.Squashed.KEPT, form);
            if (!keepDigests) return layer.finish(d, PackMeta.Squashed.REBUILT, null);
            layer.abandon();
            try (InputStream kept = Files.newInputStream(tee)) {
                return blob(file, d, kept, true);
            }
        } finally {
            layer.close();
            if (tee != null) Files.deleteIfExists(tee);
        }
    }

    private static PackMeta.Blob entry(DataFileWriter file, Descriptor d, long start, PackMeta.Squashed how) throws IOException {
        return new PackMeta.Blob(d.digest(), d.size(), d.mediaType(), file.name(), start, file.position() - start, null, how);
    }

    /** One layer being split: its contents frame in the data file, its recipe in a temporary file until the layer ends. */
    private final class Layer implements AutoCloseable {
        final ContentStore.Frame frame;
        final Path recipeFile;
        final Recipe.Writer recipe;
        final TarSplitter splitter;
        final MessageDigest diff;
        long tarSize;
        final OutputStream plain;
        boolean done;

        Layer(DataFileWriter file) throws IOException {
            frame = contents.new Frame(file);
            recipeFile = Files.createTempFile("ferry-squash-", ".recipe");
            recipe = new Recipe.Writer(codec.compress(new java.io.BufferedOutputStream(Files.newOutputStream(recipeFile), 1 << 16), false));
            splitter = new TarSplitter(recipe, frame);
            try {
                diff = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            plain = new DigestOutputStream(new OutputStream() {
                @Override public void write(int b) throws IOException { write(new byte[]{(byte) b}, 0, 1); }

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    tarSize += len;
                    splitter.write(b, off, len);
                }
            }, diff);
        }

        /** The layer ended: its contents frame is closed and its recipe copied into the data file after it. */
        /** @param form how a kept layer is gzipped again, or null */
        PackMeta.Blob finish(Descriptor d, String how, GzipForm form) throws IOException {
            splitter.finish();
            recipe.finish();
            frame.close();
            DataFileWriter file = frame.file();
            long start = file.position();
            try (OutputStream out = file.appendStream()) {
                Files.copy(recipeFile, out);
            }
            done = true;
            Digest diffId = Digest.parse("sha256:" + ContentRef.hex(diff.digest()));
            return entry(file, d, start, form == null
                    ? new PackMeta.Squashed(how, diffId, tarSize, 0, null)
                    : new PackMeta.Squashed(how, diffId, tarSize, form.level(), form.header(), form.compressor()));
        }

        /** The layer is stored another way; contents already written stay (other layers may use them). */
        void abandon() throws IOException {
            frame.close();
            done = true;
        }

        @Override public void close() throws IOException {
            try {
                frame.close();
            } finally {
                Files.deleteIfExists(recipeFile);
            }
        }
    }
}
