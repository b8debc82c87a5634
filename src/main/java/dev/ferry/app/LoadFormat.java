package dev.ferry.app;

import dev.ferry.engine.ImageTask;
import dev.ferry.oci.Descriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One kind of input {@code load} reads: ferry's packs, image-transmit's packs, OCI layouts,
 * OCI/docker archives. {@link LoadJobs} picks the first of its table that accepts the input.
 */
interface LoadFormat {
    boolean accepts(Path input);

    /** The images of {@code input}, each mapped to {@code to} with {@code renames} applied, and the check to run before any is pushed. */
    Opened open(Path input, Batch.Endpoint to, Map<String, String> renames, Sinks sinks) throws IOException;

    /** Makes the sink of one image, in the job's scope for that image. */
    @FunctionalInterface
    interface Sinks {
        ImageTask task(String image, dev.ferry.spi.ImageSource source, String reference, dev.ferry.ref.ImageReference target,
                       String tag, String sourceName, String targetName) throws IOException;
    }

    /**
     * Checks the input before anything is pushed ({@code parallel} files at once); throws when it is
     * damaged. {@code verifyFirst}: read all of it, every blob hashed (the default for packs); else
     * only what is cheap to check, leaving the blobs to be hashed as they stream. {@code chosen}: the
     * items a selection keeps ({@code load --image}), whose blobs alone a format may check; null when
     * the whole input is loaded (and checked as a whole).
     */
    @FunctionalInterface
    interface Check {
        Check NONE = (parallel, verifyFirst, chosen, progress) -> { };

        void run(int parallel, boolean verifyFirst, List<Item> chosen, dev.ferry.pack.PackReader.Progress progress) throws IOException;
    }

    /**
     * An image to load and the blobs it needs from parent packs (descriptor, and the parent meta holding it);
     * {@code names}: every name of the input it stands for (the task's source name first, then the further tags of
     * the same image that one task writes), any of which selects it.
     */
    record Item(ImageTask task, List<Map.Entry<Descriptor, String>> parentBlobs, List<String> names) {
        Item(ImageTask task, List<Map.Entry<Descriptor, String>> parentBlobs) {
            this(task, parentBlobs, List.of(task.sourceName()));
        }
    }

    /** Images whose digests change on load (a squash pack's), known once the check has run. */
    @FunctionalInterface
    interface Changes {
        List<dev.ferry.pack.squash.DigestChange> get() throws IOException;
    }

    /** What an input holds. {@code close} closes its source. */
    record Opened(List<Item> items, Check check, AutoCloseable source, Changes changes) {
        Opened(List<Item> items, Check check, AutoCloseable source) {
            this(items, check, source, List::of);
        }
    }
}
