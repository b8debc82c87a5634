// Writes examples/hello: a tiny two-platform OCI image layout (linux/amd64 + linux/arm64), tag 1.0.
// Run from the repository root with a JDK (no build needed):  java examples/MakeHello.java [DIR]
// The output is byte-for-byte reproducible: fixed timestamps, gzip without a name or time.

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

public class MakeHello {
    static Path blobs;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "examples/hello");
        blobs = dir.resolve("blobs/sha256");
        Files.createDirectories(blobs);
        String amd = image("amd64", null);
        String arm = image("arm64", "v8");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + amd + ",".concat(arm) + "]}";
        String indexDigest = put(index.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + indexDigest + "\",\"size\":" + index.length()
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1.0\"}}]}");
        System.out.println("wrote " + dir + " (tag 1.0, " + indexDigest + ")");
    }

    /** One platform's image; returns its index entry. */
    static String image(String arch, String variant) throws Exception {
        byte[] tar = tar("hello.txt", ("Hello from ferry's example image (" + arch + ")\n").getBytes(StandardCharsets.UTF_8));
        byte[] gz = gzip(tar);
        String diffId = digest(tar);
        String layer = put(gz);
        String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\"" + (variant == null ? "" : ",\"variant\":\"" + variant + "\"")
                + ",\"created\":\"2024-01-01T00:00:00Z\",\"config\":{\"Cmd\":[\"/hello.txt\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},\"history\":[{\"created\":\"2024-01-01T00:00:00Z\",\"created_by\":\"examples/MakeHello.java\"}]}";
        byte[] cfg = config.getBytes(StandardCharsets.UTF_8);
        String cfgDigest = put(cfg);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + cfgDigest + "\",\"size\":" + cfg.length + "},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer + "\",\"size\":" + gz.length + "}]}";
        byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
        String md = put(m);
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + md + "\",\"size\":" + m.length
                + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"" + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}}";
    }

    static String put(byte[] data) throws Exception {
        String d = digest(data);
        Files.write(blobs.resolve(d.substring(7)), data);
        return d;
    }

    static String digest(byte[] data) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** A ustar archive with one regular file, mode 0644, owner 0:0, mtime 2024-01-01. */
    static byte[] tar(String name, byte[] content) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", content.length));
        put(h, 136, String.format("%011o", 1704067200L));
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        int sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        int padded = (content.length + 511) / 512 * 512;
        byte[] out = new byte[512 + padded + 1024];
        System.arraycopy(h, 0, out, 0, 512);
        System.arraycopy(content, 0, out, 512, content.length);
        return out;
    }

    static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        }
        byte[] out = bos.toByteArray();
        out[9] = (byte) 255; // OS = unknown, so the bytes do not depend on the machine
        return out;
    }
}
