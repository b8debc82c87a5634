package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.ref.Localized;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;
import dev.ferry.spi.TransferFailure;

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
        verify(parallel, how, progress, null);
    }

    /**
     * {@link #verify(int, Verification, Progress)} of the blobs {@code only} (the pack as a whole when null): the data
     * files holding them there with their sizes; with {@code BLOBS} each of those blobs read from its frame where it
     * lies (tar header, bytes against its digest), not the data files whole, so their sha256 is not taken.
     */
    public void verify(int parallel, Verification how, Progress progress, java.util.Set<Digest> only) throws IOException {
        if (only == null) {
            List<Text> problems = new ArrayList<>(dataFileTexts(metaFile, meta));
            if (problems.isEmpty() && how == Verification.BLOBS) problems.addAll(readAll(parallel, progress));
            refuseFor(metaFile, problems);
            return;
        }
        List<PackMeta.Blob> chosen = meta.blobs().stream().filter(b -> !b.inParent() && only.contains(b.digest())).toList();
        java.util.Set<String> files = new java.util.HashSet<>();
        chosen.forEach(b -> files.add(b.file()));
        List<Text> problems = new ArrayList<>(dataFileTexts(metaFile, meta.datafiles().stream().filter(f -> files.contains(f.name())).toList()));
        if (problems.isEmpty() && how == Verification.BLOBS) problems.addAll(readBlobs(chosen, progress));
        refuseFor(metaFile, problems);
    }

    /**
     * Every blob the images {@code images} (top digests) need that the pack holds or names: the config and layers of
     * each of their manifests and of their referrers' manifests (their manifests are in the meta file, digest-checked).
     */
    public static java.util.Set<Digest> blobsOf(PackMeta meta, java.util.Collection<Digest> images) {
        java.util.Set<Digest> out = new java.util.LinkedHashSet<>();
        for (PackMeta.Image i : meta.images()) {
            if (!images.contains(i.digest())) continue;
            for (PackMeta.ManifestEntry m : i.allManifests()) {
                if (m.parse() instanceof dev.ferry.oci.ImageManifest im) im.blobs().forEach(d -> out.add(d.digest()));
            }
        }
        return out;
    }

    /** The blobs {@code chosen}, each read from its frame alone: the problems found. */
    private List<Text> readBlobs(List<PackMeta.Blob> chosen, Progress progress) throws IOException {
        long total = chosen.stream().mapToLong(PackMeta.Blob::length).sum();
        long done = 0;
        List<Text> problems = new ArrayList<>();
        for (PackMeta.Blob b : chosen) {
            Text p = DataFileCheck.frame(dir.resolve(b.file()), b, compression);
            if (p != null) problems.add(p);
            progress.hashed(done += b.length(), total);
        }
        progress.hashed(total, total);
        return problems;
    }

    /** Throws the {@link InvalidInputException} that refuses a pack for {@code problems} (the first 20 shown), if there are any. */
    public static void refuse(Path metaFile, List<String> problems) throws InvalidInputException {
        refuseFor(metaFile, problems.stream().map(Text::verbatim).toList());
    }

    private static void refuseFor(Path metaFile, List<Text> problems) throws InvalidInputException {
        if (problems.isEmpty()) return;
        throw new InvalidInputException(Text.of("packfile.incomplete", metaFile.getFileName(), lines(problems, 20)));
    }

    /** {@code problems} one a line, indented under a heading: the first {@code max}, then how many more there are. */
    static Text lines(List<Text> problems, int max) {
        List<Text> shown = problems.size() > max ? problems.subList(0, max) : problems;
        Text joined = shown.isEmpty() ? Text.verbatim("") : shown.get(0);
        for (Text t : shown.subList(Math.min(1, shown.size()), shown.size())) joined = Text.of("packfile.next_line", joined, t);
        return problems.size() > shown.size() ? Text.of("packfile.lines_and_more", joined, problems.size() - shown.size()) : joined;
    }

    /**
     * The data files of {@code meta} that are missing, unfinished or of another size than the meta file says (any kind
     * of pack), in English; {@link #dataFileTexts} says them in any language.
     */
    public static List<String> dataFileProblems(Path metaFile, PackMeta meta) throws IOException {
        return dataFileTexts(metaFile, meta).stream().map(Text::english).toList();
    }

    static List<Text> dataFileTexts(Path metaFile, PackMeta meta) throws IOException {
        return dataFileTexts(metaFile, meta.datafiles());
    }

    private static List<Text> dataFileTexts(Path metaFile, List<PackMeta.DataFile> datafiles) throws IOException {
        Path dir = metaFile.toAbsolutePath().getParent();
        List<Text> problems = new ArrayList<>();
        for (PackMeta.DataFile f : datafiles) {
            Path p = dir.resolve(f.name());
            if (!Files.isRegularFile(p)) {
                problems.add(Files.exists(PackFiles.partial(p)) ? Text.of("packfile.problem.unfinished", f.name(), f.name() + PackFiles.PARTIAL)
                        : Text.of("packfile.problem.missing", f.name(), f.size(), metaFile.getFileName()));
            } else if (Files.size(p) != f.size()) {
                problems.add(Text.of(Files.size(p) < f.size() ? "packfile.problem.truncated" : "packfile.problem.size", f.name(), Files.size(p), f.size()));
            }
        }
        return problems;
    }

    /** Every data file read once (several at once): the problems found. */
    private List<Text> readAll(int parallel, Progress progress) throws IOException {
        long total = meta.datafiles().stream().mapToLong(PackMeta.DataFile::size).sum();
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        Map<String, List<PackMeta.Blob>> inFile = new LinkedHashMap<>();
        for (PackMeta.Blob b : meta.blobs()) if (!b.inParent()) inFile.computeIfAbsent(b.file(), f -> new ArrayList<>()).add(b);
        List<Text> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, meta.datafiles().size())));
        try {
            Map<PackMeta.DataFile, Future<List<Text>>> results = new LinkedHashMap<>();
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
            throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_verifying_pack"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.InterruptedIOException ie) throw ie;
            throw new LocalizedIOException(Text.of("packfile.verify_failed", metaFile, Text.of(e.getCause())), e.getCause());
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
        if (m == null) throw new NotInPack(Text.of("packfile.no_manifest", describe(), reference));
        return m.parse();
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        return manifest(descriptor.digest().toString());
    }

    @Override public InputStream openBlob(Descriptor d) throws IOException {
        PackMeta.Blob b = blobs.get(d.digest());
        if (b == null) throw new NotInPack(Text.of("packfile.no_blob", describe(), d.digest()));
        if (b.inParent()) throw new NotInPack(Text.of("packfile.blob_in_parent", d.digest().shortForm(), b.parent()));
        if (b.size() != d.size()) throw new InvalidInputException(Text.of("packfile.blob_size_differs", describe(), d.digest().shortForm(), b.size(), d.size()));
        FileChannel ch = FileChannel.open(dir.resolve(b.file()), StandardOpenOption.READ);
        try {
            ch.position(b.offset());
            InputStream frame = compression.unframe(new BoundedInputStream(Channels.newInputStream(ch), b.length()));
            Text header = DataFileCheck.headerProblem(frame.readNBytes(512), b);
            if (header != null) throw new InvalidInputException(Text.of("packmeta.at", describe(), header));
            return new BoundedInputStream(frame, b.size()) {
                @Override public void close() throws IOException {
                    ch.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e instanceof RuntimeException re ? new LocalizedIOException(Text.of("packfile.cannot_read_blob", describe(), d.digest().shortForm(), Text.of(re)), re) : (IOException) e;
        }
    }

    /** A blob or manifest this pack does not hold (or holds only through a parent pack). */
    public static final class NotInPack extends NoSuchFileException implements TransferFailure, Localized {
        private final transient Text text;

        public NotInPack(String message) {
            super(message);
            this.text = null;
        }

        public NotInPack(Text text) {
            super(text.english());
            this.text = text;
        }

        @Override public Text text() { return text; }

        @Override public boolean isRetryable() { return false; }

        @Override public boolean isNotFound() { return true; }

        @Override public String getMessage() { return getFile(); }
    }
}
