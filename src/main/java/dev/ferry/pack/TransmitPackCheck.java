package dev.ferry.pack;

import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The verification of an image-transmit pack before anything is pushed: every blob entry of every
 * data file read once, in file order, and hashed against the digest its name gives. (Its meta file
 * records no sha256 of the data files, so this is the only check of their bytes before streaming.)
 */
final class TransmitPackCheck {
    /** One blob entry: where its bytes are, and the sha256 hex its name says. */
    record Blob(Path file, String name, long offset, long size, String hex) {}

    private TransmitPackCheck() {}

    static void verify(Path metaFile, List<Blob> blobs, int parallel, PackReader.Progress progress) throws IOException {
        Map<Path, List<Blob>> byFile = new LinkedHashMap<>();
        for (Blob b : blobs) byFile.computeIfAbsent(b.file(), f -> new ArrayList<>()).add(b);
        long total = blobs.stream().mapToLong(Blob::size).sum();
        AtomicLong done = new AtomicLong();
        List<Text> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, byFile.size())));
        try {
            List<Future<List<Text>>> results = new ArrayList<>();
            for (List<Blob> in : byFile.values()) {
                results.add(pool.submit(() -> file(in, new java.util.function.LongConsumer() {
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
            for (Future<List<Text>> r : results) problems.addAll(r.get());
            progress.hashed(total, total);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_verifying_pack"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InterruptedIOException ie) throw ie;
            throw new LocalizedIOException(Text.of("packfile.verify_failed", metaFile, Text.of(e.getCause())), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Text.of("packfile.damaged", metaFile.getFileName(), PackReader.lines(problems, Integer.MAX_VALUE)));
        }
    }

    /** The blobs of one data file, read in order: the problems found. */
    private static List<Text> file(List<Blob> blobs, java.util.function.LongConsumer hashed) throws IOException {
        List<Blob> sorted = new ArrayList<>(blobs);
        sorted.sort(Comparator.comparingLong(Blob::offset));
        List<Text> problems = new ArrayList<>();
        byte[] buf = new byte[64 * 1024];
        try (FileChannel ch = FileChannel.open(sorted.get(0).file(), StandardOpenOption.READ)) {
            for (Blob b : sorted) {
                Digest want = Digest.parse((b.hex().length() == 64 ? "sha256:" : "sha512:") + b.hex());
                MessageDigest md = want.newMessageDigest();
                ch.position(b.offset());
                InputStream in = Channels.newInputStream(ch);
                long left = b.size();
                while (left > 0) {
                    if (Thread.currentThread().isInterrupted()) throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_verifying", b.name()));
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) break;
                    md.update(buf, 0, n);
                    left -= n;
                    hashed.accept(n);
                }
                if (left > 0 || !want.matches(md)) {
                    problems.add(Text.of("packfile.problem.entry_digest", b.name(), want.shortForm()));
                }
            }
        }
        return problems;
    }
}
