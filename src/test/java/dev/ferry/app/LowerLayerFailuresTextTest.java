package dev.ferry.app;

import dev.ferry.cache.BlobCache;
import dev.ferry.daemon.DaemonException;
import dev.ferry.daemon.DockerHost;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.pack.ArchiveSource;
import dev.ferry.pack.Compression;
import dev.ferry.pack.InvalidInputException;
import dev.ferry.pack.OciLayout;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * What the packs, the cache and the daemons refuse reaches a person in their language: each failure below comes from
 * real input, keeps its English message (logs, JSON reports, the tests that match it) and reads Chinese in a zh_CN face.
 */
class LowerLayerFailuresTextTest {
    private static final Messages ZH = Messages.forLocale(Locale.SIMPLIFIED_CHINESE);
    private static final Messages EN = Messages.english();

    @TempDir Path dir;

    @Test
    void aGzippedArchiveIsRefusedInBothLanguages() throws IOException {
        Path tar = dir.resolve("image.tar");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tar))) {
            out.write("not a tar".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ArchiveSource.open(tar));
        assertEquals(tar + " is gzip-compressed; decompress it first (gunzip), ferry reads archives in place", e.getMessage());
        assertEquals(e.getMessage(), EN.failure(e));
        assertEquals(tar + " 是 gzip 压缩的；请先解压（gunzip），ferry 直接读取未压缩的归档", ZH.failure(e));
    }

    @Test
    void aMissingLayoutIsNotFoundWithItsReasonTranslated() {
        Path missing = dir.resolve("no-layout");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> OciLayout.open(missing));
        assertEquals(missing + ": OCI layout directory does not exist", e.getMessage(), "the JDK's FILE: REASON");
        assertEquals(missing.toString(), e.getFile());
        assertEquals("OCI layout directory does not exist: " + missing, EN.failure(e), "as the command line wrote it before");
        assertEquals("OCI 布局目录不存在：" + missing, ZH.failure(e));
    }

    @Test
    void anUnknownCompressionIsABadArgumentInBothLanguages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Compression.parse("zip"));
        assertEquals("unknown compression \"zip\": use none (tar), lz4, xz, squash or squash-xz", e.getMessage());
        assertEquals("未知的压缩方式“zip”：请使用 none（tar）、lz4、xz、squash 或 squash-xz", ZH.failure(e));
    }

    @Test
    void aFileNamedAsTheCacheIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("cache"), "x");
        IOException e = assertThrows(IOException.class, () -> BlobCache.open(file, 7, 1L << 30));
        assertEquals("cache " + file + " is a file, not a directory; name another with --cache DIR or cache: pathname: in cfg.yaml", e.getMessage());
        assertEquals("缓存 " + file + " 是一个文件而不是目录；请用 --cache DIR 或 cfg.yaml 中的 cache: pathname: 指定另一个目录", ZH.failure(e));
    }

    @Test
    void aBlobTooLargeForTheCacheIsAWarningInBothLanguages() throws IOException {
        byte[] blob = "twenty bytes of blob".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Descriptor d = new Descriptor("application/octet-stream", Digest.sha256(blob), blob.length);
        List<Text> warnings = new CopyOnWriteArrayList<>();
        try (BlobCache c = BlobCache.openWithTexts(dir.resolve("cache"), 7, 10, "copy", warnings::add);
             InputStream in = c.open(d, () -> new ByteArrayInputStream(blob))) {
            assertEquals(new String(blob, java.nio.charset.StandardCharsets.US_ASCII), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertEquals(1, warnings.size(), warnings.toString());
        String hex = d.digest().shortForm();
        assertEquals("cache: not caching blob " + hex + ": it is larger than keepsize (20 bytes) (the transfer goes on without the cache)", warnings.get(0).english());
        assertEquals("缓存：不缓存 blob " + hex + "：它比 keepsize 大（20 字节）（传输在不使用缓存的情况下继续）", ZH.text(warnings.get(0)));
    }

    @Test
    void aDockerHostFerryCannotUseIsBadInputInBothLanguages() {
        DaemonException e = assertThrows(DaemonException.class, () -> DockerHost.parse("tcp://"));
        assertEquals(ErrorKind.BAD_INPUT, e.kind());
        assertEquals("DOCKER_HOST \"tcp://\" is not a valid tcp://HOST:PORT address", e.getMessage());
        assertEquals("DOCKER_HOST“tcp://”不是有效的 tcp://HOST:PORT 地址", ZH.failure(e));
        DaemonException ssh = assertThrows(DaemonException.class, () -> DockerHost.parse("ssh://host"));
        assertEquals("DOCKER_HOST“ssh://host”：不支持 ssh；请使用 unix:///PATH 或 tcp://HOST:PORT（远程守护进程：先 ssh -L /tmp/docker.sock:/var/run/docker.sock HOST，"
                + "再设置 DOCKER_HOST=unix:///tmp/docker.sock）", ZH.failure(ssh));
    }
}
