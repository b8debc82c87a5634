package dev.ferry.pack.squash;

import dev.ferry.ref.Localized;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Unsigned LEB128 numbers, as recipes write them. */
final class Varints {
    private Varints() {}

    /** The recipe ends inside a number: an end of file that says so in the catalogue's words. */
    private static final class CutShort extends EOFException implements Localized {
        private final transient Text text;

        CutShort(Text text) {
            super(text.english());
            this.text = text;
        }

        @Override public Text text() { return text; }
    }

    static void write(OutputStream out, long v) throws IOException {
        if (v < 0) throw new IllegalArgumentException("negative: " + v);
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static long read(InputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.read();
            if (b < 0) throw new CutShort(Text.of("squash.recipe_number_cut"));
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
        throw new LocalizedIOException(Text.of("squash.recipe_number_long"));
    }
}
