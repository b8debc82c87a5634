package dev.ferry.app;

import dev.ferry.pack.InvalidInputException;
import dev.ferry.pack.OciLayout;
import dev.ferry.ref.Text;
import dev.ferry.registry.CallScope;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** An OCI image-layout directory: {@code oci:DIR[:TAG]}, {@code oci:DIR@DIGEST}. */
final class LayoutPlace implements Place {
    private final SessionContext ctx;

    LayoutPlace(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override public boolean accepts(ImageLocation location) {
        return location instanceof ImageLocation.Layout;
    }

    @Override public String sourceTag(ImageLocation location) {
        String ref = ((ImageLocation.Layout) location).reference();
        return ref == null || ref.contains(":") ? null : ref;
    }

    /** The layout the person named {@code oci:written} (at {@code dir}): a missing folder, or one that is no layout, is bad input. */
    static OciLayout open(Object written, java.nio.file.Path dir) throws IOException {
        try {
            return OciLayout.open(dir);
        } catch (NoSuchFileException e) {
            throw new BadInputException(Text.of("layout.no_folder", "oci:" + written, dir));
        } catch (InvalidInputException e) {
            throw BadInputException.of(e);
        }
    }

    /** A folder that is missing or no layout, or a tag the layout lacks, is bad input: said before anything moves. */
    @Override public Opened source(ImageLocation location, CallScope scope) throws IOException {
        ImageLocation.Layout l = (ImageLocation.Layout) location;
        OciLayout layout = open(l.directory(), dir(l));
        String ref = l.reference();
        if (ref != null && !ref.contains(":")) {
            List<String> tags = layout.tags();
            if (!tags.contains(ref)) {
                throw new BadInputException(tags.isEmpty() ? Text.of("layout.no_tag_none", "oci:" + l.directory(), ref)
                        : Text.of("layout.no_tag", "oci:" + l.directory(), ref, String.join(", ", tags)));
            }
        }
        return Opened.source("oci:" + l.directory() + (ref == null ? "" : (ref.contains(":") ? "@" : ":") + ref), layout, ref);
    }

    @Override public Opened sink(ImageLocation location, ImageLocation source, Places places, CallScope scope) throws IOException {
        ImageLocation.Layout l = (ImageLocation.Layout) location;
        if (l.reference() != null && l.reference().contains(":")) {
            throw new BadInputException(Text.of("layout.target_digest", l.text()));
        }
        String st = places.sourceTag(source);
        String tag = l.reference() != null ? l.reference() : st != null ? st : "latest";
        return Opened.sink("oci:" + l.directory() + ":" + tag, OciLayout.create(dir(l)), tag);
    }

    private Path dir(ImageLocation.Layout l) {
        return ctx.resolve(l.directory());
    }
}
