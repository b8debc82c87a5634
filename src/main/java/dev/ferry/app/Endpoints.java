package dev.ferry.app;

import dev.ferry.config.FerryConfig;
import dev.ferry.config.ImageListEntry;
import dev.ferry.config.ImageMapper;
import dev.ferry.config.Mapping;
import dev.ferry.config.RegistryEntry;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;

import java.util.ArrayList;
import java.util.List;

/**
 * Names to places, without touching the network: what {@code --from}/{@code --to} name, the
 * mapping of list entries to each target, and the names images get in a daemon or a pack.
 */
final class Endpoints {
    /** The host image names are mapped under when a list is saved: the target name is the path and tag alone. */
    static final String PACK_HOST = "pack.invalid";

    private Endpoints() {}

    /**
     * A registry named by {@code --from}/{@code --to}: a cfg.yaml name, or an address. Null means
     * the first source (or target) of cfg.yaml, as image-transmit does.
     */
    static Batch.Endpoint endpoint(FerryConfig config, String nameOrAddress, boolean target) {
        if (nameOrAddress == null || nameOrAddress.isBlank()) {
            List<RegistryEntry> list = target ? config.targets() : config.sources();
            if (list.isEmpty()) {
                String flag = target ? "--to" : "--from";
                throw new BadInputException(config.file() == null ? Text.of(target ? "endpoint.no_target_no_cfg" : "endpoint.no_source_no_cfg", flag)
                        : Text.of(target ? "endpoint.no_target" : "endpoint.no_source", flag, config.file()));
            }
            RegistryEntry e = list.get(0);
            return new Batch.Endpoint(e.name(), e.host(), target ? e.repository() : null);
        }
        String n = nameOrAddress.startsWith("@") ? nameOrAddress.substring(1) : nameOrAddress;
        if (target && (n.equals("docker") || n.equals("ctr") || n.equals("containerd") || n.startsWith("containerd:"))) {
            if (n.equals("docker")) return new Batch.Endpoint("docker", null, null, "docker", null);
            String ns = n.startsWith("containerd:") ? n.substring("containerd:".length()) : null;
            if (ns != null && !ns.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new BadInputException(Text.of("endpoint.containerd_namespace", ns));
            return new Batch.Endpoint(n, null, null, "containerd", ns);
        }
        var entry = config.registry(n);
        if (entry.isPresent()) {
            return new Batch.Endpoint(n, entry.get().host(), target ? entry.get().repository() : null);
        }
        String host = null;
        try {
            host = Registries.normaliseRegistry(nameOrAddress);
        } catch (IllegalArgumentException e) {
            // not an address either: told below with the names cfg.yaml knows
        }
        if (host != null && (host.contains(".") || host.contains(":") || host.equals("localhost"))) {
            return new Batch.Endpoint(nameOrAddress, host, null);
        }
        List<String> known = new ArrayList<>();
        config.sources().forEach(r -> known.add(r.name()));
        config.targets().forEach(r -> known.add(r.name()));
        throw new BadInputException(known.isEmpty() ? Text.of("endpoint.unknown_none", nameOrAddress)
                : Text.of("endpoint.unknown", nameOrAddress, String.join(", ", known)));
    }

    /**
     * Where entries are read from: {@code --from}, else cfg.yaml's first source; entries whose
     * sources are full references (images.json) are read from where they name when neither is given.
     */
    static Batch.Endpoint source(FerryConfig config, List<ImageListEntry> entries, String from) {
        boolean absolute = !entries.isEmpty() && entries.stream().allMatch(e -> e.extra().absolute());
        return absolute && (from == null || from.isBlank()) && config.sources().isEmpty()
                ? new Batch.Endpoint("", null, null) : endpoint(config, from, false);
    }

    /** Maps list entries to each target. */
    static List<Batch.Planned> plan(FerryConfig config, List<ImageListEntry> entries, String from, List<String> to) {
        return plan(config, entries, from, to, null);
    }

    /**
     * The same; {@code namespace}, when given, is every target's namespace ({@code --namespace}, in
     * place of cfg.yaml's {@code repository}). Entries whose sources are full references
     * (images.json) are read from where they name when no {@code --from} is given and cfg.yaml has no source.
     */
    static List<Batch.Planned> plan(FerryConfig config, List<ImageListEntry> entries, String from, List<String> to, String namespace) {
        Batch.Endpoint src = source(config, entries, from);
        List<Batch.Endpoint> dsts = new ArrayList<>();
        if (to == null || to.isEmpty()) dsts.add(endpoint(config, null, true));
        else for (String t : to) dsts.add(endpoint(config, t, true));
        if (namespace != null && !namespace.isBlank()) {
            dsts.replaceAll(d -> d.isDaemon() ? d : new Batch.Endpoint(d.label(), d.host(), namespace.strip(), d.daemon(), d.namespace()));
        }
        List<Batch.Planned> out = new ArrayList<>();
        for (Batch.Endpoint d : dsts) {
            for (ImageListEntry e : entries) {
                String written = e.target() == null ? e.source() : e.source() + " -> " + e.target();
                if (d.isDaemon()) {
                    // a daemon keeps the image's own full name, or the rename as docker reads it
                    ImageReference s0 = ImageMapper.map(e, src.host(), PACK_HOST, null).source();
                    out.add(new Batch.Planned(e.line(), written, s0, daemonName(s0, e.target()), d, e.extra().platforms(), e.extra().alsoTags()));
                    continue;
                }
                Mapping m = ImageMapper.map(e, src.host(), d.host(), d.repository());
                out.add(new Batch.Planned(e.line(), written, m.source(), m.target(), d, e.extra().platforms(), e.extra().alsoTags()));
            }
        }
        return out;
    }

    /** The name an image gets in a daemon: its own, or a rename read the way docker reads names (keeping the tag when none is given). */
    static ImageReference daemonName(ImageReference source, String rename) {
        if (rename == null) return source.digest().isPresent() && source.tag().isEmpty() ? source : source.withTag(source.tag().orElse("latest"));
        ImageReference r = ImageReference.parse(rename);
        return ImageLocation.hasExplicitTag(rename) ? r : r.withTag(source.tag().orElse("latest"));
    }

    /**
     * Where an image carried as {@code pathTag} (a pack's own name, {@code repo:tag}) goes at {@code dst}, renamed when
     * {@code newName} is given. The target's {@code repository:} applies only to a name as it was read ({@code carried}),
     * not to one renamed by a {@code ->} line when it was saved: the same rule as {@link #plan} for {@code sync}.
     */
    static ImageReference loadTarget(Batch.Endpoint dst, String pathTag, ImageReference carried, String newName) {
        if (dst.isDaemon()) return daemonName(carried, newName);
        ImageListEntry entry = new ImageListEntry(PACK_HOST + "/" + pathTag, newName, 0);
        boolean asRead = newName == null && ImageMapper.keptName(carried, pathTag);
        return ImageMapper.map(entry, PACK_HOST, dst.host(), asRead ? dst.repository() : null).target();
    }
}
