package dev.ferry.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Images whose layers hold named files, for tests that look inside layers (squash packs, analyse):
 * each layer a tar of the files given (a null content is a whiteout, {@code .wh.NAME}), gzipped by
 * Java's Deflater with the level and strategy given — so a test knows how each layer was made.
 */
public final class FileLayers {
    private FileLayers() {}

    /** One layer: its files in order (path to content, null: delete that path), and how it is compressed. */
    public record Layer(Map<String, byte[]> files, int level, int strategy) {
        public static Layer of(int level, Object... pathsAndContents) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (int i = 0; i < pathsAndContents.length; i += 2) files.put((String) pathsAndContents[i], (byte[]) pathsAndContents[i + 1]);
            return new Layer(files, level, Deflater.DEFAULT_STRATEGY);
        }

        /** The same files, compressed with another deflate strategy (one no plain gzip level reproduces). */
        public Layer strategy(int s) { return new Layer(files, level, s); }
    }

    /** Text-like content of {@code size} bytes from {@code seed}: compressible, distinct per seed. */
    public static byte[] text(int size, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        String[] words = {"ferry ", "layer ", "image ", "registry ", "squash ", "content ", "blob ", "digest ", "pack ", "tar\n"};
        StringBuilder sb = new StringBuilder(size + 16);
        while (sb.length() < size) sb.append(words[r.nextInt(words.length)]).append(r.nextInt(1000));
        return sb.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Writes the image into the layout under {@code tag}. */
    public static TestImages.Image image(Path layoutDir, String tag, List<Layer> layers) {
        TestImages.initLayout(layoutDir);
        List<TestImages.Blob> blobs = new ArrayList<>();
        for (Layer l : layers) blobs.add(write(layoutDir, l));
        TestImages.Image img = TestImages.writeImage(layoutDir, tag, "linux", "amd64", blobs, false);
        TestImages.tag(layoutDir, tag, img);
        return img;
    }

    private static TestImages.Blob write(Path layoutDir, Layer layer) {
        try {
            ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, 512)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (var f : layer.files().entrySet()) {
                    String path = f.getKey();
                    boolean delete = f.getValue() == null;
                    if (delete) {
                        int slash = path.lastIndexOf('/');
                        path = path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
                    }
                    TarArchiveEntry e = new TarArchiveEntry(path);
                    e.setMode(path.endsWith("/") ? 040755 : 0100644);
                    e.setModTime(1_704_067_200_000L);
                    e.setUserName("root");
                    e.setGroupName("root");
                    byte[] content = delete || path.endsWith("/") ? new byte[0] : f.getValue();
                    e.setSize(content.length);
                    tar.putArchiveEntry(e);
                    tar.write(content);
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            byte[] plain = tarBytes.toByteArray();
            byte[] gz = gzip(plain, layer.level(), layer.strategy());
            String digest = TestImages.sha256(gz);
            Path p = TestImages.blobPath(layoutDir, digest);
            Files.write(p, gz);
            return new TestImages.Blob(digest, gz.length, TestImages.OCI_LAYER_GZIP, TestImages.sha256(plain));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** gzip as {@code GZIPOutputStream} writes it, with a chosen level and strategy. */
    static byte[] gzip(byte[] plain, int level, int strategy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        Deflater d = new Deflater(level, true);
        d.setStrategy(strategy);
        d.setInput(plain);
        d.finish();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        CRC32 crc = new CRC32();
        crc.update(plain);
        long c = crc.getValue(), n = plain.length;
        out.writeBytes(new byte[]{(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24), (byte) n, (byte) (n >> 8), (byte) (n >> 16), (byte) (n >> 24)});
        return out.toByteArray();
    }
}
