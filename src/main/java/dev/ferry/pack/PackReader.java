package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;
import dev.ferry.spi.TransferFailure;

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
 * Reads a pack written by {@link PackWriter}: its meta file checked field by field and as a whole
 * when it is opened ({@link PackMeta#read}); verifies its data files against the meta file, then
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
            for (PackMeta.ManifestEntry m : i.allManifests()) manifests.putIfAbsent(m.digest(), m);
        }
    }

    @Override public List<dev.ferry.oci.Referrer> referrers(Digest subject) {
        return PackReferrers.of(meta, subject);
    }

    public static PackReader open(Path metaFile) throws IOException {
        return new PackReader(metaFile, PackMeta.read(metaFile));
    }

    public PackMeta meta() { return meta; }

    public Path metaFile() { return metaFile; }

    /** How much of a pack {@link #verify} reads before anything is pushed. */
    public enum Verification {
        /** Every data file is there with its size; blobs are hashed only as they stream (for packs whose origin is trusted). */
        SIZES,
        /** And every data file is read once: its sha256, and every blob's tar header and bytes against its digest. */
        BLOBS
    }

    /** {@link #verify(int, Verification, Progress)} of every blob, with no one told how far it has come. */
    public void verify(int parallel) throws IOException {
        verify(parallel, Verification.BLOBS, (done, total) -> { });
    }

    /** Told how far a verification has come: bytes read of all data files' bytes. Called from hashing threads. */
    @FunctionalInterface
    public interface Progress {
        void hashed(long done, long total);
    }

    /** {@link #verify(int, Verification, Progress)} of every blob. */
    public void verify(int parallel, Progress progress) throws IOException {
        verify(parallel, Verification.BLOBS, progress);
    }

    /**
     * Checks the data files against the meta file, {@code parallel} files at once, telling
     * {@code progress} the bytes read so far (about every MiB of each file). Throws an
     * {@link InvalidInputException} naming every missing, incomplete or damaged file and blob;
     * nothing should be pushed when this fails.
     */
    public void verify(int parallel, Verification how, Progress progress) throws IOException {
        List<String> problems = new ArrayList<>(dataFileProblems(metaFile, meta));
        if (problems.isEmpty() && how == Verification.BLOBS) problems.addAll(readAll(parallel, progress));
        refuse(metaFile, problems);
    }

    /** Throws the {@link InvalidInputException} that refuses a pack for {@code problems} (the first 20 shown), if there are any. */
    public static void refuse(Path metaFile, List<String> problems) throws InvalidInputException {
        if (problems.isEmpty()) return;
        List<String> shown = problems.size() > 20 ? problems.subList(0, 20) : problems;
        throw new InvalidInputException("pack " + metaFile.getFileName() + " is incomplete or damaged, nothing was loaded:\n  "
                + String.join("\n  ", shown) + (problems.size() > shown.size() ? "\n  ... and " + (problems.size() - shown.size()) + " more" : "")
                + "\n  Copy the pack again from where it was made, or save it again.");
    }

    /** The data files of {@code meta} that are missing, unfinished or of another size than the meta file says (any kind of pack). */
    public static List<String> dataFileProblems(Path metaFile, PackMeta meta) throws IOException {
        Path dir = metaFile.toAbsolutePath().getParent();
        List<String> problems = new ArrayList<>();
        for (PackMeta.DataFile f : meta.datafiles()) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                problems.add(Files.exists(PackFiles.partial(p))
                        ? f.name() + " was never finished: only " + f.name() + PackFiles.PARTIAL + " is there (the save that wrote it was stopped); save the pack again"
                        : f.name() + " is missing (expected " + f.size() + " bytes beside " + metaFile.getFileName() + ")");
            } else if (Files.size(p) != f.size()) {
                problems.add(f.name() + " has " + Files.size(p) + " bytes, the meta file says " + f.size()
                        + (Files.size(p) < f.size() ? " (truncated: copy it again)" : ""));
            }
        }
        return problems;
    }

    /** Every data file read once (several at once): the problems found. */
    private List<String> readAll(int parallel, Progress progress) throws IOException {
        long total = meta.datafiles().stream().mapToLong(PackMeta.DataFile::size).sum();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        Map<String, List<PackMeta.Blob>> inFile = new LinkedHashMap<>();
        for (PackMeta.Blob b : meta.blobs()) if (!b.inParent()) inFile.computeIfAbsent(b.file(), f -> new ArrayList<>()).add(b);
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, meta.datafiles().size())));
        try {
            Map<PackMeta.DataFile, Future<List<String>>> results = new LinkedHashMap<>();
            for (PackMeta.DataFile f : meta.datafiles()) {
                results.put(f, pool.submit(() -> DataFileCheck.check(dir.resolve(f.name()), f, compression, inFile.getOrDefault(f.name(), List.of()),
                        new java.util.function.LongConsumer() {
                            private long unreported;

                            @Override public void accept(long n) {
                                unreported += n;
                                if (unreported >= (1 << 20)) {
                                    progress.hashed(done.addAndGet(unreported), total);
                                    unreported = 0;
                                }
                            }
                        })));
            }
            for (var e : results.values()) problems.addAll(e.get());
            progress.hashed(total, total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while verifying the pack");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.InterruptedIOException ie) throw ie;
            throw new IOException("verify " + metaFile + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return problems;
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
        if (b.size() != d.size()) throw new InvalidInputException(Text.of("packfile.blob_size_differs", describe(), d.digest().shortForm(), b.size(), d.size()));
        FileChannel ch = FileChannel.open(dir.resolve(b.file()), StandardOpenOption.READ);
        try {
            ch.position(b.offset());
            InputStream frame = compression.unframe(new Bounded(Channels.newInputStream(ch), b.length()));
            String header = DataFileCheck.headerProblem(frame.readNBytes(512), b);
            if (header != null) throw new InvalidInputException(describe() + ": " + header);
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
        public NotInPack(String message) {
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
