package dev.ferry.pack.squash;

import dev.ferry.pack.DataFileWriter;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every distinct file content of a squash pack, by sha256, across layers, images, platforms and
 * the parent packs: a content is written once, into the open content frame of the worker that
 * met it first (frames of about {@value #FRAME_BYTES} bytes, whole contents each); later layers refer to it.
 */
final class ContentStore {
    /**
     * A content frame is closed once it holds this many bytes: large frames compress best (the
     * corpus: 185 MiB with 256 MiB frames, 231 MiB with 32 MiB ones); a layer that takes contents
     * out of another layer's frame decompresses that frame once on load, up to the last one it needs (see ContentPlan).
     */
    static final long FRAME_BYTES = 256L << 20;

    private final Map<String, ContentRef> known = new ConcurrentHashMap<>();
    private final SquashCodec codec;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    ContentStore(SquashCodec codec, Map<String, ContentRef> fromParents) {
        this.codec = codec;
        known.putAll(fromParents);
    }

    long storedBytes() { return stored.get(); }

    long reusedBytes() { return reused.get(); }

    /** The contents one layer writes into its worker's data file, in one frame opened when the first new content comes. */
    final class Frame implements TarSplitter.Contents, AutoCloseable {
        private final DataFileWriter file;
        private OutputStream out;
        private long start;
        private long written;

        Frame(DataFileWriter file) {
            this.file = file;
        }

        DataFileWriter file() { return file; }

        @Override public ContentRef put(String sha256, long size, InputStream bytes) throws IOException {
            ContentRef have = known.get(sha256);
            if (have != null && have.size() == size) {
                reused.addAndGet(size);
                return have;
            }
            if (out == null) {
                start = file.position();
                out = codec.compress(file.appendStream(), false);
                written = 0;
            }
            ContentRef ref = new ContentRef(sha256, size, file.name(), start, written);
            long copied = bytes.transferTo(out);
            if (copied != size) throw new LocalizedIOException(Text.of("squash.content_size", sha256, copied, size));
            written += size;
            stored.addAndGet(size);
            known.putIfAbsent(sha256, ref);
            if (written >= FRAME_BYTES) close();
            return ref;
        }

        /** Ends the frame (if one was opened): its contents can be read from then on. */
        @Override public void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }
    }
}
