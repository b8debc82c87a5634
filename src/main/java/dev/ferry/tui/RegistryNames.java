package dev.ferry.tui;

import dev.ferry.app.Batch;
import dev.ferry.app.BadInputException;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.ImageList;
import dev.ferry.config.RegistryEntry;
import dev.ferry.ref.Registries;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How the browser names a registry to the session: a cfg.yaml name as {@code @NAME} (its address, scheme and
 * credentials come from cfg.yaml), anything else as an address; and where a repository lands at a target.
 */
final class RegistryNames {
    /** Targets that are daemons, not registries (as {@code --to} takes them). */
    private static final Set<String> DAEMONS = Set.of("docker", "containerd", "ctr");

    private final Session session;

    RegistryNames(Session session) {
        this.session = session;
    }

    /** cfg.yaml's registry names, then the source and the target when they are addresses (a daemon is no registry). */
    List<String> choices(String source, String target) {
        Set<String> out = new LinkedHashSet<>(session.config().names());
        if (source != null && !source.isBlank()) out.add(source);
        if (target != null && !target.isBlank() && !DAEMONS.contains(target) && !target.startsWith("containerd:")) out.add(target);
        return List.copyOf(out);
    }

    /** {@code nj  http://10.0.0.1:5000} for a cfg.yaml name, the address as it is otherwise. */
    String line(String r) {
        return session.config().registry(r).map(e -> r + "  " + e.address()).orElse(r);
    }

    boolean named(String r) {
        return session.config().registry(r).isPresent();
    }

    /** The registry as {@code catalog} takes it. */
    String catalog(String r) {
        return named(r) ? "@" + r : r;
    }

    /** A repository of the registry as {@code tags} and {@code inspect} take it. */
    String location(String r, String repo) {
        return (named(r) ? "@" + r : Registries.normaliseRegistry(r)) + "/" + repo;
    }

    /** The registry's host, as image references name it. */
    String host(String r) {
        return session.config().registry(r).map(RegistryEntry::host).orElseGet(() -> Registries.normaliseRegistry(r));
    }

    /** Where {@code repo} of {@code from} lands at {@code target} (its {@code repository:} applied), as the release would put it. */
    String targetLocation(String from, String repo, String target, Messages m) {
        Batch.Planned p = session.plan(ImageList.parse(repo + ":x", "browser"), from, List.of(target)).get(0);
        if (p.to().isDaemon()) throw new BadInputException(m.get("tui.browser.target_not_registry", target));
        return (named(target) ? "@" + target : p.target().registry()) + "/" + p.target().repository();
    }
}
