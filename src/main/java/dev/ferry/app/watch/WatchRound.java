package dev.ferry.app.watch;

import dev.ferry.app.Batch;
import dev.ferry.app.Job;
import dev.ferry.app.Lookup;
import dev.ferry.app.SaveJob;
import dev.ferry.app.SaveRequest;
import dev.ferry.app.Session;
import dev.ferry.config.ImageListEntry;
import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Digest;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One round of a watch: list the tags of every watched repository (one request each; a line
 * without a tag costs one HEAD), pick the tags the rule accepts that the history has not seen
 * shipped to a target, and ship them all in one job — a SYNC job, or a SAVE job into an
 * incremental pack. With {@code verify} (the first round of a process, and after a reload) the
 * digest of every tag already shipped is asked too, and a tag whose digest changed at the source is
 * shipped again.
 */
final class WatchRound {
    /** The name the history gives the target of {@code --save} rounds. */
    static final String PACK_TARGET = "pack";
    /** Digest checks (HEADs) at the same time, in a round that checks every tag already shipped. */
    static final int CHECKS = 8;

    /** One image to ship: a planned copy and the digest shipped before, if its digest changed. */
    private record Candidate(Batch.Planned planned, String historyTarget, Digest previous, ImageListEntry entry) {
        Candidate(Batch.Planned planned, String historyTarget, Digest previous) {
            this(planned, historyTarget, previous, null);
        }
    }

    private final Session session;
    private final WatchSettings settings;
    private final History history;
    private final WatchListener listener;
    private final Stoppable stop;

    /** Where a round's work can be stopped from: the watch's stop() cancels what is registered. */
    interface Stoppable {
        boolean stopped();

        void running(Lookup lookup, Job job);
    }

    WatchRound(Session session, WatchSettings settings, History history, WatchListener listener, Stoppable stop) {
        this.session = session;
        this.settings = settings;
        this.history = history;
        this.listener = listener;
        this.stop = stop;
    }

