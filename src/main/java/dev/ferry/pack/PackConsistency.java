package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of a meta file as a whole, which no single field shows: what its manifests need
 * against what its blob list holds, and where its blobs lie in the data files. A pack that passes
 * can still hold damaged bytes (the load's verification reads them), but not a lie these three
 * catch before anything is read or pushed:
 * <ul>
 *   <li>a manifest needs a blob (or an index a manifest) the pack does not list;</li>
 *   <li>a blob's size in the blob list differs from the size its manifest gives;</li>
 *   <li>two blobs' frames overlap in a data file (an offset points into another blob), or a frame
 *       of an uncompressed pack is not the length its tar entry takes.</li>
 * </ul>
 */
final class PackConsistency {
    private static final int BLOCK = 512;
    private static final int MAX_SHOWN = 20;

    private PackConsistency() {}

    /** Throws naming every inconsistency (up to {@value #MAX_SHOWN}), or returns when there is none. */
    static void check(Path metaFile, PackMeta meta) throws InvalidInputException {
        List<String> problems = problems(meta);
        if (problems.isEmpty()) return;
        List<String> shown = problems.size() > MAX_SHOWN ? problems.subList(0, MAX_SHOWN) : problems;
        throw new InvalidInputException(metaFile + " contradicts itself, so the pack cannot be trusted and nothing was loaded:\n  "
                + String.join("\n  ", shown) + (problems.size() > shown.size() ? "\n  ... and " + (problems.size() - shown.size()) + " more" : "")
                + "\n  Save the pack again from its source; a meta file edited by hand must keep its manifests, blobs and offsets in agreement.");
    }

    static List<String> problems(PackMeta meta) {
        List<String> problems = new ArrayList<>();
        Map<Digest, PackMeta.Blob> blobs = new LinkedHashMap<>();
        for (PackMeta.Blob b : meta.blobs()) {
            if (blobs.put(b.digest(), b) != null) problems.add("blob " + b.digest() + " is listed twice under blobs");
        }
        Map<Digest, PackMeta.ManifestEntry> manifests = new HashMap<>();
        for (PackMeta.Image i : meta.images()) for (PackMeta.ManifestEntry m : i.allManifests()) manifests.putIfAbsent(m.digest(), m);
        for (PackMeta.Image i : meta.images()) {
            for (PackMeta.ManifestEntry me : i.allManifests()) {
                Manifest m = me.parse();
                if (m instanceof ImageManifest im) {
                    for (Descriptor d : im.blobs()) {
                        if (d.isForeign()) continue;
                        PackMeta.Blob b = blobs.get(d.digest());
                        if (b == null) {
                            problems.add("image " + i.target() + ": manifest " + me.digest().shortForm() + " needs blob " + d.digest()
                                    + ", which the pack does not list (in a data file or a parent pack)");
                        } else if (b.size() != d.size()) {
                            problems.add("image " + i.target() + ": blob " + d.digest().shortForm() + " is " + d.size() + " bytes in manifest "
                                    + me.digest().shortForm() + " but " + b.size() + " bytes under blobs");
                        }
                    }
                } else if (m instanceof ImageIndex idx) {
                    for (Descriptor d : idx.manifests()) {
                        PackMeta.ManifestEntry child = manifests.get(d.digest());
                        if (child == null) {
                            problems.add("image " + i.target() + ": index " + me.digest().shortForm() + " refers to manifest " + d.digest()
                                    + ", which the pack does not hold");
                        } else if (child.raw().getBytes(StandardCharsets.UTF_8).length != d.size()) {
                            problems.add("image " + i.target() + ": manifest " + d.digest().shortForm() + " is " + d.size() + " bytes in index "
                                    + me.digest().shortForm() + " but " + child.raw().getBytes(StandardCharsets.UTF_8).length + " bytes in the pack");
                        }
                    }
                }
            }
        }
        problems.addAll(layout(meta, Compression.parse(meta.compression())));
        return problems;
    }

    /** Where the blobs lie: in each data file, frame after frame with no overlap. */
    private static List<String> layout(PackMeta meta, Compression compression) {
        List<String> problems = new ArrayList<>();
        Map<String, List<PackMeta.Blob>> byFile = new LinkedHashMap<>();
        for (PackMeta.Blob b : meta.blobs()) if (!b.inParent()) byFile.computeIfAbsent(b.file(), f -> new ArrayList<>()).add(b);
        for (var e : byFile.entrySet()) {
            List<PackMeta.Blob> in = new ArrayList<>(e.getValue());
            in.sort(Comparator.comparingLong(PackMeta.Blob::offset));
            PackMeta.Blob previous = null;
            for (PackMeta.Blob b : in) {
                long wanted = compression == Compression.NONE ? BLOCK + (b.size() + BLOCK - 1) / BLOCK * BLOCK : -1;
                if (wanted >= 0 && b.length() != wanted) {
                    problems.add("blob " + b.digest().shortForm() + " has length " + b.length() + " in " + e.getKey()
                            + ", but a tar entry of " + b.size() + " bytes takes " + wanted);
                } else if (b.length() == 0) {
                    problems.add("blob " + b.digest().shortForm() + " has length 0 in " + e.getKey() + ": no frame can hold it");
                }
                if (previous != null && b.offset() < previous.offset() + previous.length()) {
                    problems.add("blob " + b.digest().shortForm() + " at offset " + b.offset() + " of " + e.getKey() + " points into blob "
                            + previous.digest().shortForm() + " (offset " + previous.offset() + ", length " + previous.length() + ")");
                }
                if (previous == null || b.offset() + b.length() > previous.offset() + previous.length()) previous = b;
            }
        }
        return problems;
    }
}
