package dev.ferry.app;

import dev.ferry.oci.Digest;

import java.util.List;

/**
 * Where an image's size goes ({@code ferry analyse}): per layer its sizes and the command that made
 * it; bytes of files that later layers overwrite or delete (wasted: they are pulled and stored but
 * never seen); file contents found in several layers; the largest files and directories of the
 * final tree.
 *
 * @param fileBytes  the bytes of every regular file in every layer
 * @param wasted     bytes of files a later layer overwrites or deletes
 * @param efficiency {@code 1 - wasted / fileBytes} (1 when nothing is wasted)
 */
public record Analysis(String image, Digest digest, String platform, List<Layer> layers, long fileBytes, long wasted, double efficiency,
                       List<Duplicate> duplicates, List<Entry> largestFiles, List<Entry> largestDirectories) {
    public Analysis {
        layers = List.copyOf(layers);
        duplicates = List.copyOf(duplicates);
        largestFiles = List.copyOf(largestFiles);
        largestDirectories = List.copyOf(largestDirectories);
    }

    /** One layer: compressed and uncompressed size, the history command that made it, and what of it later layers waste. */
    public record Layer(int index, Digest digest, long size, long uncompressed, int files, String createdBy, long wasted) {}

    /** One content found in several layers: its size, the layers and paths holding it; {@code extra} bytes beyond the first copy. */
    public record Duplicate(String sha256, long size, List<String> places, long extra) {}

    /** A file or directory of the final tree, with its size and the layer it (last) came from (-1 for a directory). */
    public record Entry(String path, long size, int layer) {}

    /** The share of the file bytes wasted, 0 to 1. */
    public double wastedShare() { return fileBytes == 0 ? 0 : (double) wasted / fileBytes; }

    /** Bytes of the copies beyond the first of every duplicated content. */
    public long duplicateBytes() { return duplicates.stream().mapToLong(Duplicate::extra).sum(); }
}
