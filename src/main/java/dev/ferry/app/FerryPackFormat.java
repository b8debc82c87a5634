package dev.ferry.app;

import dev.ferry.engine.ImageTask;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.ImageManifest;
import dev.ferry.pack.Compression;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackReader;
import dev.ferry.pack.squash.SquashPackReader;
import dev.ferry.ref.ImageReference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pack ferry saved: its {@code _meta.yaml}, checked as a whole when it is opened. Before anything
 * is pushed every data file's size is checked and, unless the pack is trusted, every data file is
 * read once: its sha256, and every blob's tar header and digest. When only some images are loaded
 * ({@code load --image}) only the blobs they need are checked (their data files' sizes, each blob's
 * frame read where it lies: header and digest). A squash pack has every layer
 * rebuilt, compressed and pushed once first (checked as it streams, committed only when right); the
 * images whose layers get new digests are told.
 */
final class FerryPackFormat implements LoadFormat {
    @Override public boolean accepts(Path input) {
        String fn = input.getFileName() == null ? "" : input.getFileName().toString();
        return fn.endsWith(".yaml") || fn.endsWith(".yml");
    }

    @Override public Opened open(Path input, Batch.Endpoint dst, Map<String, String> renames, Sinks sinks) throws IOException {
        PackMeta meta = PackMeta.read(input);
        if (Compression.parse(meta.compression()).squash()) {
            SquashPackReader squash = SquashPackReader.open(input);
            List<Item> items = items(squash, meta, dst, renames, sinks);
            return new Opened(items, (parallel, verifyFirst, chosen, progress) -> {
                List<Item> loaded = chosen == null ? items : chosen;
                // the check pushes every layer the loaded images rebuild, once, before the engine pushes configs and manifests
                List<SquashPackReader.Target> targets = loaded.stream()
                        .map(i -> new SquashPackReader.Target(dev.ferry.oci.Digest.parse(i.task().reference()), i.task().sink())).toList();
                if (chosen != null) squash.choose(images(chosen));
                squash.verify(parallel, verifyFirst ? PackReader.Verification.BLOBS : PackReader.Verification.SIZES, progress);
                squash.push(targets, parallel, progress);
            }, squash, squash::digestChanges);
        }
        PackReader reader = PackReader.open(input);
        return new Opened(items(reader, reader.meta(), dst, renames, sinks), (parallel, verifyFirst, chosen, progress) -> reader.verify(parallel,
                verifyFirst ? PackReader.Verification.BLOBS : PackReader.Verification.SIZES, progress,
                chosen == null ? null : PackReader.blobsOf(reader.meta(), images(chosen))), reader);
    }

    /** The top digests of {@code items} (a task's reference is its image's digest in the pack). */
    private static java.util.Set<dev.ferry.oci.Digest> images(List<Item> items) {
        java.util.Set<dev.ferry.oci.Digest> out = new java.util.LinkedHashSet<>();
        for (Item i : items) out.add(dev.ferry.oci.Digest.parse(i.task().reference()));
        return out;
    }

    /**
     * One task per image of the pack, with the blobs it needs from parent packs. The names one saved
     * image was given (images.json's tags: one source, one digest, one repository) are one task
     * with the other tags as its {@link ImageTask#alsoTags()}: read and pushed once, one manifest
     * PUT per further tag.
     */
    private static List<Item> items(dev.ferry.spi.ImageSource reader, PackMeta meta, Batch.Endpoint dst, Map<String, String> renames, Sinks sinks) throws IOException {
        List<Item> items = new ArrayList<>();
        Map<String, Integer> groups = new java.util.HashMap<>();
        Map<dev.ferry.oci.Digest, PackMeta.Blob> index = meta.blobIndex();
        for (PackMeta.Image img : meta.images()) {
            String newName = renames.getOrDefault(img.target(), renames.get(img.source()));
            ImageReference carried = ImageReference.parse(img.source());
            // a daemon keeps the image's own name; with the tag the pack gave it (images.json's further tags are the same image)
            int colon = img.target().lastIndexOf(':');
            if (dst.isDaemon() && newName == null && colon > img.target().lastIndexOf('/') && carried.tag().isPresent()) {
                carried = carried.withTag(img.target().substring(colon + 1));
            }
            ImageReference t = Endpoints.loadTarget(dst, img.target(), carried, newName);
            String tag = t.tag().orElse(null);
            String group = img.source() + "\n" + img.digest() + "\n" + t.name();
            Integer at = tag == null ? null : groups.get(group);
            if (at != null) {
                ImageTask first = items.get(at).task();
                if (tag.equals(first.targetTag()) || first.alsoTags().contains(tag)) continue;
                List<String> also = new ArrayList<>(first.alsoTags());
                also.add(tag);
                items.set(at, new Item(new ImageTask(first.image(), first.source(), first.reference(), first.sink(), first.targetTag(),
                        first.sourceName(), first.targetName() + "," + tag, first.platforms(), also), items.get(at).parentBlobs(),
                        java.util.stream.Stream.concat(items.get(at).names().stream(), java.util.stream.Stream.of(img.target())).toList()));
                continue;
            }
            List<Map.Entry<Descriptor, String>> fromParents = new ArrayList<>();
            for (PackMeta.ManifestEntry me : img.allManifests()) {
                if (me.parse() instanceof ImageManifest im) {
                    for (Descriptor d : im.blobs()) {
                        PackMeta.Blob b = index.get(d.digest());
                        if (b != null && b.inParent()) fromParents.add(Map.entry(new Descriptor(b.mediaType(), b.digest(), b.size()), b.parent()));
                    }
                }
            }
            String name = tag == null ? t.name() : t.name() + ":" + tag;
            if (dst.isDaemon() && tag == null) tag = "latest";
            if (tag != null) groups.put(group, items.size());
            items.add(new Item(sinks.task(img.source() + " -> " + name, reader, img.digest().toString(), t, tag, img.target(),
                    dst.isDaemon() ? dst.label() + ":" + name : name), fromParents));
        }
        return items;
    }
}
