package dev.ferry.pack.squash;

import dev.ferry.pack.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one rebuild reads its contents, planned from its recipe before the first byte: zstd frames
 * cannot be entered in the middle, so every read that goes back in a frame decompresses it again
 * from its start. A layer's own new contents lie in its own frames in the order it reads them, so
 * those are streamed (one frame open at a time, a frame once left never entered again); a content
 * that lies elsewhere (in another layer's frame, read in that layer's order, or behind the stream)
 * is copied out first, each such frame read once in offset order; a content named again is copied
 * the first time it is read. So each frame is decompressed at most twice per layer, not once per
 * content that goes back.
 */
final class ContentPlan {
    private final List<String> frameFiles = new ArrayList<>();
    private final List<Long> frameStarts = new ArrayList<>();
    private int n;
    private int[] frame = new int[256];
    private long[] offset = new long[256];
    private long[] size = new long[256];
    private int[] content = new int[256];
    /** The distinct contents by sha256, four longs each, and how often the recipe names each (compact: a layer may name a million). */
    private final ShaTable shas = new ShaTable();
    private int[] uses = new int[256];
    /** Per reference: read from the stream (set) or from a copy. */
    private final BitSet streamed = new BitSet();

    /** The plan for the recipe {@code recipe} holds (it is read to its end here). */
    static ContentPlan of(InputStream recipe) throws IOException {
        ContentPlan p = new ContentPlan();
        Recipe.Reader r = new Recipe.Reader(recipe);
        Map<String, Integer> frames = new HashMap<>();
        for (Recipe.Op op; !((op = r.next()) instanceof Recipe.End); ) {
            if (!(op instanceof Recipe.Content c)) continue;
            ContentRef ref = c.ref();
            int f = frames.computeIfAbsent(ref.file() + '\0' + ref.frame(), k -> {
                p.frameFiles.add(ref.file());
                p.frameStarts.add(ref.frame());
                return p.frameFiles.size() - 1;
            });
            p.add(f, ref.offset(), ref.size(), p.shas.id(ref.sha256()));
        }
        p.plan();
        return p;
    }

    private void add(int f, long off, long len, int id) {
        if (n == frame.length) {
            int m = n * 2;
            frame = Arrays.copyOf(frame, m);
            offset = Arrays.copyOf(offset, m);
            size = Arrays.copyOf(size, m);
            content = Arrays.copyOf(content, m);
        }
        if (id >= uses.length) uses = Arrays.copyOf(uses, Math.max(id + 1, uses.length * 2));
        uses[id]++;
        frame[n] = f;
        offset[n] = off;
        size[n] = len;
        content[n++] = id;
    }

    /**
     * Greedy, in the recipe's order: a content follows the stream when it lies ahead in the frame
     * being streamed; the stream moves on to another frame when that frame has more bytes left to
     * give than the current one (a layer's own frames, one after another); anything else is copied.
     */
    private void plan() {
        long[] left = new long[frameFiles.size()];
        boolean[] seen = new boolean[shas.size()];
        for (int i = 0; i < n; i++) {
            if (!seen[content[i]]) left[frame[i]] += size[i];
            seen[content[i]] = true;
        }
        Arrays.fill(seen, false);
        boolean[] leftBehind = new boolean[left.length];
        int current = -1;
        long position = 0;
        for (int i = 0; i < n; i++) {
            int id = content[i], f = frame[i];
            if (seen[id]) continue; // copied when it was first read
            seen[id] = true;
            left[f] -= size[i];
            if (f != current && !leftBehind[f] && (current < 0 || left[f] + size[i] > left[current])) {
                if (current >= 0) leftBehind[current] = true;
                current = f;
                position = 0;
            }
            if (f == current && offset[i] >= position) {
                streamed.set(i);
                position = offset[i] + size[i];
            }
        }
    }

    int references() { return n; }

    boolean streamed(int i) { return streamed.get(i); }

    /** Whether the content of reference {@code i} is named more than once (so its first read is kept). */
    boolean namedAgain(int i) { return uses[content[i]] > 1; }

    /** Whether reference {@code i} is the content {@code ref} names (the recipe read again must be the one planned). */
    void check(int i, ContentRef ref, String what) throws InvalidInputException {
        if (i >= n || !frameFiles.get(frame[i]).equals(ref.file()) || frameStarts.get(frame[i]) != ref.frame()
                || offset[i] != ref.offset() || size[i] != ref.size() || !shas.is(content[i], ref.sha256())) {
            throw new InvalidInputException(dev.ferry.ref.Text.of("squash.recipe_changed", what));
        }
    }

    /** The references to copy before streaming (the first of each content), by frame and offset. */
    List<ContentRef> copiedFirst() {
        boolean[] seen = new boolean[shas.size()];
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (seen[content[i]]) continue;
            seen[content[i]] = true;
            if (!streamed.get(i)) out.add(i);
        }
        out.sort((a, b) -> frame[a] != frame[b] ? Integer.compare(frame[a], frame[b]) : Long.compare(offset[a], offset[b]));
        List<ContentRef> refs = new ArrayList<>(out.size());
        for (int i : out) refs.add(new ContentRef(shas.hex(content[i]), size[i], frameFiles.get(frame[i]), frameStarts.get(frame[i]), offset[i]));
        return refs;
    }

    /** sha256s (hex in, hex out) to dense ids: open addressing over four longs per content. */
    private static final class ShaTable {
        private long[] keys = new long[4 * 256];
        private int count;
        private int[] slots = new int[512];

        int size() { return count; }

        int id(String hex) {
            long a = Long.parseUnsignedLong(hex, 0, 16, 16), b = Long.parseUnsignedLong(hex, 16, 32, 16),
                    c = Long.parseUnsignedLong(hex, 32, 48, 16), d = Long.parseUnsignedLong(hex, 48, 64, 16);
            int mask = slots.length - 1;
            for (int h = (int) a & mask; ; h = (h + 1) & mask) {
                int at = slots[h] - 1;
                if (at < 0) {
                    if (4 * (count + 1) > keys.length) keys = Arrays.copyOf(keys, keys.length * 2);
                    keys[4 * count] = a;
                    keys[4 * count + 1] = b;
                    keys[4 * count + 2] = c;
                    keys[4 * count + 3] = d;
                    slots[h] = ++count;
                    if (2 * count > slots.length) grow();
                    return count - 1;
                }
                if (keys[4 * at] == a && keys[4 * at + 1] == b && keys[4 * at + 2] == c && keys[4 * at + 3] == d) return at;
            }
        }

        private void grow() {
            int[] old = slots;
            slots = new int[old.length * 2];
            int mask = slots.length - 1;
            for (int v : old) {
                if (v == 0) continue;
                int h = (int) keys[4 * (v - 1)] & mask;
                while (slots[h] != 0) h = (h + 1) & mask;
                slots[h] = v;
            }
        }

        boolean is(int id, String hex) {
            if (hex.length() != 64) return false;
            try {
                for (int k = 0; k < 4; k++) if (keys[4 * id + k] != Long.parseUnsignedLong(hex, 16 * k, 16 * k + 16, 16)) return false;
            } catch (NumberFormatException e) {
                return false;
            }
            return true;
        }

        String hex(int id) {
            StringBuilder sb = new StringBuilder(64);
            for (int k = 0; k < 4; k++) {
                String part = Long.toHexString(keys[4 * id + k]);
                sb.append("0".repeat(16 - part.length())).append(part);
            }
            return sb.toString();
        }
    }
}
