package dev.ferry.app;

import dev.ferry.engine.ImageResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A job at one moment: every image with its state and bytes, and the totals.
 *
 * @param bytesDone      blob bytes at the targets so far: transferred, or found there already
 * @param bytesTotal     blob bytes of the images resolved so far
 * @param bytesPerSecond the transfer rate over the last few seconds (0 before any byte moved)
 * @param eta            the time left at that rate, when it can be told
 * @param lastSeq        the number of the last event this snapshot includes (events after it have higher numbers)
 */
public record JobSnapshot(String jobId, JobKind kind, Instant started, boolean finished, boolean cancelled,
                          List<ImageProgress> images, long bytesDone, long bytesTotal, double bytesPerSecond,
                          Optional<Duration> eta, long lastSeq) {

    /** Where one image is. */
    public enum Phase { WAITING, RESOLVED, MOVING, FINISHED }

    /**
     * One image of the job.
     *
     * @param result the outcome, once {@link Phase#FINISHED}
     */
    public record ImageProgress(String image, String source, String target, Phase phase, int blobs, int blobsDone,
                                long bytesDone, long bytesTotal, ImageResult result) {}

    public long imagesFinished() {
        return images.stream().filter(i -> i.phase() == Phase.FINISHED).count();
    }

    public long imagesFailed() {
        return images.stream().filter(i -> i.result() != null && !i.result().ok()).count();
    }
}
