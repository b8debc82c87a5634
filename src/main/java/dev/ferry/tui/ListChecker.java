package dev.ferry.tui;

import dev.ferry.app.Batch;
import dev.ferry.app.LoadRequest;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigException;
import dev.ferry.config.ImageList;
import dev.ferry.config.ImageListEntry;
import dev.ferry.ref.Text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the list editor's lines as the person types: which are images, which are not and why, and the name each
 * image gets at the target. The mapping is the session's own ({@link Session#plan}, {@link Session#contents}); nothing
 * here knows how names are mapped. Offline: no network is touched.
 */
final class ListChecker {
    private ListChecker() {}

    /**
     * The lines, each checked.
     *
     * @param planned the valid lines mapped to the target, in order (empty when the source or target is unusable)
     * @param problem why the source or target cannot be used, or null
     */
    record Result(List<LineCheck> lines, List<Batch.Planned> planned, String problem) {
        long invalid() {
            return lines.stream().filter(l -> l.state() == LineCheck.State.INVALID).count();
        }

        long valid() {
            return lines.stream().filter(LineCheck::valid).count();
        }
    }

    /** One line parsed: the entry (at its line of the editor), or why it is none; null for blank lines and comments. */
    private record Parsed(LineCheck.State state, ImageListEntry entry, String reason) {}

    private static Parsed parse(String text, int line, Messages m) {
        String t = text.strip();
        if (t.isEmpty()) return new Parsed(LineCheck.State.BLANK, null, "");
        if (t.startsWith("#")) return new Parsed(LineCheck.State.COMMENT, null, "");
        try {
            List<ImageListEntry> one = ImageList.parse(text, "list");
            if (one.isEmpty()) return new Parsed(LineCheck.State.COMMENT, null, "");
            ImageListEntry e = one.get(0);
            return new Parsed(LineCheck.State.VALID, new ImageListEntry(e.source(), e.target(), line), null);
        } catch (ConfigException e) {
            return new Parsed(LineCheck.State.INVALID, null, m.text(e.problemText()));
        }
    }

    /** A list of images at {@code source} for {@code target} (null: cfg.yaml's first). */
    static Result forList(Session session, Messages m, List<String> lines, String source, String target) {
        List<Parsed> parsed = new ArrayList<>();
        List<ImageListEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Parsed p = parse(lines.get(i), i + 1, m);
            parsed.add(p);
            if (p.entry() != null) entries.add(p.entry());
        }
        String problem = null;
        Map<Integer, Batch.Planned> byLine = new HashMap<>();
        Map<Integer, String> unmapped = new HashMap<>();
        List<Batch.Planned> planned = new ArrayList<>();
        try {
            session.endpoint(blankToNull(source), false);
            session.endpoint(blankToNull(target), true);
            List<Batch.Planned> all = planAll(session, entries, source, target);
            for (int i = 0; i < entries.size(); i++) {
                ImageListEntry e = entries.get(i);
                try {
                    Batch.Planned p = all != null ? all.get(i) : session.plan(List.of(e), blankToNull(source), targets(target)).get(0);
                    byLine.put(e.line(), p);
                    planned.add(p);
                } catch (IllegalArgumentException ex) {
                    unmapped.put(e.line(), m.text(Text.of(ex)));
                }
            }
        } catch (RuntimeException ex) {
            problem = m.text(Text.of(ex));
        }
        List<LineCheck> out = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            int line = i + 1;
            if (p.entry() == null) {
                out.add(new LineCheck(line, p.state(), p.reason()));
            } else if (unmapped.containsKey(line)) {
                out.add(new LineCheck(line, LineCheck.State.INVALID, unmapped.get(line)));
            } else {
                Batch.Planned pl = byLine.get(line);
                out.add(new LineCheck(line, LineCheck.State.VALID, pl == null ? p.entry().toString() : pl.targetName()));
            }
        }
        return new Result(List.copyOf(out), List.copyOf(planned), problem);
    }

    /** The whole list mapped at once (a pasted list of hundreds of lines is one call); null when a line cannot be, to find which one by one. */
    private static List<Batch.Planned> planAll(Session session, List<ImageListEntry> entries, String source, String target) {
        try {
            List<Batch.Planned> all = session.plan(entries, blankToNull(source), targets(target));
            return all.size() == entries.size() ? all : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The lines of a pack's images as the upload edits them ({@code NAME} or {@code NAME -> NEW}): a line is valid
     * when it names an image of the pack; its detail is where the load puts it.
     */
    static Result forPack(Session session, Messages m, List<String> lines, LoadRequest load, List<LoadRequest.Image> inPack) {
        List<String> names = inPack.stream().map(LoadRequest.Image::name).toList();
        List<LineCheck> out = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Parsed p = parse(lines.get(i), i + 1, m);
            if (p.entry() != null && !names.contains(p.entry().source())) {
                p = new Parsed(LineCheck.State.INVALID, null, m.get("tui.release.line_not_in_pack", load.meta().getFileName()));
            }
            parsed.add(p);
        }
        String problem = null;
        Map<String, String> targets = new HashMap<>();
        try {
            LoadRequest withRenames = new LoadRequest(load.meta(), load.to(), renames(lines), load.parallel(), load.retries());
            for (LoadRequest.Image img : session.contents(withRenames)) targets.put(img.name(), img.target());
        } catch (Exception ex) {
            problem = m.text(Text.of(ex));
        }
        for (int i = 0; i < parsed.size(); i++) {
            Parsed p = parsed.get(i);
            if (p.entry() == null) out.add(new LineCheck(i + 1, p.state(), p.reason()));
            else out.add(new LineCheck(i + 1, LineCheck.State.VALID, targets.getOrDefault(p.entry().source(), p.entry().toString())));
        }
        return new Result(List.copyOf(out), List.of(), problem);
    }

    /** The images a pack list names, by their name in the pack (a rename's OLD), each once, in the list's order. */
    static List<String> names(List<String> lines) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Parsed p = parse(lines.get(i), i + 1, Messages.english());
            if (p.entry() != null) out.add(p.entry().source());
        }
        return List.copyOf(out);
    }

    /** The renames of a pack list: its {@code NAME -> NEW} lines. */
    static String renames(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            Parsed p = parse(lines.get(i), i + 1, Messages.english()); // only the entries count here, not why a line is none
            if (p.entry() != null && p.entry().renamed()) b.append(p.entry()).append('\n');
        }
        return b.toString();
    }

    /** The list entries the planned lines came from, at their lines of the editor (a save takes entries, not a plan). */
    static List<ImageListEntry> entries(List<Batch.Planned> planned) {
        List<ImageListEntry> out = new ArrayList<>();
        for (Batch.Planned p : planned) {
            ImageListEntry e = ImageList.parse(p.entry(), "list").get(0);
            out.add(new ImageListEntry(e.source(), e.target(), p.line()));
        }
        return out;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> targets(String target) {
        String t = blankToNull(target);
        return t == null ? List.of() : List.of(t);
    }
}