    RoundReport run(int number, List<WatchLine> lines, boolean verify, Path parentPack) throws InterruptedException {
        Instant started = Instant.now();
        Lookup lookup = session.lookup();
        stop.running(lookup, null);
        List<RoundReport.Failure> failed = new ArrayList<>();
        List<Candidate> todo = new ArrayList<>();
        int checked = 0;
        for (WatchLine line : lines) {
            if (stop.stopped()) break;
            checked++;
            try {
                if (line.byDigest()) byDigest(lookup, line, todo);
                else byTag(lookup, line, verify, todo);
            } catch (IOException | RuntimeException e) {
                if (stop.stopped()) break;
                ErrorKind kind = Session.errorKind(e);
                failed.add(new RoundReport.Failure(line.source().name(), kind, e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        List<RoundReport.Shipped> shipped = new ArrayList<>();
        Path pack = null;
        boolean cancelled = stop.stopped();
        if (!todo.isEmpty() && !cancelled) {
            for (Candidate c : todo) listener.found(c.planned().source().toString(), c.planned().targetNames(), c.previous() != null);
            pack = settings.save() != null ? save(number, todo, parentPack, shipped, failed) : sync(todo, shipped, failed);
            cancelled = stop.stopped();
        }
        stop.running(null, null);
        return new RoundReport(number, started, Instant.now(), checked, shipped, failed, cancelled, pack);
    }

    private void byDigest(Lookup lookup, WatchLine line, List<Candidate> todo) throws IOException {
        ImageReference ref = line.source().tag().isPresent() ? line.source() : line.source().withTag(WatchLine.DEFAULT_TAG);
        Optional<Digest> now = lookup.digest(ref);
        if (now.isEmpty()) throw new LocalizedIOException(Text.of("watch.not_found", ref));
        for (Batch.Planned p : targetsOf(line)) {
            String target = historyTarget(p);
            Optional<History.Shipped> before = history.shipped(ref.toString(), target);
            if (before.isPresent() && before.get().digest() == null) {
                adopt(ref.toString(), target, p, now.get());
            } else if (before.isPresent() && before.get().digest().equals(now.get()) && tagsAdded(line, p, before.get())) {
                todo.add(new Candidate(p, target, null, line.entry())); // the entry names a tag more: shipped again, its new tag with it
            } else if (before.isEmpty() || !before.get().digest().equals(now.get())) {
                // an images.json entry goes as planned: its own target tag and the others, its architectures
                todo.add(new Candidate(line.asPlanned() ? p : withTag(p, ref.tag().orElseThrow()), target,
                        before.map(History.Shipped::digest).orElse(null), line.entry()));
            }
        }
    }

    private void byTag(Lookup lookup, WatchLine line, boolean verify, List<Candidate> todo) throws IOException {
        List<String> tags = new ArrayList<>(lookup.tags(line.source()));
        tags.removeIf(t -> !settings.rule().accepts(t, line.lowest()));
        tags.sort(settings.rule().comparator());
        Map<String, Optional<Digest>> digests = verify ? digestsOf(lookup, line, tags) : Map.of();
        for (String tag : tags) {
            String source = line.source().withTag(tag).toString();
            for (Batch.Planned p : targetsOf(line)) {
                String target = historyTarget(p);
                Optional<History.Shipped> before = history.shipped(source, target);
                if (before.isEmpty()) {
                    todo.add(new Candidate(withTag(p, tag), target, null));
                    continue;
                }
                if (!verify) continue;
                Optional<Digest> now = digests.getOrDefault(tag, Optional.empty());
                if (now.isEmpty()) continue; // deleted since it was listed
                if (before.get().digest() == null) adopt(source, target, p, now.get());
                else if (!before.get().digest().equals(now.get())) todo.add(new Candidate(withTag(p, tag), target, before.get().digest()));
            }
        }
    }

    /**
     * The digests {@code tags} have now, for those already shipped to some target: HEADs, up to
     * {@link #CHECKS} at a time (a repository of hundreds of tags is checked in seconds, not minutes,
     * over a long link). The first failure fails the line.
     */
    private Map<String, Optional<Digest>> digestsOf(Lookup lookup, WatchLine line, List<String> tags) throws IOException {
        List<String> known = new ArrayList<>();
        for (String tag : tags) {
            String source = line.source().withTag(tag).toString();
            if (targetsOf(line).stream().anyMatch(p -> history.shipped(source, historyTarget(p)).isPresent())) known.add(tag);
        }
        Map<String, Optional<Digest>> out = new HashMap<>();
        if (known.isEmpty()) return out;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(CHECKS, known.size()), r -> {
            Thread t = new Thread(r, "ferry-watch-check");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, java.util.concurrent.Future<Optional<Digest>>> fs = new LinkedHashMap<>();
            for (String tag : known) fs.put(tag, pool.submit(() -> lookup.digest(line.source().withTag(tag))));
            for (var e : fs.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException x) {
                    if (x.getCause() instanceof IOException io) throw io;
                    if (x.getCause() instanceof RuntimeException re) throw re;
                    throw new IOException(x.getCause());
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    throw new LocalizedInterruptedIOException(Text.of("watch.cancelled_digests", line.source().name()));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether an images.json entry names tags it was not shipped with (its history entry keeps the
     * names it was shipped under); a pack's round keeps the pack's name there instead, and is not asked.
     */
    private boolean tagsAdded(WatchLine line, Batch.Planned p, History.Shipped before) {
        return line.asPlanned() && settings.save() == null && before.name() != null && !before.name().equals(p.targetNames());
    }

    /** An image-transmit entry (shipped, digest unknown): the digest it has now is taken as the one shipped. */
    private void adopt(String source, String target, Batch.Planned p, Digest digest) {
        try {
            history.record(source, target, p.targetName(), digest, Instant.now());
        } catch (IOException e) {
            listener.warning(WatchListener.notRecorded(history.file(), e));
        }
    }

    private List<Batch.Planned> targetsOf(WatchLine line) {
        return settings.save() != null ? List.of(line.planned().get(0)) : line.planned();
    }

    private String historyTarget(Batch.Planned p) {
        return settings.save() != null ? PACK_TARGET : p.to().label();
    }

    private static Batch.Planned withTag(Batch.Planned p, String tag) {
        return new Batch.Planned(p.line(), p.entry(), p.source().withTag(tag), p.target().withTag(tag), p.to());
    }

    private Path sync(List<Candidate> todo, List<RoundReport.Shipped> shipped, List<RoundReport.Failure> failed) throws InterruptedException {
        Map<String, Candidate> byImage = new LinkedHashMap<>();
        List<Batch.Planned> planned = new ArrayList<>();
        for (Candidate c : todo) {
            planned.add(c.planned());
            byImage.put(c.planned().imageName(), c);
        }
        Set<String> recorded = ConcurrentHashMap.newKeySet();
        Job job;
        try {
            job = session.sync(new Batch.SyncRequest(planned, settings.platforms(), settings.parallel(), settings.retries(), false, settings.cache()),
                    e -> {
                        if (e.event() instanceof Event.ImageFinished f && f.result().ok()) record(byImage.get(f.result().image()), f.result(), null, recorded);
                    });
        } catch (IOException | RuntimeException e) {
            failed.add(new RoundReport.Failure("sync", Session.errorKind(e), String.valueOf(e.getMessage())));
            return null;
        }
        stop.running(null, job);
        JobResult r = job.await();
        for (ImageResult i : r.images()) {
            Candidate c = byImage.get(i.image());
            if (c == null) continue;
            collect(c, i, shipped, failed);
            if (i.ok()) record(c, i, null, recorded);
        }
        return null;
    }

    private Path save(int number, List<Candidate> todo, Path parentPack, List<RoundReport.Shipped> shipped, List<RoundReport.Failure> failed)
            throws InterruptedException {
        WatchSettings.Save s = settings.save();
        Map<String, Candidate> bySource = new LinkedHashMap<>();
        List<ImageListEntry> entries = new ArrayList<>();
        for (Candidate c : todo) {
            if (bySource.putIfAbsent(c.planned().source().toString(), c) == null) {
                entries.add(c.entry() != null ? c.entry() : ImageListEntry.of(c.planned().source().toString()));
            }
        }
        List<Path> inc = parentPack != null ? List.of(parentPack) : s.base() != null ? List.of(s.base()) : List.of();
        SaveJob save;
        try {
            save = session.save(new SaveRequest(entries, "watch round " + number, settings.from(), s.dir(), s.prefix(), s.compression(),
                    s.singleFile(), false, inc, settings.platforms(), settings.parallel(), settings.retries(), settings.cache()));
        } catch (IOException | RuntimeException e) {
            failed.add(new RoundReport.Failure("save", Session.errorKind(e), String.valueOf(e.getMessage())));
            return null;
        }
        stop.running(null, save.job());
        JobResult r = save.job().await();
        Path meta = save.metaFile();
        Set<String> recorded = ConcurrentHashMap.newKeySet();
        for (ImageResult i : r.images()) {
            Candidate c = bySource.get(i.source());
            if (c == null) continue;
            collect(c, i, shipped, failed);
            if (i.ok() && meta != null) record(c, i, meta.getFileName().toString(), recorded);
        }
        return meta;
    }

    private static void collect(Candidate c, ImageResult i, List<RoundReport.Shipped> shipped, List<RoundReport.Failure> failed) {
        if (i.ok()) {
            shipped.add(new RoundReport.Shipped(c.planned().source().toString(), c.planned().targetNames(), c.planned().source().tag().orElse(null),
                    i.sourceDigest(), i.bytesMoved(), i.seconds(), c.previous()));
        } else if (i.status() != ImageResult.Status.CANCELLED) {
            failed.add(new RoundReport.Failure(i.source() + " -> " + i.target(), i.kind(), i.error()));
        }
    }

    private void record(Candidate c, ImageResult i, String name, Set<String> recorded) {
        if (c == null || i.sourceDigest() == null || !recorded.add(i.image())) return;
        try {
            String shippedAs = name != null ? name : c.entry() != null ? c.planned().targetNames() : c.planned().targetName();
            history.record(c.planned().source().toString(), c.historyTarget(), shippedAs, i.sourceDigest(), Instant.now());
        } catch (IOException e) {
            listener.warning(WatchListener.notRecorded(history.file(), e));
        }
    }
}
