package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.pack.OciLayout;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import dev.ferry.registry.CallScope;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Looking around: tags, repositories, an image's manifests. Quick requests outside any job. */
final class Looks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SessionContext ctx;
    private final Places places;

    Looks(SessionContext ctx, Places places) {
        this.ctx = ctx;
        this.places = places;
    }

    List<String> tags(String location) throws IOException {
        ImageLocation loc = ctx.parse(location);
        if (loc instanceof ImageLocation.Layout l) return LayoutPlace.open(l.directory(), ctx.resolve(l.directory())).tags();
        if (!(loc instanceof ImageLocation.Registry r)) throw new BadInputException(Text.of("look.tags_of_what", location));
        ImageReference ref = r.reference();
        if (r.explicitTag() || ref.digest().isPresent()) {
            throw new BadInputException(Text.of("look.tags_of_image", location, ref.name()));
        }
        return ctx.client(ref.registry(), ref.repository(), CallScope.detached()).tags(ref.repository());
    }

    List<String> catalog(String registry, int max) throws IOException {
        String host = registry.trim();
        if (host.startsWith("@")) {
            String h = ctx.settings().names().get(host.substring(1));
            if (h == null) throw new BadInputException(Text.of("look.unknown_name", host.substring(1)));
            host = h;
        }
        return ctx.client(Registries.normaliseRegistry(host), CallScope.detached()).catalog(max);
    }

    /** Where the size of the image at {@code location} goes (see {@link Analysis}); every layer is read once. */
    Analysis analyse(String location, dev.ferry.oci.Platform platform) throws IOException {
        if (PackImage.names(location)) return PackImage.analyse(ctx, location, platform);
        ImageLocation loc = ctx.parse(location);
        Place.Opened e = places.of(loc).source(loc, CallScope.detached());
        try (ImageSource s = e.source()) {
            return LayerAnalysis.analyse(s, e.reference(), e.name(), platform);
        }
    }

    Inspection inspect(String location) throws IOException {
        ImageLocation loc = ctx.parse(location);
        Place.Opened e = places.of(loc).source(loc, CallScope.detached());
        try (ImageSource s = e.source()) {
            Manifest top = s.manifest(e.reference());
            List<Inspection.PlatformImage> images = new ArrayList<>();
            if (top instanceof ImageIndex idx) {
                for (Descriptor d : idx.manifests()) {
                    Manifest m = s.manifest(d);
                    if (m instanceof ImageManifest im) images.add(describe(s, im, d.platform() == null ? null : d.platform().toString()));
                }
            } else {
                images.add(describe(s, (ImageManifest) top, null));
            }
            return new Inspection(e.name(), top.mediaType(), top.digest(), top.size(), List.copyOf(images), top.bytes(), referrers(s, top));
        }
    }

    /** What refers to {@code top} at the source; a cosign tag's manifest is read to learn its type and annotations. */
    private static List<dev.ferry.oci.Referrer> referrers(ImageSource s, Manifest top) throws IOException {
        List<dev.ferry.oci.Referrer> out = new ArrayList<>();
        for (dev.ferry.oci.Referrer r : s.referrers(top.digest())) {
            if (r.tag() == null && r.artifactType() != null) {
                out.add(r);
                continue;
            }
            dev.ferry.oci.Referrer read = dev.ferry.oci.ReferrersIndex.of(s.manifest(r.manifest()));
            out.add(new dev.ferry.oci.Referrer(read.manifest(), read.artifactType(), r.tag()));
        }
        return List.copyOf(out);
    }

    private static Inspection.PlatformImage describe(ImageSource s, ImageManifest m, String platform) throws IOException {
        String created = null;
        Descriptor c = m.config();
        if (c.size() < 8 * 1024 * 1024 && c.mediaType() != null && (c.mediaType().contains("image.config") || c.mediaType().contains("container.image"))) {
            JsonNode n = JSON.readTree(s.readBlob(c)); // verified, and fetched again when the answer breaks
            if (platform == null && n.hasNonNull("os")) {
                platform = n.get("os").asText() + "/" + n.path("architecture").asText() + (n.hasNonNull("variant") ? "/" + n.get("variant").asText() : "");
            }
            created = n.path("created").asText(null);
        }
        List<Inspection.Layer> layers = m.layers().stream().map(d -> new Inspection.Layer(d.digest(), d.size(), d.mediaType())).toList();
        return new Inspection.PlatformImage(platform, m.digest(), m.mediaType(), m.size(), c.digest(), m.totalSize(), layers, created);
    }
}
