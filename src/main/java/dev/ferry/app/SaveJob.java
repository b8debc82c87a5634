package dev.ferry.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A running save: the job, and the pack's files (the meta file exists once the job has ended
 * with at least one image saved; until then every file of the pack ends in {@code .partial}).
 *
 * @param leftovers files in the pack's folder that saves which did not finish left behind (data
 *                  files without a meta file, {@code .partial} files no running ferry writes): to delete
 */
public record SaveJob(Job job, Path plannedMetaFile, List<Path> dataFiles, boolean dockerCompatible, Supplier<Path> writtenMeta,
                      List<Path> leftovers, Supplier<SquashReport> squash) {
    public SaveJob {
        dataFiles = List.copyOf(dataFiles);
        leftovers = List.copyOf(leftovers);
    }

    /**
     * What a squash pack did with its layers, once the meta file is written (else null): how many
     * keep their digests, get new ones on load, or were stored as blobs; file content bytes stored and found stored already.
     */
    public record SquashReport(int kept, int rebuilt, int blobs, long contentsStored, long contentsReused) {}

    /** The squash report, or null for other packs and before the meta file is written. */
    public SquashReport squashReport() { return squash.get(); }

    /** The meta file written, or null when nothing was saved. */
    public Path metaFile() { return writtenMeta.get(); }
}
