package dev.ferry.app;

import dev.ferry.config.ImageListEntry;
import dev.ferry.config.ImageMapper;
import dev.ferry.config.RepoSelector;
import dev.ferry.config.TagSelector;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Text;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryException;
import dev.ferry.spi.ErrorKind;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entries that name a choice of tags ({@code repo:/REGEX/}, {@code --all-repos}) made into one entry a
 * tag, by asking the source what it has: its catalog, each repository's tags, and (for
 * {@code --newest-by created}) each chosen tag's creation time.
 */
final class Expansion {
    /** Registries known to answer no catalog to anyone. */
    private static final Set<String> NO_CATALOG = Set.of("docker.io", "ghcr.io", "gcr.io", "quay.io", "registry.k8s.io", "public.ecr.aws");

    private final SessionContext ctx;
    private final Looks looks;

    Expansion(SessionContext ctx, Looks looks) {
        this.ctx = ctx;
        this.looks = looks;
    }

    /** Every entry with a tag selector replaced by one entry a chosen tag; the others as they are. */
    List<ImageListEntry> expand(List<ImageListEntry> entries, String from) throws IOException {
        if (entries.stream().noneMatch(ImageListEntry::selects)) return entries;
        Batch.Endpoint src = Endpoints.source(ctx.config(), entries, from);
        List<ImageListEntry> out = new ArrayList<>();
        for (ImageListEntry e : entries) {
            if (!e.selects()) {
                out.add(e);
                continue;
            }
            ImageReference repo = ImageMapper.source(new ImageListEntry(e.source(), null, e.line()), src.host());
            TagSelector sel = e.extra().tags();
            List<String> tags = ctx.client(repo.registry(), repo.repository(), CallScope.detached()).tags(repo.repository());
            Map<String, String> created = new LinkedHashMap<>();
            if (sel.byCreated()) {
                for (String t : tags) {
                    if (!sel.matches(t)) continue;
                    Inspection i = looks.inspect(repo.registry() + "/" + repo.repository() + ":" + t);
                    created.put(t, i.images().isEmpty() || i.images().get(0).created() == null ? "" : i.images().get(0).created());
                }
            }
            for (String t : sel.select(tags, created)) out.add(new ImageListEntry(e.source() + ":" + t, e.target(), e.line(), e.extra().chosen()));
        }
        return List.copyOf(out);
    }

    /** Every repository of the source's catalog that {@code repos} takes, each with {@code tags}' choice of its tags. */
    List<ImageListEntry> catalog(String from, RepoSelector repos, TagSelector tags) throws IOException {
        Batch.Endpoint src = Endpoints.endpoint(ctx.config(), from, false);
        if (NO_CATALOG.contains(src.host())) throw noCatalog(src.host(), null);
        List<String> names;
        try {
            names = ctx.client(src.host(), CallScope.detached()).catalog(0);
        } catch (RegistryException e) {
            if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.DENIED) throw noCatalog(src.host(), e);
            throw e;
        }
        List<ImageListEntry> entries = new ArrayList<>();
        for (String n : names) {
            if (repos.matches(n)) entries.add(new ImageListEntry(src.host() + "/" + n, null, 0, new ImageListEntry.Extra(List.of(), List.of(), false, false, tags)));
        }
        return expand(entries, from);
    }

    private static BadInputException noCatalog(String host, RegistryException cause) {
        return new BadInputException(cause == null ? Text.of("list.no_catalog", host) : Text.of("list.no_catalog_because", host, Text.of(cause)));
    }
}
