package dev.ferry.app;

import dev.ferry.oci.Descriptor;
import dev.ferry.pack.TransmitPack;
import dev.ferry.ref.ImageReference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pack image-transmit wrote (its tar data files): images under their own names, with renames
 * and the target's repository applied; blobs left to a parent pack are checked at the target first.
 * Unless the pack is trusted, every blob entry is hashed before anything is pushed.
 */
final class TransmitPackFormat implements LoadFormat {
    @Override public boolean accepts(Path input) {
        return new FerryPackFormat().accepts(input) && TransmitPack.looksLikeTransmitMeta(input);
    }

    @Override public Opened open(Path input, Batch.Endpoint dst, Map<String, String> renames, Sinks sinks) throws IOException {
        TransmitPack pack = TransmitPack.open(input);
        List<Item> items = new ArrayList<>();
        for (TransmitPack.Image img : pack.images()) {
            String name = img.name().replaceFirst("^https?://", "");
            ImageReference carried = ImageReference.parse(name);
            String pathTag = carried.repository() + ":" + carried.tag().orElse("latest");
            String newName = renames.getOrDefault(pathTag, renames.getOrDefault(name, renames.get(img.name())));
            ImageReference t = Endpoints.loadTarget(dst, pathTag, carried, newName);
            String tag = t.tag().orElse("latest");
            String target = t.name() + ":" + tag;
            List<Map.Entry<Descriptor, String>> fromParents = new ArrayList<>();
            for (TransmitPack.ParentBlob pb : pack.parentBlobs(img.reference())) fromParents.add(Map.entry(pb.blob(), pb.parentMeta()));
            items.add(new Item(sinks.task(name + " -> " + target, pack, img.reference(), t, tag, name,
                    dst.isDaemon() ? dst.label() + ":" + target : target), fromParents));
        }
        // a squashfs pack's unpacked layers go as uncompressed tars: their images get new digests, said before anything is pushed
        return new Opened(items, (parallel, verifyFirst, chosen, progress) -> {
            if (verifyFirst) pack.verify(parallel, progress, chosen == null ? null : chosen.stream().map(i -> i.task().reference()).toList());
        }, pack, () -> pack.newDigests().stream().map(c -> new dev.ferry.pack.squash.DigestChange(c.image(), c.from(), c.to(), c.layers(), true)).toList());
    }
}
