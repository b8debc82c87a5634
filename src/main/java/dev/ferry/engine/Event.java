package dev.ferry.engine;

import dev.ferry.oci.Digest;
import dev.ferry.ref.Text;

import java.time.Duration;
import java.util.List;

/** What the engine reports while it works. It never prints; front ends render these. */
public sealed interface Event {

    /** A job with {@code images} images began. */
    record JobStarted(int images) implements Event {}

    /** An image's manifests were read: what will be written and how many bytes its blobs hold. */
    record ImageResolved(String image, Digest digest, List<String> platforms, int blobs, long bytes) implements Event {}

    /** A blob transfer began. */
    record BlobStarted(String image, Digest digest, long size) implements Event {}

    /** {@code bytes} more bytes of a blob went through. */
    record BlobProgress(String image, Digest digest, long bytes) implements Event {}

    /** A blob is at the target: copied, already there, or mounted from another repository. */
    record BlobDone(String image, Digest digest, long size, BlobOutcome outcome) implements Event {}

    /** Something failed and will be tried again after {@code delay}. */
    /** {@code operationText} and {@code reasonText}: the same as texts for people (as {@code operation} and {@code reason} when not given). */
    record Retrying(String image, String operation, int attempt, Duration delay, String reason, Text operationText, Text reasonText) implements Event {
        public Retrying {
            if (operationText == null) operationText = Text.verbatim(operation);
            if (reasonText == null) reasonText = Text.verbatim(reason);
        }

        public Retrying(String image, String operation, int attempt, Duration delay, String reason) {
            this(image, operation, attempt, delay, reason, null, null);
        }
    }

    /**
     * Something went wrong that does not fail the job, e.g. the blob cache could not store a blob
     * (a full disk) and the transfer went on without it. {@code image} is empty when it concerns no one image;
     * {@code text}, when not null, says it in any language ({@code message} is its English).
     */
    record Warning(String image, String message, Text text) implements Event {
        public Warning(String image, String message) {
            this(image, message, null);
        }

        public Warning(String image, Text text) {
            this(image, text.english(), text);
        }

        /** What to show: the text in the reader's language when there is one, else the message. */
        public Object shown() {
            return text != null ? text : message;
        }
    }

    /**
     * A long phase that is not a blob transfer went on: verifying a pack's data files, looking up
     * the sources of a plan, rebuilding a squash pack's layers. {@code done} of {@code total} units
     * ({@code unit}: "bytes" or "images"); {@code what} says what is checked, in the reader's language.
     */
    record Checking(String image, Text what, long done, long total, String unit) implements Event {}

    /** An image is done (or failed, or was skipped); see its result. */
    record ImageFinished(ImageResult result) implements Event {}

    /** The whole job is over. */
    record JobFinished(JobResult result) implements Event {}

    /**
     * COPIED: moved to the target; EXISTS: the target had it; MOUNTED: mounted from another repository; PLANNED: a dry
     * run would move it; SHARED: another image of this job moved it to the same place (counted there, once).
     */
    enum BlobOutcome { COPIED, EXISTS, MOUNTED, PLANNED, SHARED }
}
