package dev.ferry.app;

import dev.ferry.config.ImageList;
import dev.ferry.engine.JobResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two images of one job that share every blob and go to the same repository: the blobs move once, and yet each
 * image's progress ends full (a blob another image moved is at the target for it too), so no bar stops short of
 * 100% at "done"; the bytes moved are counted once, by the image that moved them.
 */
@Timeout(60)
class SharedBlobProgressTest {
    @Test
    void eachImageEndsFullThoughTheSharedBlobsMovedOnce() throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Path work = Files.createTempDirectory("ferry-shared-progress-");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer dst = RegistryServer.builder().start();
             Session s = Session.builder(Map.of()).workDir(work).build()) {
            TestImages.Image img = TestImages.single(work.resolve("l"), "app", "linux", "amd64", 2, 200_000, false);
            Skopeo.pushOciDir(work.resolve("l"), "app", src.host() + "/lib/app:1", Options.plain(), false);
            Skopeo.pushOciDir(work.resolve("l"), "app", src.host() + "/lib/app:2", Options.plain(), false);
            var planned = s.plan(ImageList.parse("lib/app:1\nlib/app:2\n", "list"), src.host(), List.of(dst.host()));
            Job job = s.sync(new Batch.SyncRequest(planned, List.of(), 4, 0, false, null));
            JobResult r = job.await();
            assertEquals(0, r.failed(), () -> String.valueOf(r.images()));
            job.drain(java.time.Duration.ofSeconds(5));
            JobSnapshot snap = job.snapshot();
            long size = img.blobSizes().values().stream().mapToLong(Long::longValue).sum();
            for (JobSnapshot.ImageProgress i : snap.images()) {
                assertEquals(i.bytesTotal(), i.bytesDone(), "full at the end: " + i);
                assertEquals(size, i.bytesTotal(), i.toString());
            }
            assertEquals(snap.bytesTotal(), snap.bytesDone());
            assertEquals(size, r.bytesMoved(), "moved once");
            assertEquals(img.blobDigests().size(), dst.countRequests("PUT", "/v2/lib/app/blobs/uploads/.*"), "each blob uploaded once");
            assertTrue(r.images().stream().allMatch(i -> i.bytesMoved() + i.bytesSkipped() == size), () -> String.valueOf(r.images()));
        } finally {
            TempDirs.deleteRecursively(work);
        }
    }
}
