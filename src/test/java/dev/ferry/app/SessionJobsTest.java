package dev.ferry.app;

import dev.ferry.engine.Event;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.FaultRule;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session core, driven directly (no CLI): subscribers, cancellation, connection limits
 * across jobs, resources over many jobs, and retries in one layer, against real registries.
 */
@Timeout(240)
class SessionJobsTest {
    static Path work;
    static Path layout;
    static Image small;
    static Image other;
    static Image big;
    static RegistryServer src;
    static RegistryServer dst;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-session-test-");
        layout = work.resolve("images");
        small = TestImages.single(layout, "small", "linux", "amd64", 6, 300_000, false);
        other = TestImages.single(layout, "other", "linux", "amd64", 6, 300_000, false);
        big = TestImages.single(layout, "big", "linux", "amd64", 2, 4_000_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, small.tag(), src.host() + "/app/small:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, other.tag(), src.host() + "/app/other:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, big.tag(), src.host() + "/app/big:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    private static Session session(int maxConnections, int retries) {
        return Session.builder(Map.of()).workDir(work).maxConnections(maxConnections)
                .settings(RegistrySettings.builder().retries(retries).build()).build();
    }

    private static CopyRequest copy(String from, String to, int parallel, int retries) {
        return new CopyRequest(from, to, List.of(), parallel, retries, false);
    }

