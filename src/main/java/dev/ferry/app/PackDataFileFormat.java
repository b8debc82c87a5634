package dev.ferry.app;

import dev.ferry.pack.PackFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A data file of a ferry pack given where its meta file belongs: a pack is loaded from its
 * {@code _meta.yaml}. Without a meta file beside it, or still named {@code .partial} (a meta file
 * too), the file is what a save that did not finish left: the pack is incomplete. Refused with a message saying
 * which of these it is and what to do; an uncompressed single data file whose meta file is there
 * is left to {@link ArchiveFormat} (it may be a docker or OCI archive too).
 */
final class PackDataFileFormat implements LoadFormat {
    @Override public boolean accepts(Path input) {
        if (Files.isRegularFile(input) && PackFiles.isMetaFile(input) && PackFiles.isPartial(input)) return true;
        if (!Files.isRegularFile(input) || !PackFiles.isDataFile(input)) return false;
        if (PackFiles.isPartial(input)) return true;
        Path meta = PackFiles.metaOf(input).orElseThrow();
        return !Files.isRegularFile(meta) || !input.getFileName().toString().endsWith(".tar");
    }

    @Override public Opened open(Path input, Batch.Endpoint to, Map<String, String> renames, Sinks sinks) {
        if (PackFiles.isMetaFile(input)) {
            throw new BadInputException(input + " is the meta file of an incomplete pack: the save that wrote it stopped while finishing"
                    + " (.partial). Delete the pack's .partial files and run the save again.");
        }
        Path meta = PackFiles.metaOf(input).orElseThrow();
        if (PackFiles.isPartial(input)) {
            throw new BadInputException(input + " is an incomplete pack: a save was writing this data file when it stopped (.partial),"
                    + " and no meta file lists it. Delete it and run the save again.");
        }
        if (!Files.isRegularFile(meta)) {
            throw new BadInputException(input + " is a data file of an incomplete pack: its meta file " + meta.getFileName()
                    + " is not beside it (the save that wrote it did not finish, or the meta file was not copied)."
                    + " Copy the meta file beside it, or save the pack again.");
        }
        throw new BadInputException(input + " is a data file of the pack " + meta.getFileName() + "; load the pack from its meta file: ferry load " + meta);
    }
}
