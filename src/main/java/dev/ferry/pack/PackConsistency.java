package dev.ferry.pack;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.ref.Text;

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
        List<Text> problems = problems(meta);
        if (problems.isEmpty()) return;
        throw new InvalidInputException(Text.of("packfile.contradicts_itself", metaFile, PackReader.lines(problems, MAX_SHOWN)));
    }

    static List<Text> problems(PackMeta meta) {
        List<Text> problems = new ArrayList<>();
        Map<Digest, PackMeta.Blob> blobs = new LinkedHashMap<>();
        for (PackMeta.Blob b : meta.blobs()) {
            if (blobs.put(b.digest(), b) != null) problems.add(Text.of("packfile.problem.listed_twice", b.digest()));
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
                            problems.add(Text.of("packfile.problem.blob_unlisted", i.target(), me.digest().shortForm(), d.digest()));
                        } else if (b.size() != d.size()) {
                            problems.add(Text.of("packfile.problem.blob_sizes", i.target(), d.digest().shortForm(), d.size(), me.digest().shortForm(), b.size()));
                        }
                    }
                } else if (m instanceof ImageIndex idx) {
                    for (Descriptor d : idx.manifests()) {
                        PackMeta.ManifestEntry child = manifests.get(d.digest());
                        if (child == null) {
                            problems.add(Text.of("packfile.problem.manifest_missing", i.target(), me.digest().shortForm(), d.digest()));
                        } else if (child.raw().getBytes(StandardCharsets.UTF_8).length != d.size()) {
                            problems.add(Text.of("packfile.problem.manifest_sizes", i.target(), d.digest().shortForm(), d.size(), me.digest().shortForm(),
                                    child.raw().getBytes(StandardCharsets.UTF_8).length));
                        }
                    }
                }
            }
        }
        problems.addAll(layout(meta, Compression.parse(meta.compression())));
        return problems;
    }

    /** Where the blobs lie: in each data file, frame after frame with no overlap. */
    private static List<Text> layout(PackMeta meta, Compression compression) {
        List<Text> problems = new ArrayList<>();
        Map<String, List<PackMeta.Blob>> byFile = new LinkedHashMap<>();
        for (PackMeta.Blob b : meta.blobs()) if (!b.inParent()) byFile.computeIfAbsent(b.file(), f -> new ArrayList<>()).add(b);
        for (var e : byFile.entrySet()) {
            List<PackMeta.Blob> in = new ArrayList<>(e.getValue());
            in.sort(Comparator.comparingLong(PackMeta.Blob::offset));
            PackMeta.Blob previous = null;
            for (PackMeta.Blob b : in) {
                long wanted = compression == Compression.NONE ? BLOCK + (b.size() + BLOCK - 1) / BLOCK * BLOCK : -1;
                if (wanted >= 0 && b.length() != wanted) {
                    problems.add(Text.of("packfile.problem.frame_length", b.digest().shortForm(), b.length(), e.getKey(), b.size(), wanted));
                } else if (b.length() == 0) {
                    problems.add(Text.of("packfile.problem.frame_empty", b.digest().shortForm(), e.getKey()));
                }
                if (previous != null && b.offset() < previous.offset() + previous.length()) {
                    problems.add(Text.of("packfile.problem.overlap", b.digest().shortForm(), b.offset(), e.getKey(), previous.digest().shortForm(),
                            previous.offset(), previous.length()));
                }
                if (previous == null || b.offset() + b.length() > previous.offset() + previous.length()) previous = b;
            }
        }
        return problems;
    }
}
