package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.Analysis;
import dev.ferry.app.Session;
import dev.ferry.oci.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ferry analyse IMAGE}: where an image's size goes, without docker. */
@Command(name = "analyse", aliases = "analyze", mixinStandardHelpOptions = true,
        description = {"Show where an image's size goes: each layer's sizes and the command that made it, bytes wasted by files",
                "later layers overwrite or delete, files found in several layers, the largest files and directories.", ""},
        footer = {"", "Examples:", "  ferry analyse 10.45.80.1/public/app:1.0", "  ferry analyse oci:/data/layout:app --ci --max-wasted 20%",
                "  ferry analyse /data/release/img_full_20240101_meta.yaml:public/app:1.0"})
final class AnalyseCommand extends LookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "REF, @NAME/REPO:TAG, oci:DIR[:TAG], or a pack: PACK_meta.yaml[:IMAGE].")
    String image;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Of an index, this platform (default: linux/amd64, else the first).")
    String platform;

    @Option(names = "--ci", description = "Exit 1 when more than --max-wasted of the file bytes are wasted (for pipelines).")
    boolean ci;

    @Option(names = "--max-wasted", paramLabel = "PERCENT", defaultValue = "10%", description = "With --ci: the share of wasted bytes allowed (default: ${DEFAULT-VALUE}).")
    String maxWasted;

    @Override public Integer call() throws Exception {
        double limit = percent(maxWasted);
        try (SessionLease lease = session(image, false)) {
            Session ferry = lease.session();
            Analysis a = ferry.analyse(image, platform == null ? null : JobRun.platforms(java.util.List.of(platform)).get(0));
            var out = ctx().out();
            var m = ctx().messages();
            if (output == OutputFormat.JSON) {
                ObjectNode n = json(a);
                if (ci) n.put("maxWasted", limit).put("pass", a.wastedShare() <= limit);
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                out.println(m.get("analyse.image", a.image(), a.platform() == null ? "" : a.platform(), a.digest()));
                out.println();
                out.println(m.get("analyse.layers_head"));
                for (Analysis.Layer l : a.layers()) {
                    out.println(m.get("analyse.layer", pad(String.valueOf(l.index()), 3), pad(Format.bytes(l.size()), 11), pad(Format.bytes(l.uncompressed()), 13),
                            pad(String.valueOf(l.files()), 6), pad(Format.bytes(l.wasted()), 10), shorten(l.createdBy(), 70)));
                }
                out.println();
                out.println(m.get("analyse.summary", Format.bytes(a.fileBytes()), Format.bytes(a.wasted()), pct(a.wastedShare()),
                        Format.bytes(a.duplicateBytes()), a.duplicates().size(), pct(a.efficiency())));
                if (!a.duplicates().isEmpty()) {
                    out.println();
                    out.println(m.get("analyse.duplicates_head"));
                    for (Analysis.Duplicate d : a.duplicates().subList(0, Math.min(10, a.duplicates().size()))) {
                        out.println(m.get("analyse.duplicate", Format.bytes(d.size()), String.valueOf(d.places().size()),
                                String.join(", ", d.places().subList(0, Math.min(4, d.places().size()))) + (d.places().size() > 4 ? ", …" : "")));
                    }
                }
                out.println();
                out.println(m.get("analyse.files_head"));
                for (Analysis.Entry e : a.largestFiles()) out.println(m.get("analyse.file", Format.bytes(e.size()), String.valueOf(e.layer()), e.path()));
                out.println();
                out.println(m.get("analyse.dirs_head"));
                for (Analysis.Entry e : a.largestDirectories()) out.println(m.get("analyse.dir", Format.bytes(e.size()), e.path()));
                if (ci) {
                    out.println();
                    out.println(m.get(a.wastedShare() <= limit ? "analyse.ci_pass" : "analyse.ci_fail", pct(a.wastedShare()), pct(limit)));
                }
            }
            return ci && a.wastedShare() > limit ? Main.FAILED : Main.OK;
        }
    }

    private static double percent(String s) {
        String t = s.trim();
        boolean pc = t.endsWith("%");
        try {
            double v = Double.parseDouble(pc ? t.substring(0, t.length() - 1) : t);
            if (pc || v > 1) v /= 100;
            if (v < 0 || v > 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw UsageException.of("usage.max_wasted", s);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f%%", share * 100);
    }

    private static String shorten(String s, int max) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() <= max ? t : t.substring(0, max - 1) + "…";
    }

    static ObjectNode json(Analysis a) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.put("image", a.image());
        n.put("digest", a.digest().toString());
        n.put("platform", a.platform());
        n.put("fileBytes", a.fileBytes());
        n.put("wastedBytes", a.wasted());
        n.put("wastedShare", a.wastedShare());
        n.put("duplicateBytes", a.duplicateBytes());
        n.put("efficiency", a.efficiency());
        var ls = n.putArray("layers");
        for (Analysis.Layer l : a.layers()) {
            ls.addObject().put("index", l.index()).put("digest", l.digest().toString()).put("size", l.size()).put("uncompressedSize", l.uncompressed())
                    .put("files", l.files()).put("wastedBytes", l.wasted()).put("createdBy", l.createdBy());
        }
        var ds = n.putArray("duplicates");
        for (Analysis.Duplicate d : a.duplicates()) {
            ObjectNode o = ds.addObject().put("sha256", d.sha256()).put("size", d.size()).put("extraBytes", d.extra());
            d.places().forEach(o.putArray("places")::add);
        }
        var fs = n.putArray("largestFiles");
        for (Analysis.Entry e : a.largestFiles()) fs.addObject().put("path", e.path()).put("size", e.size()).put("layer", e.layer());
        var dirs = n.putArray("largestDirectories");
        for (Analysis.Entry e : a.largestDirectories()) dirs.addObject().put("path", e.path()).put("size", e.size());
        return n;
    }
}
