package dev.ferry.engine;

import dev.ferry.cache.BlobSightings;
import dev.ferry.engine.Event.BlobOutcome;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.RepositoryLocation;
import dev.ferry.spi.TransferFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blob transfers of one engine run: each distinct blob moves once per sink, however many of
 * the job's images need it; the first repository of a registry to need a blob receives it and the
 * others mount it from there; a transfer takes its connection slots first, streams and verifies,
 * and is retried when its failure was not already retried below (uploads, cut streams).
 */
final class BlobMover {
    private final Engine.Settings settings;
    private final EventListener events;
    private final AtomicBoolean cancelled;
    private final TransferSlots slots;
    private final BoundedExecutor blobPool;
    private final BlobSightings sightings;
    private final Map<String, CompletableFuture<BlobOutcome>> blobsInFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RepositoryLocation>> placements = new ConcurrentHashMap<>();

    BlobMover(Engine.Settings settings, EventListener events, AtomicBoolean cancelled, TransferSlots slots, BoundedExecutor blobPool,
              BlobSightings sightings) {
        this.settings = settings;
        this.sightings = sightings;
        this.events = events;
        this.cancelled = cancelled;
        this.slots = slots;
        this.blobPool = blobPool;
    }

    private void checkCancelled() throws CancelledException {
        if (cancelled.get() || Thread.currentThread().isInterrupted()) throw new CancelledException();
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * The transfer of one blob to one sink, shared by every image of the job that needs it; {@code bytes}, when not
     * null, are the blob's content as planning read it (a config), sent instead of reading the source again.
     */
    CompletableFuture<BlobOutcome> blob(ImageTask t, Descriptor d, boolean[] created, byte[] bytes) {
        String key = t.sink().describe() + "|" + d.digest();
        return blobsInFlight.computeIfAbsent(key, k -> {
            created[0] = true;
            CompletableFuture<BlobOutcome> f = new CompletableFuture<>();
            long seq = sequence.incrementAndGet();
            Runnable[] attempt = new Runnable[1];
            attempt[0] = () -> {
                try {
                    f.complete(moveBlob(t, d, bytes));
                } catch (Deferred w) {
                    // another repository of this registry is receiving the blob: come back when it has it, without holding a worker
                    w.first.whenComplete((loc, err) -> {
                        try {
                            blobPool.execute(new BySize(d.size(), seq, attempt[0]));
                        } catch (java.util.concurrent.RejectedExecutionException e) {
                            f.completeExceptionally(new LocalizedInterruptedIOException(Text.of("engine.cancelled")));
                        }
                    });
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                    blobsInFlight.remove(k, f);
                }
            };
            try {
                blobPool.execute(new BySize(d.size(), seq, attempt[0]));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                f.completeExceptionally(new LocalizedInterruptedIOException(Text.of("engine.cancelled")));
            }
            return f;
        });
    }

    private final AtomicLong sequence = new AtomicLong();

    /** A blob task ordered largest first, then in the order it was planned. */
    private record BySize(long size, long seq, Runnable work) implements Runnable, Comparable<BySize> {
        @Override public void run() { work.run(); }

        @Override public int compareTo(BySize o) {
            int c = Long.compare(o.size, size);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private BlobOutcome moveBlob(ImageTask t, Descriptor d, byte[] bytes) throws IOException, CancelledException {
        checkCancelled();
        TransferSlots.Lease lease;
        try {
            lease = slots.take(t, cancelled::get);
        } catch (InterruptedException e) {
            throw new CancelledException();
        }
        try (lease) {
            return moveBlobHolding(t, d, bytes);
        }
    }

    private BlobOutcome moveBlobHolding(ImageTask t, Descriptor d, byte[] bytes) throws IOException, CancelledException {
        Optional<RepositoryLocation> here = t.sink().location();
        // a blob that will be uploaded when missing is asked about in the way that prepares its upload
        boolean there = settings.dryRun() || mayMount(t, d, here) ? t.sink().hasBlob(d) : t.sink().hasBlobElsePrepare(d);
        if (there) {
            here.ifPresent(h -> placements.putIfAbsent(placementKey(h, d), CompletableFuture.completedFuture(h)));
            here.ifPresent(h -> sightings.saw(h.registry(), h.repository(), d.digest()));
            events.on(new Event.BlobDone(t.image(), d.digest(), d.size(), BlobOutcome.EXISTS));
            return BlobOutcome.EXISTS;
        }
        if (settings.dryRun()) {
            events.on(new Event.BlobDone(t.image(), d.digest(), d.size(), BlobOutcome.PLANNED));
            return BlobOutcome.PLANNED;
        }
        if (here.isEmpty()) return fetch(t, d, bytes);
        // the first repository of a target registry to need a blob receives it; the others mount it from there
        String key = placementKey(here.get(), d);
        CompletableFuture<RepositoryLocation> mine = new CompletableFuture<>();
        CompletableFuture<RepositoryLocation> first = placements.putIfAbsent(key, mine);
        if (first != null) {
            if (!first.isDone()) throw new Deferred(first);
            try {
                RepositoryLocation at = first.get();
                if (!at.equals(here.get()) && mount(t, d, at)) {
                    events.on(new Event.BlobDone(t.image(), d.digest(), d.size(), BlobOutcome.MOUNTED));
                    return BlobOutcome.MOUNTED;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                // the first transfer failed: try ourselves
            }
            return fetch(t, d, bytes);
        }
        try {
            BlobOutcome o = mountSeen(t, d, here.get());
            if (o == null) o = fetch(t, d, bytes);
            sightings.saw(here.get().registry(), here.get().repository(), d.digest());
            mine.complete(here.get());
            return o;
        } catch (IOException | CancelledException | RuntimeException e) {
            placements.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Whether a missing blob may be mounted rather than uploaded: from the source's repository on the same registry,
     * from where an earlier run saw it there, or from the repository this job puts it in first.
     */
    private boolean mayMount(ImageTask t, Descriptor d, Optional<RepositoryLocation> here) {
        if (here.isEmpty()) return false;
        String registry = here.get().registry();
        if (t.source().location().filter(l -> l.registry().equals(registry)).isPresent()) return true;
        if (placements.containsKey(placementKey(here.get(), d))) return true;
        for (String repo : sightings.repositories(registry, d.digest())) if (!repo.equals(here.get().repository())) return true;
        return false;
    }

    /** Thrown (without a stack) to put a blob task back until the first transfer of that blob to its registry ends. */
    private static final class Deferred extends RuntimeException {
        final CompletableFuture<RepositoryLocation> first;

        Deferred(CompletableFuture<RepositoryLocation> first) {
            super(null, null, false, false);
            this.first = first;
        }
    }

    private static String placementKey(RepositoryLocation at, Descriptor d) {
        return at.registry() + "|" + d.digest();
    }

    /**
     * Mounts the blob from a repository of the target registry where an earlier run saw it (two tries at most); null
     * when none is known or every mount was refused (the blob was deleted there since: that sighting is forgotten).
     */
    private BlobOutcome mountSeen(ImageTask t, Descriptor d, RepositoryLocation here) {
        int tries = 0;
        for (String repo : sightings.repositories(here.registry(), d.digest())) {
            if (repo.equals(here.repository())) continue; // it is not here: hasBlob said so
            if (tries++ == 2) break;
            RepositoryLocation from = new RepositoryLocation(here.registry(), repo);
            if (mount(t, d, from)) {
                events.on(new Event.BlobDone(t.image(), d.digest(), d.size(), BlobOutcome.MOUNTED));
                return BlobOutcome.MOUNTED;
            }
            sightings.forget(here.registry(), repo, d.digest());
        }
        return null;
    }

    /**
     * Mounts from the source's repository when it is on the same registry, else streams and verifies, with retries;
     * from {@code bytes} instead of the source when they are known.
     */
    private BlobOutcome fetch(ImageTask t, Descriptor d, byte[] bytes) throws IOException, CancelledException {
        var loc = t.source().location();
        if (loc.isPresent() && mount(t, d, loc.get())) {
            events.on(new Event.BlobDone(t.image(), d.digest(), d.size(), BlobOutcome.MOUNTED));
            return BlobOutcome.MOUNTED;
        }
        loc.ifPresent(l -> sightings.saw(l.registry(), l.repository(), d.digest()));
        Text what = Text.of("engine.blob_from", d.digest().shortForm(), t.source().describe());
        for (int attempt = 0; ; attempt++) {
            checkCancelled();
            events.on(new Event.BlobStarted(t.image(), d.digest(), d.size()));
            ProgressBatcher sent = new ProgressBatcher(n -> events.on(new Event.BlobProgress(t.image(), d.digest(), n)));
            try (InputStream raw = bytes != null ? new java.io.ByteArrayInputStream(bytes) : t.source().openBlob(d);
                 VerifyingInputStream v = new VerifyingInputStream(raw, d, what, sent)) {
                t.sink().putBlob(d, v);
                if (!v.isVerified()) v.drainAndVerify();
                sent.flush();
                events.on(new Event.BlobDone(t.image(), d.digest(), d.size(), BlobOutcome.COPIED));
                return BlobOutcome.COPIED;
            } catch (IOException e) {
                if (sent.emitted() > 0) events.on(new Event.BlobProgress(t.image(), d.digest(), -sent.emitted()));
                if (cancelled.get() || e instanceof InterruptedIOException && !(e instanceof java.net.SocketTimeoutException)) throw new CancelledException();
                boolean retryable = !(e instanceof TransferFailure tf) || tf.isRetryable();
                // a digest mismatch (also wrapped by an upload that read it) gets one more try: a flaky link, not a bad source
                if (dev.ferry.spi.Failures.kindOf(e) == dev.ferry.spi.ErrorKind.DIGEST_MISMATCH) retryable = attempt == 0;
                if (!retryable || attempt >= settings.retries()) throw e;
                Duration delay = backoff(attempt + 1);
                Text op = Text.of("engine.move_blob", d.digest().shortForm(), t.source().describe(), t.sink().describe());
                events.on(new Event.Retrying(t.image(), op.english(), attempt + 1, delay, message(e), op, Text.of(e)));
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CancelledException();
                }
            }
        }
    }

    private boolean mount(ImageTask t, Descriptor d, RepositoryLocation from) {
        try {
            return t.sink().mountBlob(d, from);
        } catch (IOException e) {
            return false; // mounting is an optimisation: copy instead
        }
    }

    private Duration backoff(int attempt) {
        long base = settings.retryDelay().toMillis() << Math.min(attempt - 1, 10);
        long capped = Math.min(base, 30_000);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** For tests and reports: the digests of blobs this engine has handled. */
    Set<Digest> handledBlobs() {
        Set<Digest> s = new LinkedHashSet<>();
        blobsInFlight.keySet().forEach(k -> s.add(Digest.parse(k.substring(k.lastIndexOf('|') + 1))));
        return s;
    }
}
