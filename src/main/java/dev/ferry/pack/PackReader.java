package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.spi.ImageSource;
import dev.ferry.spi.TransferFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a pack written by {@link PackWriter}: verifies its data files against the meta file, then
 * serves manifests (from the meta, digest-checked) and blobs (from their frame in a data file,
 * tar header checked) as an {@link ImageSource}. Nothing is written anywhere while reading.
 */
public final class PackReader implements ImageSource {
    private final Path metaFile;
    private final Path dir;
    private final PackMeta meta;
    private final Compression compression;
    private final Map<Digest, PackMeta.Blob> blobs;
    private final Map<Digest, PackMeta.ManifestEntry> manifests = new LinkedHashMap<>();

    private PackReader(Path metaFile, PackMeta meta) {
        this.metaFile = metaFile;
        this.dir = metaFile.toAbsolutePath().getParent();
        this.meta = meta;
        this.compression = Compression.parse(meta.compression());
        this.blobs = meta.blobIndex();
        for (PackMeta.Image i : meta.images()) {
            for (PackMeta.ManifestEntry m : i.manifests()) manifests.putIfAbsent(m.digest(), m);
        }
    }

    public static PackReader open(Path metaFile) throws IOException {
        return new PackReader(metaFile, PackMeta.read(metaFile));
    }

    public PackMeta meta() { return meta; }

    public Path metaFile() { return metaFile; }

    /**
     * Checks every data file is there with the recorded size and sha256, several at once. Throws
     * naming every missing or damaged file; nothing should be pushed when this fails.
     */
    public void verify(int parallel) throws IOException {
        verify(parallel, (done, total) -> { });
    }

    /** Told how far a verification has come: bytes hashed of all data files' bytes. Called from hashing threads. */
    @FunctionalInterface
    public interface Progress {
        void hashed(long done, long total);
    }

    /** {@link #verify(int)}, telling {@code progress} the bytes hashed so far (about every MiB of each file). */
    public void verify(int parallel, Progress progress) throws IOException {
        long total = meta.datafiles().stream().mapToLong(PackMeta.DataFile::size).sum();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        List<String> problems = new ArrayList<>();
        for (PackMeta.DataFile f : meta.datafiles()) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) problems.add(f.name() + " is missing (expected " + f.size() + " bytes beside " + metaFile.getFileName() + ")");
            else if (Files.size(p) != f.size()) problems.add(f.name() + " has " + Files.size(p) + " bytes, the meta file says " + f.size()
                    + (Files.size(p) < f.size() ? " (truncated: copy it again)" : ""));
        }
        if (problems.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, meta.datafiles().size())));
            try {
                Map<PackMeta.DataFile, Future<String>> sums = new LinkedHashMap<>();
                for (PackMeta.DataFile f : meta.datafiles()) sums.put(f, pool.submit(() -> ParentPacks.sha256(dir.resolve(f.name()), new java.util.function.LongConsumer() {
                    private long unreported;

                    @Override public void accept(long n) {
                        unreported += n;
                        if (unreported >= (1 << 20)) {
                            progress.hashed(done.addAndGet(unreported), total);
                            unreported = 0;
                        }
                    }
                })));
                for (var e : sums.entrySet()) {
                    String actual = e.getValue().get();
                    if (!actual.equals(e.getKey().sha256())) {
                        problems.add(e.getKey().name() + " is damaged: its sha256 is " + actual + ", the meta file says " + e.getKey().sha256());
                    }
                }
                progress.hashed(total, total);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while verifying the pack");
            } catch (ExecutionException e) {
                throw new IOException("verify " + metaFile + ": " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException("pack " + metaFile.getFileName() + " is incomplete or damaged, nothing was loaded:\n  " + String.join("\n  ", problems));
        }
    }

    @Override public String describe() { return "pack " + metaFile.getFileName(); }

    @Override public Manifest manifest(String reference) throws IOException {
        PackMeta.ManifestEntry m;
        try {
            m = manifests.get(Digest.parse(reference));
        } catch (IllegalArgumentException e) {
            m = null;
        }
        if (m == null) throw new NotInPack(describe() + " holds no manifest " + reference);
        return m.parse();
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        return manifest(descriptor.digest().toString());
    }

    @Override public InputStream openBlob(Descriptor d) throws IOException {
        PackMeta.Blob b = blobs.get(d.digest());
        if (b == null) throw new NotInPack(describe() + " holds no blob " + d.digest());
        if (b.inParent()) throw new NotInPack("blob " + d.digest().shortForm() + " is in the parent pack " + b.parent() + ": load that pack first");
        if (b.size() != d.size()) throw new IOException(describe() + ": blob " + d.digest().shortForm() + " is " + b.size() + " bytes in the meta file but " + d.size() + " in its manifest");
        FileChannel ch = FileChannel.open(dir.resolve(b.file()), StandardOpenOption.READ);
        try {
            ch.position(b.offset());
            InputStream frame = compression.unframe(new Bounded(Channels.newInputStream(ch), b.length()));
            byte[] header = frame.readNBytes(512);
            if (header.length < 512) throw new IOException(b.file() + " at " + b.offset() + ": no tar header where blob " + d.digest().shortForm() + " should be");
            TarArchiveEntry e = new TarArchiveEntry(header, ZipEncodingHelper.getZipEncoding("UTF-8"), false);
            String want = "blobs/" + d.digest().algorithm() + "/" + d.digest().hex();
            if (!want.equals(e.getName()) || e.getSize() != b.size() || !e.isFile()) {
                throw new IOException(b.file() + " at " + b.offset() + ": found \"" + e.getName() + "\" (" + e.getSize() + " bytes) where " + want + " should be");
            }
            return new Bounded(frame, b.size()) {
                @Override public void close() throws IOException {
                    ch.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof RuntimeException re ? new IOException(describe() + ": cannot read blob " + d.digest().shortForm() + ": " + re.getMessage(), re) : (IOException) e;
        }
    }

    /** A blob or manifest this pack does not hold (or holds only through a parent pack). */
    public static final class NotInPack extends NoSuchFileException implements TransferFailure {
        NotInPack(String message) {
            super(message);
        }

        @Override public boolean isRetryable() { return false; }

        @Override public boolean isNotFound() { return true; }

        @Override public String getMessage() { return getFile(); }
    }

    /** At most {@code limit} bytes of the underlying stream. */
    private static class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override public int read() throws IOException {
            if (left <= 0) return -1;
            int b = super.read();
            if (b >= 0) left--;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }
    }
}
