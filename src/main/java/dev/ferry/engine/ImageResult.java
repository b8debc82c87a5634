package dev.ferry.engine;

import dev.ferry.oci.Digest;
import dev.ferry.ref.Excerpt;
import dev.ferry.ref.Redaction;
import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;

import java.util.List;

/**
 * The outcome of one image.
 *
 * @param sourceDigest    digest of the top manifest read from the source
 * @param targetDigest    digest of what the target's tag now points at (differs when platforms were filtered)
 * @param platforms       the platforms written, e.g. {@code linux/amd64}
 * @param bytesMoved      blob bytes that travelled
 * @param bytesSkipped    blob bytes the target already had, or got by mounting
 * @param error           what went wrong, for people; null when the image is ok
 * @param kind            what sort of thing went wrong, for grouping, retry offers and translated messages;
 *                        null exactly when the image is ok (when not given for a failed image: from its status)
 * @param missingPlatforms platforms asked for that the source does not have: the others were written
 * @param errorText       {@code error} for people, to be written in their language; null exactly when {@code error} is
 *                        (when not given: {@code error} as it is)
 * @param referrersCopied   referrers of the image ({@code --referrers}) written to the target, or to be written in a dry run
 * @param referrersExisting referrers of the image the target had already
 */
public record ImageResult(String image, String source, String target, Status status,
                          Digest sourceDigest, Digest targetDigest, List<String> platforms,
                          int blobsCopied, int blobsExisting, int blobsMounted,
                          long bytesMoved, long bytesSkipped, double seconds, String error, ErrorKind kind,
                          List<String> missingPlatforms, Text errorText, int referrersCopied, int referrersExisting) {

    /** INVALID: the source image does not exist (image-transmit counts these apart from failures). */
    public enum Status { COPIED, UP_TO_DATE, PLANNED, INVALID, FAILED, CANCELLED }

    public ImageResult {
        ErrorKind implied = kindOf(java.util.Objects.requireNonNull(status, "status"));
        kind = implied == null ? null : kind == null ? implied : kind;
        error = Excerpt.shorten(Redaction.redact(error)); // it reaches screens, logs and JSON reports
        missingPlatforms = missingPlatforms == null ? List.of() : List.copyOf(missingPlatforms);
        errorText = error == null ? null : errorText != null ? errorText : Text.verbatim(error);
    }

    public ImageResult(String image, String source, String target, Status status,
                       Digest sourceDigest, Digest targetDigest, List<String> platforms,
                       int blobsCopied, int blobsExisting, int blobsMounted,
                       long bytesMoved, long bytesSkipped, double seconds, String error, ErrorKind kind,
                       List<String> missingPlatforms, Text errorText) {
        this(image, source, target, status, sourceDigest, targetDigest, platforms, blobsCopied, blobsExisting, blobsMounted,
                bytesMoved, bytesSkipped, seconds, error, kind, missingPlatforms, errorText, 0, 0);
    }

    /**
     * This outcome with the image's referrers counted ({@code --referrers}): {@code copied} written to the target
     * (in a dry run: to be written), {@code existing} there already.
     */
    public ImageResult withReferrers(int copied, int existing) {
        return new ImageResult(image, source, target, status, sourceDigest, targetDigest, platforms, blobsCopied, blobsExisting,
                blobsMounted, bytesMoved, bytesSkipped, seconds, error, kind, missingPlatforms, errorText, copied, existing);
    }

    /** An outcome whose error is only its English text (or that has none). */
    public ImageResult(String image, String source, String target, Status status,
                       Digest sourceDigest, Digest targetDigest, List<String> platforms,
                       int blobsCopied, int blobsExisting, int blobsMounted,
                       long bytesMoved, long bytesSkipped, double seconds, String error, ErrorKind kind,
                       List<String> missingPlatforms) {
        this(image, source, target, status, sourceDigest, targetDigest, platforms, blobsCopied, blobsExisting, blobsMounted,
                bytesMoved, bytesSkipped, seconds, error, kind, missingPlatforms, null);
    }

    /** A failed outcome whose error is also a text for people. */
    public ImageResult(String image, String source, String target, Status status,
                       Digest sourceDigest, Digest targetDigest, List<String> platforms,
                       int blobsCopied, int blobsExisting, int blobsMounted,
                       long bytesMoved, long bytesSkipped, double seconds, String error, ErrorKind kind, Text errorText) {
        this(image, source, target, status, sourceDigest, targetDigest, platforms, blobsCopied, blobsExisting, blobsMounted,
                bytesMoved, bytesSkipped, seconds, error, kind, List.of(), errorText);
    }

    public ImageResult(String image, String source, String target, Status status,
                       Digest sourceDigest, Digest targetDigest, List<String> platforms,
                       int blobsCopied, int blobsExisting, int blobsMounted,
                       long bytesMoved, long bytesSkipped, double seconds, String error, ErrorKind kind) {
        this(image, source, target, status, sourceDigest, targetDigest, platforms, blobsCopied, blobsExisting, blobsMounted,
                bytesMoved, bytesSkipped, seconds, error, kind, List.of(), null);
    }

    /** An outcome whose kind, if it failed, follows from its status (see {@link #kindOf(Status)}). */
    public ImageResult(String image, String source, String target, Status status,
                       Digest sourceDigest, Digest targetDigest, List<String> platforms,
                       int blobsCopied, int blobsExisting, int blobsMounted,
                       long bytesMoved, long bytesSkipped, double seconds, String error) {
        this(image, source, target, status, sourceDigest, targetDigest, platforms, blobsCopied, blobsExisting, blobsMounted,
                bytesMoved, bytesSkipped, seconds, error, null);
    }

    /** The kind a failed status implies when nothing finer is known: CANCELLED, NOT_FOUND (INVALID), else OTHER; null when ok. */
    public static ErrorKind kindOf(Status status) {
        return switch (status) {
            case COPIED, UP_TO_DATE, PLANNED -> null;
            case CANCELLED -> ErrorKind.CANCELLED;
            case INVALID -> ErrorKind.NOT_FOUND;
            case FAILED -> ErrorKind.OTHER;
        };
    }

    public boolean ok() { return status == Status.COPIED || status == Status.UP_TO_DATE || status == Status.PLANNED; }

    public boolean digestChanged() {
        return sourceDigest != null && targetDigest != null && !sourceDigest.equals(targetDigest);
    }
}
