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
                      List<Path> leftovers) {
    public SaveJob {
        dataFiles = List.copyOf(dataFiles);
        leftovers = List.copyOf(leftovers);
    }

    /** The meta file written, or null when nothing was saved. */
    public Path metaFile() { return writtenMeta.get(); }
}
