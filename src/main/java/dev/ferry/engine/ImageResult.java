package dev.ferry.engine;

import dev.ferry.oci.Digest;

import java.util.List;

/**
 * The outcome of one image.
 *
 * @param sourceDigest    digest of the top manifest read from the source
 * @param targetDigest    digest of what the target's tag now points at (differs when platforms were filtered)
 * @param platforms       the platforms written, e.g. {@code linux/amd64}
 * @param bytesMoved      blob bytes that travelled
 * @param bytesSkipped    blob bytes the target already had, or got by mounting
 */
public record ImageResult(String image, String source, String target, Status status,
                          Digest sourceDigest, Digest targetDigest, List<String> platforms,
                          int blobsCopied, int blobsExisting, int blobsMounted,
                          long bytesMoved, long bytesSkipped, double seconds, String error) {

    /** INVALID: the source image does not exist (image-transmit counts these apart from failures). */
    public enum Status { COPIED, UP_TO_DATE, PLANNED, INVALID, FAILED, CANCELLED }

    public boolean ok() { return status == Status.COPIED || status == Status.UP_TO_DATE || status == Status.PLANNED; }

    public boolean digestChanged() {
        return sourceDigest != null && targetDigest != null && !sourceDigest.equals(targetDigest);
    }
}
