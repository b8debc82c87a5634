package dev.ferry.pack.squash;

import dev.ferry.pack.InvalidInputException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the contents a recipe refers to, one after another, as its {@link ContentPlan} says: the
 * contents to copy first are read out of their frames before the first one is served (each frame
 * once, in offset order), then the rest come from one frame stream at a time, which only moves on.
 * A content is checked by the whole layer's diff_id ({@link LayerRebuild}), not hashed again on its
 * own. Memory: one frame open at a time and {@link ContentCopies}' share.
 */
final class ContentCursor implements AutoCloseable {
    private static final int BUFFER = 64 << 10;

    private final SquashFiles files;
    private final ContentPlan plan;
    private final String what;
    private final ContentCopies copies = new ContentCopies();
    private boolean copiedFirst;
    private int next;
    private InputStream stream;
    private String streamFile;
    private long streamFrame;
    private long position;

    ContentCursor(SquashFiles files, ContentPlan plan, String what) {
        this.files = files;
        this.plan = plan;
        this.what = what;
    }

    /** The next content's bytes ({@code ref}, as the plan has it); read them to the end before asking for the next. */
    InputStream open(ContentRef ref) throws IOException {
        int i = next++;
        plan.check(i, ref, what);
        if (!copiedFirst) {
            copiedFirst = true;
            copyFirst();
        }
        if (!plan.streamed(i)) {
            InputStream c = copies.open(ref.sha256());
            if (c == null) throw new IllegalStateException("content " + ref.sha256() + " was planned as copied"); // the plan copies what it does not stream
            return c;
        }
        moveTo(ref);
        ContentCopies.Copy copy = plan.namedAgain(i) ? copies.begin(ref.sha256(), ref.size()) : null;
        return new InputStream() {
            long left = ref.size();

            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                if (left == 0) return -1;
                int n = stream.read(b, off, (int) Math.min(len, left));
                if (n < 0) throw new InvalidInputException(Text.of("squash.content_cut_short", ref.sha256().substring(0, 12), ref.file()));
                if (copy != null) copy.write(b, off, n);
                left -= n;
                position += n;
                if (left == 0 && copy != null) copy.done();
                return n;
            }
        };
    }

    /** The stream at {@code ref}'s offset in its frame: the open frame if it is that one, else that frame opened. */
    private void moveTo(ContentRef ref) throws IOException {
        if (stream == null || !streamFile.equals(ref.file()) || streamFrame != ref.frame() || position > ref.offset()) {
            if (stream != null) stream.close();
            stream = null;
            stream = files.frame(ref.file(), ref.frame(), -1);
            streamFile = ref.file();
            streamFrame = ref.frame();
            position = 0;
        }
        try {
            stream.skipNBytes(ref.offset() - position);
        } catch (java.io.EOFException e) {
            throw new InvalidInputException(Text.of("squash.content_past_frame", ref.sha256().substring(0, 12), ref.file()));
        }
        position = ref.offset();
    }

    /** The contents the plan does not stream, copied out of their frames (sorted by frame and offset). */
    private void copyFirst() throws IOException {
        byte[] buf = null;
        for (ContentRef ref : plan.copiedFirst()) {
            if (buf == null) buf = new byte[BUFFER];
            moveTo(ref);
            ContentCopies.Copy copy = copies.begin(ref.sha256(), ref.size());
            for (long left = ref.size(); left > 0; ) {
                int n = stream.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new InvalidInputException(Text.of("squash.content_cut_short", ref.sha256().substring(0, 12), ref.file()));
                copy.write(buf, 0, n);
                left -= n;
                position += n;
            }
            copy.done();
        }
    }

    @Override public void close() throws IOException {
        try {
            if (stream != null) stream.close();
        } finally {
            stream = null;
            copies.close();
        }
    }
}
