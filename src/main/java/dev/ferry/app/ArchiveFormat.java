package dev.ferry.app;

import dev.ferry.ref.Text;
import dev.ferry.oci.Descriptor;
import dev.ferry.pack.ArchiveSource;
import dev.ferry.pack.OciLayout;
import dev.ferry.ref.ImageReference;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An OCI layout folder, or an OCI or docker archive made by another tool (skopeo, docker save,
 * ctr export): images under the names they carry (a bare tag takes the file's name as its repository).
 */
final class ArchiveFormat implements LoadFormat {
    @Override public boolean accepts(Path input) {
        return Files.isDirectory(input) || !new FerryPackFormat().accepts(input);
    }

    @Override public Opened open(Path p, Batch.Endpoint dst, Map<String, String> renames, Sinks sinks) throws IOException {
        ImageSource source;
        List<String[]> images = new ArrayList<>(); // {name as carried, reference in the source}
        if (Files.isDirectory(p)) {
            OciLayout layout = OciLayout.open(p);
            source = layout;
            for (Descriptor d : layout.images()) { // what refers to an image goes with it (--referrers), not as an image
                String n = d.annotations().get(OciLayout.REF_NAME);
                images.add(new String[]{n, n != null ? n : d.digest().toString()});
            }
        } else {
            ArchiveSource archive = ArchiveSource.open(p);
            source = archive;
            for (ArchiveSource.Entry e : archive.images()) images.add(new String[]{e.name(), e.manifest().digest().toString()});
        }
        if (images.isEmpty()) {
            SessionContext.closeQuietly(source);
            throw new BadInputException(Text.of("load.no_image", p));
        }
        String base = fileName(p).replaceAll("\\.(tar|oci|docker)$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        List<Item> items = new ArrayList<>();
        for (String[] img : images) {
            String carried = img[0];
            String pathTag;
            if (carried == null || carried.isBlank()) pathTag = base + ":latest";
            else if (!carried.contains("/") && !carried.contains(":")) pathTag = base + ":" + carried;
            else {
                ImageReference r = ImageReference.parse(carried);
                pathTag = r.repository() + ":" + r.tag().orElse("latest");
            }
            String newName = renames.getOrDefault(pathTag, renames.get(carried));
            ImageReference t = Endpoints.loadTarget(dst, pathTag, ImageReference.parse(pathTag), newName);
            String tag = t.tag().orElse("latest");
            String name = t.name() + ":" + tag;
            items.add(new Item(sinks.task(carried + " -> " + name, source, img[1], t, tag, carried == null ? p.toString() : carried,
                    dst.isDaemon() ? dst.label() + ":" + name : name), List.of()));
        }
        return new Opened(items, Check.NONE, source);
    }

    private static String fileName(Path p) {
        Path f = p.toAbsolutePath().normalize().getFileName();
        return f == null ? "image" : f.toString();
    }
}
