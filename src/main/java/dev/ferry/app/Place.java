package dev.ferry.app;

import dev.ferry.registry.CallScope;
import dev.ferry.spi.ImageSink;
import dev.ferry.spi.ImageSource;

import java.io.IOException;

/**
 * One kind of place an image can be named at on the command line (a registry, an OCI layout, a
 * daemon): how to read from it and write to it. {@link Places} holds the table of them.
 */
interface Place {
    /** Whether this place reads {@code location}. */
    boolean accepts(ImageLocation location);

    /** An image source there, with the reference to read; a target-only place refuses (bad input). */
    Opened source(ImageLocation location, CallScope scope) throws IOException;

    /** A sink there for an image read from {@code source} (whose tag a target without one keeps). */
    Opened sink(ImageLocation location, ImageLocation source, Places places, CallScope scope) throws IOException;

    /** The tag {@code location} names as a source, if any (none when a digest pins it). */
    default String sourceTag(ImageLocation location) { return null; }

    /** Whether blobs read from here go through the blob cache (a layout is on disk already). */
    default boolean cached() { return false; }

    /** An opened end of a copy: its name for the report, and the source with its reference or the sink with its tag. */
    record Opened(String name, ImageSource source, String reference, ImageSink sink, String tag) {
        static Opened source(String name, ImageSource s, String reference) {
            return new Opened(name, s, reference, null, null);
        }

        static Opened sink(String name, ImageSink s, String tag) {
            return new Opened(name, null, null, s, tag);
        }
    }
}
