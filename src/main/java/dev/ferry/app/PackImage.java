package dev.ferry.app;

import dev.ferry.pack.Compression;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackReader;
import dev.ferry.pack.squash.SquashPackReader;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image in a pack ferry saved, named on the command line as {@code PACK_meta.yaml} (a pack of
 * one image) or {@code PACK_meta.yaml:IMAGE} (IMAGE: its name in the pack, as {@code load} shows it,
 * with or without the registry). Read where it lies: a squash pack's layers are rebuilt from their
 * recipes and read as tars, nothing is compressed.
 */
final class PackImage {
    private static final String META = "_meta.yaml";

    private PackImage() {}

    /** Whether {@code location} names a pack: a path ending in {@code _meta.yaml}, with an image after it or not. */
    static boolean names(String location) {
        return location != null && (location.endsWith(META) || location.contains(META + ":"));
    }

    static Analysis analyse(SessionContext ctx, String location, dev.ferry.oci.Platform platform) throws IOException {
        int at = location.lastIndexOf(META) + META.length();
        Path file = ctx.resolve(Path.of(location.substring(0, at)));
        String image = at < location.length() ? location.substring(at + 1) : null;
        if (!Files.isRegularFile(file)) throw new BadInputException(Text.of("analyse.pack_missing", file));
        PackMeta meta;
        try {
            meta = PackMeta.read(file);
        } catch (dev.ferry.pack.InvalidInputException e) {
            throw BadInputException.of(e);
        }
        PackMeta.Image img = pick(meta, file, image);
        String name = img.target();
        if (Compression.parse(meta.compression()).squash()) {
            try (SquashPackReader r = SquashPackReader.open(file)) {
                var source = r.asSaved();
                return LayerAnalysis.analyse(source, img.digest().toString(), name, platform, d -> {
                    var tar = r.layerTar(d.digest());
                    return tar != null ? tar : LayerSquash.uncompressed(source, d);
                });
            }
        }
        try (PackReader r = PackReader.open(file)) {
            return LayerAnalysis.analyse(r, img.digest().toString(), name, platform);
        }
    }

    private static PackMeta.Image pick(PackMeta meta, Path file, String image) {
        List<PackMeta.Image> all = meta.images();
        List<String> names = all.stream().map(PackMeta.Image::target).toList();
        if (image == null) {
            if (all.size() == 1) return all.get(0);
            throw new BadInputException(Text.of("analyse.pack_which", file, file.getFileName() + ":" + names.get(0), String.join(", ", names)));
        }
        for (PackMeta.Image i : all) {
            for (String n : new String[]{i.target(), i.source()}) {
                if (n != null && (n.equals(image) || n.endsWith("/" + image))) return i;
            }
        }
        throw new BadInputException(Text.of("analyse.pack_no_image", file, image, String.join(", ", names)));
    }
}