    private static boolean tagExists(String ref) {
        return Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref)).ok();
    }

    private static String layerPath(Image img, String repo, int layer) {
        return "/v2/" + repo + "/blobs/" + img.layers().get(layer).digest();
    }

    /** Records what a subscriber is handed. */
    static final class Recorder implements JobSubscriber {
        final List<JobSnapshot> snapshots = new CopyOnWriteArrayList<>();
        final List<JobEvent> events = new CopyOnWriteArrayList<>();

        @Override public void onSnapshot(JobSnapshot s) { snapshots.add(s); }

        @Override public void onEvent(JobEvent e) { events.add(e); }

        /** Every event but blob progress, which merges differently in each queue. */
        List<String> nonProgressAfter(long seq) {
            return events.stream().filter(e -> e.seq() > seq && !(e.event() instanceof Event.BlobProgress))
                    .map(e -> e.seq() + " " + e.event()).toList();
        }

        long progressAfter(long seq) {
            return events.stream().filter(e -> e.seq() > seq && e.event() instanceof Event.BlobProgress)
                    .mapToLong(e -> ((Event.BlobProgress) e.event()).bytes()).sum();
        }

        long skippedAfter(long seq) {
            return events.stream().filter(e -> e.seq() > seq && e.event() instanceof Event.BlobDone d && d.outcome() != Event.BlobOutcome.COPIED)
                    .mapToLong(e -> ((Event.BlobDone) e.event()).size()).sum();
        }
    }

    @Test
    void subscribersSeeTheSameEventsInOrderAndALateOneGetsAMatchingSnapshot() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(src.url()); Session s = session(4, 2)) {
            // the last layers come slowly, so that a subscriber can attach while the job is under way
            proxy.delay("GET", layerPath(small, "app/small", 5) , Duration.ofMillis(800), 1);
            Recorder first = new Recorder();
            AtomicInteger thrown = new AtomicInteger();
            Job job = s.copy(copy(proxy.host() + "/app/small:1", dst.host() + "/subs/small:1", 2, 2), first);
            assertEquals(JobKind.COPY, job.kind());
            Subscription throwing = job.subscribe(e -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("a renderer with a bug");
            });
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (first.events.stream().noneMatch(e -> e.event() instanceof Event.BlobDone) && System.nanoTime() < deadline) Thread.sleep(5);
            Recorder late = new Recorder();
            Subscription lateSub = job.subscribe(late);
            JobResult r = job.await();
            assertTrue(job.drain(Duration.ofSeconds(5)));

            assertTrue(r.ok(), r.toString());
            assertEquals(ImageResult.Status.COPIED, r.images().get(0).status());
            assertTrue(tagExists(dst.host() + "/subs/small:1"), "the throwing subscriber changed nothing");
            assertTrue(thrown.get() > 1, "a throwing subscriber goes on receiving events: " + thrown.get());

            assertTrue(first.snapshots.size() == 1 && first.snapshots.get(0).lastSeq() == 0, "the first subscriber starts at the beginning");
            assertEquals(1, late.snapshots.size());
            JobSnapshot at = late.snapshots.get(0);
            assertFalse(at.finished(), "attached mid-job");
            assertTrue(at.lastSeq() > 0);
            // both are handed the same events after the late one's snapshot, in the same order
            assertEquals(first.nonProgressAfter(at.lastSeq()), late.nonProgressAfter(0));
            assertEquals(first.progressAfter(at.lastSeq()), late.progressAfter(0));
            List<Long> seqs = late.events.stream().map(JobEvent::seq).toList();
            List<Long> sorted = new ArrayList<>(seqs);
            Collections.sort(sorted);
            assertEquals(sorted, seqs, "in order");
            assertTrue(seqs.get(0) > at.lastSeq());
            // the snapshot's bytes and what followed add up to the job's bytes
            JobSnapshot end = job.snapshot();
            long blobBytes = small.blobSizes().values().stream().mapToLong(Long::longValue).sum();
            assertTrue(end.finished());
            assertEquals(blobBytes, end.bytesTotal());
            assertEquals(end.bytesDone(), at.bytesDone() + late.progressAfter(0) + late.skippedAfter(0));
            assertEquals(blobBytes, end.bytesDone());
            assertTrue(late.events.stream().allMatch(e -> e.jobId().equals(job.id())));
            assertEquals(1, end.images().size());
            assertEquals(JobSnapshot.Phase.FINISHED, end.images().get(0).phase());
            lateSub.close();
            throwing.close();
        }
    }

    @Test
    void cancellingDuringAStalledBlobEndsTheJobWithinTwoSecondsAndTagsNothing() throws Exception {
        List<String> before = ferryThreads();
        try (FaultProxy proxy = FaultProxy.start(src.url())) {
            FaultRule stall = proxy.stallResponseAfter("GET", layerPath(big, "app/big", 0), 200_000, 10);
            proxy.stallResponseAfter("GET", layerPath(big, "app/big", 1), 200_000, 10);
            String target = dst.host() + "/cancel/big:1";
            Session s = session(4, 2);
            Job job = s.copy(copy(proxy.host() + "/app/big:1", target, 2, 2));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (stall.applied() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(1, stall.applied(), "the blob is stalled");
            Thread.sleep(500); // the read now waits on a connection that sends nothing
            long t0 = System.nanoTime();
            job.cancel();
            JobResult r = job.await(Duration.ofSeconds(2));
            double took = (System.nanoTime() - t0) / 1e9;
            assertNotNull(r, "the job ended within 2 s of cancel()");
            assertTrue(took < 2.0, "took " + took + " s");
            assertTrue(r.cancelled());
            assertEquals(ImageResult.Status.CANCELLED, r.images().get(0).status());
            assertEquals(dev.ferry.spi.ErrorKind.CANCELLED, r.images().get(0).kind());
            assertTrue(job.snapshot().finished() && job.snapshot().cancelled());
            s.close();
            assertFalse(tagExists(target), "nothing was tagged");
            assertEquals(0, Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + target)).ok() ? 1 : 0);
        }
        long end = System.nanoTime() + 5_000_000_000L;
        List<String> left = ferryThreads();
        while (!left.equals(before) && System.nanoTime() < end) {
            Thread.sleep(50);
            left = ferryThreads();
        }
        assertEquals(before, left, "no ferry thread is left running");
    }

    private static List<String> ferryThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                // "OkHttp TaskRunner" threads are OkHttp's one shared pool for every client in the JVM (they end after 60 s
                // idle, and any earlier test may have started one): no session owns them, so they are not counted
                .filter(n -> n.startsWith("ferry-") || n.startsWith("OkHttp") && !n.equals("OkHttp TaskRunner")).sorted().collect(Collectors.toList());
    }

    @Test
    void twoJobsOfOneSessionStayWithinTheRegistrysConnectionLimit() throws Exception {
        int maxconn = 2;
        try (FaultProxy proxy = FaultProxy.start(dst.url()); Session s = session(maxconn, 2)) {
            // slow uploads make the two jobs overlap for a while
            proxy.delay("PUT", "/v2/.*/blobs/uploads/.*", Duration.ofMillis(150), 100);
            proxy.resetPeak();
            Job a = s.copy(copy(src.host() + "/app/small:1", proxy.host() + "/limit/small:1", 8, 2));
            Job b = s.copy(copy(src.host() + "/app/other:1", proxy.host() + "/limit/other:1", 8, 2));
            JobResult ra = a.await(), rb = b.await();
            assertTrue(ra.ok(), ra.toString());
            assertTrue(rb.ok(), rb.toString());
            assertTrue(proxy.peakConnections() <= maxconn, "at most " + maxconn + " connections at once, saw " + proxy.peakConnections());
            assertTrue(proxy.countRequests("PUT", "/v2/.*/blobs/uploads/.*") >= 12, "both jobs pushed their layers through the proxy");
        }
        assertTrue(tagExists(dst.host() + "/limit/small:1") && tagExists(dst.host() + "/limit/other:1"));
    }

    @Test
    void fiftyJobsInARowLeaveThreadsAndOpenFilesWhereTheyWere() throws Exception {
        try (Session s = session(4, 2)) {
            for (int i = 0; i < 2; i++) assertTrue(s.copy(copy(src.host() + "/app/small:1", dst.host() + "/fifty/small:warm", 4, 2)).await().ok());
            int threads = settledThreads(Integer.MAX_VALUE);
            long files = openFiles();
            for (int i = 0; i < 50; i++) {
                JobResult r = s.copy(copy(src.host() + "/app/small:1", dst.host() + "/fifty/small:" + i, 4, 2)).await();
                assertTrue(r.ok(), "job " + i + ": " + r);
            }
            assertTrue(settledThreads(threads) <= threads, "threads back to " + threads + ": " + Thread.activeCount());
            long end = System.nanoTime() + 10_000_000_000L;
            while (openFiles() > files && System.nanoTime() < end) Thread.sleep(100);
            assertTrue(openFiles() <= files, "open files back to " + files + ", now " + openFiles());
            assertTrue(s.jobs().size() <= 52 && s.jobs().stream().allMatch(Job::isDone));
        }
    }

    /** The number of live threads once idle pool threads have ended (waits up to 10 s to fall to {@code target}). */
    private static int settledThreads(int target) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        Thread.sleep(2500); // idle session threads end after 2 s
        int n = Thread.activeCount();
        while (n > target && System.nanoTime() < end) {
            Thread.sleep(100);
            n = Thread.activeCount();
        }
        return n;
    }

    private static long openFiles() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void aRequestFailingWith503IsTriedRetriesPlusOneTimesInAll() throws Exception {
        int retries = 2;
        try (FaultProxy source = FaultProxy.start(src.url()); FaultProxy target = FaultProxy.start(dst.url());
             Session s = session(4, retries)) {
            // a blob read (replayable: retried by the registry client alone)
            String layer = layerPath(small, "app/small", 0);
            source.respond("GET", layer, 503, 100);
            JobResult r = s.copy(copy(source.host() + "/app/small:1", dst.host() + "/r503/get:1", 2, retries)).await();
            assertEquals(ImageResult.Status.FAILED, r.images().get(0).status());
            assertEquals(dev.ferry.spi.ErrorKind.REGISTRY, r.images().get(0).kind());
            assertEquals(retries + 1, source.countRequests("GET", layer));

            // a manifest read
            source.clearRules();
            source.respond("GET", "/v2/app/other/manifests/1", 503, 100);
            r = s.copy(copy(source.host() + "/app/other:1", dst.host() + "/r503/manifest:1", 2, retries)).await();
            assertEquals(ImageResult.Status.FAILED, r.images().get(0).status());
            assertEquals(retries + 1, source.countRequests("GET", "/v2/app/other/manifests/1"));

            // an upload (a stream, not replayable: the engine tries the whole blob again)
            target.respond("PUT", "/v2/r503/put/blobs/uploads/.*", 503, 100);
            r = s.copy(copy(src.host() + "/app/big:1", target.host() + "/r503/put:1", 1, retries)).await();
            assertEquals(ImageResult.Status.FAILED, r.images().get(0).status());
            for (var layerBlob : big.layers()) {
                long puts = target.requests().stream().filter(q -> q.method().equals("PUT") && q.uri().contains(layerBlob.digest().substring("sha256:".length()))).count();
                assertEquals(retries + 1, puts, "the upload of " + layerBlob.digest() + " is tried " + (retries + 1) + " times");
            }
        }
    }
}
