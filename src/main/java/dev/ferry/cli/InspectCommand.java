package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.Session;
import dev.ferry.app.Inspection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code ferry inspect IMAGE}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Show an image's platforms, digests, sizes and layers.", ""})
final class InspectCommand extends LookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "REF, @NAME/REPO:TAG or oci:DIR[:TAG].")
    String image;

    @Option(names = "--raw", description = "Print the top manifest exactly as stored.")
    boolean raw;

    @Override public Integer call() throws Exception {
        try (SessionLease lease = session(image, false)) {
            Session ferry = lease.session();
            Inspection i = ferry.inspect(image);
            var out = ctx().out();
            if (raw) {
                out.print(new String(i.raw(), StandardCharsets.UTF_8));
                out.println();
            } else if (output == OutputFormat.JSON) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(i)));
            } else {
                var m = ctx().messages();
                out.println(i.reference());
                out.println("  " + m.get("inspect.digest", i.digest()));
                out.println("  " + m.get("inspect.media_type", i.mediaType()));
                for (Inspection.PlatformImage p : i.images()) {
                    out.println();
                    out.println("  " + (p.platform() == null ? m.get("inspect.unknown_platform") : p.platform()) + "  " + p.digest());
                    String size = Format.bytes(p.totalSize());
                    out.println("    " + (p.created() == null ? m.get("inspect.size_in", size, m.count(p.layers().size(), dev.ferry.app.Messages.Noun.LAYER))
                            : m.get("inspect.size_in_created", size, m.count(p.layers().size(), dev.ferry.app.Messages.Noun.LAYER), p.created())));
                    out.println("    " + m.get("inspect.config", p.config()));
                    for (Inspection.Layer l : p.layers()) out.println("    " + m.get("inspect.layer", l.digest(), Format.bytes(l.size())));
                }
                if (!i.referrers().isEmpty()) {
                    out.println();
                    out.println("  " + m.get("inspect.referrers", i.referrers().size()));
                    for (dev.ferry.oci.Referrer r : i.referrers()) {
                        String more = (r.tag() == null ? "" : "  " + m.get("inspect.referrer_tag", r.tag()))
                                + (r.created() == null ? "" : "  " + m.get("inspect.referrer_created", r.created()));
                        out.println("    " + m.get("inspect.referrer", r.artifactType() == null ? "-" : r.artifactType(), r.digest(), Format.bytes(r.manifest().size()), more));
                    }
                }
            }
            return Main.OK;
        }
    }

    static ObjectNode json(Inspection i) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("reference", i.reference());
        n.put("digest", i.digest().toString());
        n.put("mediaType", i.mediaType());
        n.put("size", i.size());
        var arr = n.putArray("images");
        for (Inspection.PlatformImage p : i.images()) {
            ObjectNode o = arr.addObject();
            o.put("platform", p.platform());
            o.put("digest", p.digest().toString());
            o.put("mediaType", p.mediaType());
            o.put("manifestSize", p.manifestSize());
            o.put("config", p.config().toString());
            o.put("totalSize", p.totalSize());
            o.put("created", p.created());
            var ls = o.putArray("layers");
            for (Inspection.Layer l : p.layers()) {
                ObjectNode lo = ls.addObject();
                lo.put("digest", l.digest().toString());
                lo.put("size", l.size());
                lo.put("mediaType", l.mediaType());
            }
        }
        var refs = n.putArray("referrers");
        for (dev.ferry.oci.Referrer r : i.referrers()) {
            ObjectNode o = refs.addObject();
            o.put("artifactType", r.artifactType());
            o.put("digest", r.digest().toString());
            o.put("mediaType", r.manifest().mediaType());
            o.put("size", r.manifest().size());
            o.put("tag", r.tag());
            o.put("created", r.created());
        }
        return n;
    }
}
