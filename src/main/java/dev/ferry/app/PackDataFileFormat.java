package dev.ferry.app;

import dev.ferry.ref.Text;
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
            throw new BadInputException(Text.of("load.partial_meta", input));
        }
        Path meta = PackFiles.metaOf(input).orElseThrow();
        if (PackFiles.isPartial(input)) {
            throw new BadInputException(Text.of("load.partial_data", input));
        }
        if (!Files.isRegularFile(meta)) {
            throw new BadInputException(Text.of("load.data_without_meta", input, meta.getFileName()));
        }
        throw new BadInputException(Text.of("load.data_file_of", input, meta.getFileName(), meta));
    }
}
