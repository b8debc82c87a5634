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
        try {
            String host = Registries.normaliseRegistry(nameOrAddress);
            if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) throw new IllegalArgumentException("bare name");
            return new Batch.Endpoint(nameOrAddress, host, null);
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            config.sources().forEach(r -> known.add(r.name()));
            config.targets().forEach(r -> known.add(r.name()));
            throw new BadInputException(known.isEmpty() ? Text.of("endpoint.unknown_none", nameOrAddress)
                    : Text.of("endpoint.unknown", nameOrAddress, String.join(", ", known)));
        }
    }

    /** Maps list entries to each target. */
    static List<Batch.Planned> plan(FerryConfig config, List<ImageListEntry> entries, String from, List<String> to) {
        Batch.Endpoint src = endpoint(config, from, false);
        List<Batch.Endpoint> dsts = new ArrayList<>();
        if (to == null || to.isEmpty()) dsts.add(endpoint(config, null, true));
        else for (String t : to) dsts.add(endpoint(config, t, true));
        List<Batch.Planned> out = new ArrayList<>();
        for (Batch.Endpoint d : dsts) {
            for (ImageListEntry e : entries) {
                String written = e.target() == null ? e.source() : e.source() + " -> " + e.target();
                if (d.isDaemon()) {
                    // a daemon keeps the image's own full name, or the rename as docker reads it
                    ImageReference s0 = ImageMapper.map(e, src.host(), PACK_HOST, null).source();
                    out.add(new Batch.Planned(e.line(), written, s0, daemonName(s0, e.target()), d));
                    continue;
                }
                Mapping m = ImageMapper.map(e, src.host(), d.host(), d.repository());
                out.add(new Batch.Planned(e.line(), written, m.source(), m.target(), d));
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

    /** Where an image carried as {@code pathTag} (a pack's own name, {@code repo:tag}) goes at {@code dst}, renamed when {@code newName} is given. */
    static ImageReference loadTarget(Batch.Endpoint dst, String pathTag, ImageReference carried, String newName) {
        if (dst.isDaemon()) return daemonName(carried, newName);
        ImageListEntry entry = new ImageListEntry(PACK_HOST + "/" + pathTag, newName, 0);
        return ImageMapper.map(entry, PACK_HOST, dst.host(), newName == null ? dst.repository() : null).target();
    }
}
