package dev.ferry.app;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A running save: the job, and the pack's files (the meta file exists once the job has ended
 * with at least one image saved).
 */
public record SaveJob(Job job, Path plannedMetaFile, List<Path> dataFiles, boolean dockerCompatible, Supplier<Path> writtenMeta) {
    /** The meta file written, or null when nothing was saved. */
    public Path metaFile() { return writtenMeta.get(); }
}
