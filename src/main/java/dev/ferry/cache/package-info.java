/**
 * The local blob cache: a content-addressed store on disk ({@code DIR/blobs/sha256/HEX}) that lets
 * jump hosts download each layer once, however many targets or daily packs use it.
 *
 * <p>{@link dev.ferry.cache.BlobCache} is the whole interface. A blob enters only after its size
 * and digest were checked (written to {@code DIR/tmp}, synced, then renamed); reads are checked
 * again. Downloads are written to the cache on a separate thread, so the transfer never waits for
 * the disk; a disk that is full or too slow only stops caching, with a warning. Several threads
 * and processes share one directory: each blob has a byte of {@code DIR/locks/blobs.lock}, locked
 * exclusively while it is written or evicted and shared while it is read or used by a running job,
 * so a second reader waits for the first download instead of starting its own, and eviction
 * ({@code keepdays} first, then least recently used beyond {@code keepsize}) never removes a blob
 * in use. The last use of a blob is its file's modification time, which survives crashes.
 *
 * <p>Uses only {@code dev.ferry.oci} of ferry's (digests, descriptors) and {@code dev.ferry.ref}'s catalogue texts, and Jackson for
 * {@code DIR/stats.json}.
 */
package dev.ferry.cache;
