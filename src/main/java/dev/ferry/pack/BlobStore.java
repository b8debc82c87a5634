package dev.ferry.pack;

import dev.ferry.oci.Descriptor;

import java.io.IOException;
import java.io.InputStream;

/**
 * How a pack's blobs go into a data file when they are not tar entries: a squash pack turns each
 * layer into a recipe and deduplicated contents ({@code pack.squash}). Called with a data file
 * that the calling worker holds alone.
 */
public interface BlobStore {
    /** Stores one blob; {@code content} verifies itself against {@code blob} when it ends. Returns its meta file entry. */
    PackMeta.Blob put(DataFileWriter file, Descriptor blob, InputStream content) throws IOException;

    /** Whether a blob a parent pack holds must still be stored here (a squash parent's layer that gets a new digest on load). */
    default boolean storeAgain(dev.ferry.oci.Digest blob) { return false; }
}
