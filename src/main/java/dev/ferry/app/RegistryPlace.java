package dev.ferry.app;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Text;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryImageSink;
import dev.ferry.registry.RegistryImageSource;

import java.io.IOException;

/** A repository of a registry: {@code REF}, {@code docker://REF}, {@code @NAME/REPO:TAG}. */
final class RegistryPlace implements Place {
    private final SessionContext ctx;

    RegistryPlace(SessionContext ctx) {
        this.ctx = ctx;
    }

    @Override public boolean accepts(ImageLocation location) {
        return location instanceof ImageLocation.Registry;
    }

    @Override public boolean cached() { return true; }

    @Override public String sourceTag(ImageLocation location) {
        ImageReference r = ((ImageLocation.Registry) location).reference();
        return r.digest().isPresent() ? null : r.tag().orElse(null);
    }

    @Override public Opened source(ImageLocation location, CallScope scope) throws IOException {
        ImageReference ref = ((ImageLocation.Registry) location).reference();
        return Opened.source(ref.toString(), new RegistryImageSource(ctx.client(ref.registry(), ref.repository(), scope), ref.repository()), ref.reference());
    }

    @Override public Opened sink(ImageLocation location, ImageLocation source, Places places, CallScope scope) throws IOException {
        ImageLocation.Registry r = (ImageLocation.Registry) location;
        ImageReference ref = r.reference();
        if (ref.digest().isPresent()) {
            throw new BadInputException(Text.of("location.target_digest", r.text()));
        }
        // no tag of its own: the source's, or none (a by-digest source is written by digest only)
        String tag = r.explicitTag() ? ref.tag().orElse(null) : places.sourceTag(source);
        String name = tag == null ? ref.name() : ref.withTag(tag).toString();
        return Opened.sink(name, new RegistryImageSink(ctx.client(ref.registry(), ref.repository(), scope), ref.repository()), tag);
    }
}
