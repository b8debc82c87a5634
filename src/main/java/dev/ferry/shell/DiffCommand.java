package dev.ferry.shell;

import dev.ferry.app.Inspection;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.Format;
import dev.ferry.spi.ErrorKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code diff SRC DST}: two repositories compared tag by tag — tags only on one side, tags whose digests differ — and
 * the layer bytes a sync from SRC to DST would move (layers of the missing or different images that no image of DST
 * has). A DST that does not exist yet has no tags. Two registries: their repositories and tags (see {@link #registries}).
 * Exit status 0 when the two are the same, 1 when they differ.
 */
@Command(name = "diff", mixinStandardHelpOptions = true)
final class DiffCommand implements Callable<Integer> {
    private final Shell shell;
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "SRC") String source;
    @Parameters(index = "1", paramLabel = "DST") String target;

    DiffCommand(Shell shell, CliContext ctx) {
        this.shell = shell;
        this.ctx = ctx;
    }

    /** One side: each tag's digest, and the layers of all its images. */
    private record Side(String repository, Map<String, Inspection> images) {
        Set<String> layers() {
            Set<String> out = new HashSet<>();
            for (Inspection i : images.values()) for (Inspection.PlatformImage p : i.images()) for (Inspection.Layer l : p.layers()) out.add(l.digest().toString());
            return out;
        }
    }

    @Override public Integer call() throws Exception {
        String from = shell.state.repository(source), to = shell.state.repository(target);
        if (!from.contains("/") && !to.contains("/")) return registries(from, to);
        Side a = side(from, false);
        Side b = side(to, true);
        var m = ctx.messages();
        List<String> onlyA = new ArrayList<>(), onlyB = new ArrayList<>(), differ = new ArrayList<>();
        int same = 0;
        for (String tag : new TreeSet<>(a.images.keySet())) {
            Inspection other = b.images.get(tag);
            if (other == null) onlyA.add(tag);
            else if (!other.digest().equals(a.images.get(tag).digest())) differ.add(tag);
            else same++;
        }
        for (String tag : new TreeSet<>(b.images.keySet())) if (!a.images.containsKey(tag)) onlyB.add(tag);
        var out = ctx.out();
        out.println(m.get("shell.diff_only", a.repository, onlyA.size(), String.join(" ", onlyA)).stripTrailing());
        out.println(m.get("shell.diff_only", b.repository, onlyB.size(), String.join(" ", onlyB)).stripTrailing());
        out.println(m.get("shell.diff_differ", differ.size(), String.join(" ", differ)).stripTrailing());
        out.println(m.get("shell.diff_same", same));
        Set<String> there = b.layers();
        Map<String, Long> toMove = new LinkedHashMap<>();
        for (String tag : onlyA) collect(a.images.get(tag), there, toMove);
        for (String tag : differ) collect(a.images.get(tag), there, toMove);
        long bytes = toMove.values().stream().mapToLong(Long::longValue).sum();
        out.println(m.get("shell.diff_bytes", Format.bytes(bytes), toMove.size()));
        return onlyA.isEmpty() && onlyB.isEmpty() && differ.isEmpty() ? 0 : 1;
    }

    /**
     * Two registries: the repositories only on one side (from their catalogs), and for each repository on both, the
     * tags only on one side. Digests are not compared here (one request per tag): {@code diff REPO REPO} does that.
     */
    private int registries(String a, String b) throws Exception {
        var m = ctx.messages();
        var out = ctx.out();
        TreeSet<String> left = new TreeSet<>(shell.session.catalog(a, 0)), right = new TreeSet<>(shell.session.catalog(b, 0));
        List<String> onlyA = left.stream().filter(r -> !right.contains(r)).toList();
        List<String> onlyB = right.stream().filter(r -> !left.contains(r)).toList();
        out.println(m.get("shell.diff_only", a, onlyA.size(), String.join(" ", onlyA)).stripTrailing());
        out.println(m.get("shell.diff_only", b, onlyB.size(), String.join(" ", onlyB)).stripTrailing());
        int differing = 0;
        for (String repo : left) {
            if (!right.contains(repo)) continue;
            Set<String> ta = new TreeSet<>(shell.session.tags(a + "/" + repo)), tb = new TreeSet<>(shell.session.tags(b + "/" + repo));
            List<String> tagsA = ta.stream().filter(t -> !tb.contains(t)).toList(), tagsB = tb.stream().filter(t -> !ta.contains(t)).toList();
            if (tagsA.isEmpty() && tagsB.isEmpty()) continue;
            differing++;
            out.println(m.get("shell.diff_repository_tags", repo, m.count(tagsA.size(), Messages.Noun.TAG), String.join(" ", tagsA), tagsB.size(), String.join(" ", tagsB)).stripTrailing());
        }
        out.println(m.get("shell.diff_repositories_same", left.size() - onlyA.size() - differing));
        return onlyA.isEmpty() && onlyB.isEmpty() && differing == 0 ? 0 : 1;
    }

    private static void collect(Inspection i, Set<String> there, Map<String, Long> toMove) {
        for (Inspection.PlatformImage p : i.images()) {
            for (Inspection.Layer l : p.layers()) if (!there.contains(l.digest().toString())) toMove.put(l.digest().toString(), l.size());
        }
    }

    private Side side(String repository, boolean mayBeMissing) throws Exception {
        Session s = shell.session;
        List<String> tags;
        try {
            tags = s.tags(repository);
        } catch (Exception e) {
            if (mayBeMissing && Session.errorKind(e) == ErrorKind.NOT_FOUND) return new Side(repository, Map.of());
            throw e;
        }
        Map<String, Inspection> images = new LinkedHashMap<>();
        for (String tag : tags) images.put(tag, s.inspect(repository + ":" + tag));
        return new Side(repository, images);
    }
}
