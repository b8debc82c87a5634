package dev.ferry.app;

import java.util.List;

/** The table of places: the one that accepts a location reads or writes it. */
final class Places {
    private final List<Place> table;

    Places(SessionContext ctx, Targets targets) {
        this.table = List.of(new RegistryPlace(ctx), new LayoutPlace(ctx), new DaemonPlace(ctx, targets));
    }

    Place of(ImageLocation location) {
        for (Place p : table) if (p.accepts(location)) return p;
        throw new BadInputException("\"" + location.text() + "\" is no place ferry knows");
    }

    String sourceTag(ImageLocation location) {
        return of(location).sourceTag(location);
    }
}
