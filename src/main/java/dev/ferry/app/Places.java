package dev.ferry.app;

import dev.ferry.ref.Text;

import java.util.List;

/** The table of places: the one that accepts a location reads or writes it. */
final class Places {
    private final List<Place> table;

    Places(SessionContext ctx, Targets targets) {
        this.table = List.of(new RegistryPlace(ctx), new LayoutPlace(ctx), new DaemonPlace(ctx, targets));
    }

    Place of(ImageLocation location) {
        for (Place p : table) if (p.accepts(location)) return p;
        throw new BadInputException(Text.of("location.unknown_place", location.text()));
    }

    String sourceTag(ImageLocation location) {
        return of(location).sourceTag(location);
    }
}
