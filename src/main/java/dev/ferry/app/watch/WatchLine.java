package dev.ferry.app.watch;

import dev.ferry.app.BadInputException;
import dev.ferry.app.Batch;
import dev.ferry.app.ImageLocation;
import dev.ferry.app.Session;
import dev.ferry.config.ImageList;
import dev.ferry.config.ImageListEntry;
import dev.ferry.config.ImagesJson;
import dev.ferry.config.Shard;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of a watch list: a source repository with its lowest tag ({@code repo:v3.5} ships
 * v3.5, v3.10, …), or without a tag one tag ({@code latest}) watched by digest; and where it goes
 * at each target (renames, a target's {@code repository}, as in {@code sync}).
 *
 * @param line    the line of the list
 * @param written the line as written
 * @param lowest  the lowest tag shipped; null when the line names no tag
 * @param byDigest true when the line watches one tag ({@code latest}) by its digest
 * @param planned the line mapped to each target (its tag as written, or latest)
 * @param entry   an images.json entry: watched by its source's digest and, when that changes, shipped
 *                as {@code sync} ships it (every one of its tags from one read, its architectures);
 *                null for a line of a watch list
 */
public record WatchLine(int line, String written, String lowest, boolean byDigest, List<Batch.Planned> planned, ImageListEntry entry) {
    /** The tag a line without one watches. */
    public static final String DEFAULT_TAG = "latest";

    public WatchLine {
        planned = List.copyOf(planned);
    }

    /** The source repository (with the line's tag). */
    public ImageReference source() {
        return planned.get(0).source();
    }

    /** Whether the line is an images.json entry, shipped as planned (see {@link #entry()}). */
    public boolean asPlanned() {
        return entry != null;
    }

    /**
     * Reads a watch list as {@code sync} reads an image list (images.json too: each entry is
     * watched by its source's digest, its tags are the names it gets), mapped from {@code from} to each of
     * {@code to}; a line naming a digest is refused (a digest never changes, there is nothing to
     * watch). With {@code anyTag} (a {@code --tags} pattern) a line without a tag watches every
     * tag the pattern accepts instead of {@code latest}.
     */
    public static List<WatchLine> parse(Session session, String text, String listName, String from, List<String> to, boolean anyTag) {
        boolean json = ImagesJson.looksLikeJson(text);
        List<ImageListEntry> entries = json ? ImagesJson.parse(text, listName) : ImageList.parse(text, listName);
        if (entries.isEmpty()) throw new BadInputException(Text.of("watch.list_empty", listName));
        for (ImageListEntry e : entries) {
            if (e.source().contains("@")) {
                throw new BadInputException(Text.of("watch.list_digest", listName + ":" + e.line(), e.source()));
            }
            if (e.selects()) throw new BadInputException(Text.of("watch.json_selector", listName + ":" + e.line(), e.source()));
        }
        List<Batch.Planned> planned = session.plan(entries, from, to);
        Map<Integer, List<Batch.Planned>> byEntry = new LinkedHashMap<>();
        for (int i = 0; i < planned.size(); i++) byEntry.computeIfAbsent(i % entries.size(), k -> new ArrayList<>()).add(planned.get(i));
        List<WatchLine> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            ImageListEntry e = entries.get(i);
            List<Batch.Planned> ps = byEntry.get(i);
            if (json) {
                out.add(new WatchLine(e.line(), e.toString(), null, true, ps, e));
                continue;
            }
            boolean tagged = ImageLocation.hasExplicitTag(e.source());
            String lowest = tagged ? ps.get(0).source().tag().orElse(null) : null;
            out.add(new WatchLine(e.line(), e.toString(), lowest, !tagged && !anyTag, ps, null));
        }
        return List.copyOf(out);
    }

    /**
     * Reads image-transfer's transfer-rule.yaml as a watch list, with {@code defaults} applied as {@code sync --rules}
     * applies them: a repository-level rule watches every tag of its source repository (those the tag rule accepts),
     * each shipped under the rule's target repository with its own tag; a tag-level rule watches each of its tags by
     * digest, shipped as the rule names it (its target tag, when it gives one). Each target is on the rule's own
     * registry.
     */
    public static List<WatchLine> fromRules(String text, String name, dev.ferry.config.TransferRules.Defaults defaults) {
        List<dev.ferry.config.TransferRules.Rule> rules = dev.ferry.config.TransferRules.parse(text, name);
        if (rules.isEmpty()) throw new BadInputException(Text.of("watch.list_empty", name));
        List<WatchLine> out = new ArrayList<>();
        for (dev.ferry.config.TransferRules.Rule rule : rules) {
            var r = dev.ferry.config.TransferRules.resolve(rule, defaults, name);
            ImageReference repo = ImageReference.parse(r.source());
            ImageReference target = ImageReference.parse(r.target());
            Batch.Endpoint to = new Batch.Endpoint(target.registry(), target.registry(), null);
            if (r.wholeRepository()) {
                out.add(new WatchLine(rule.line(), rule.toString(), null, false,
                        List.of(new Batch.Planned(rule.line(), rule.toString(), repo.withTag(DEFAULT_TAG), target.withTag(DEFAULT_TAG), to)), null));
                continue;
            }
            for (String tag : r.sourceTags()) {
                String targetTag = r.targetTag() != null ? r.targetTag() : tag;
                ImageListEntry entry = new ImageListEntry(repo.withTag(tag).toString(), target.withTag(targetTag).toString(), rule.line());
                out.add(new WatchLine(rule.line(), rule.toString(), null, true,
                        List.of(new Batch.Planned(rule.line(), rule.toString(), repo.withTag(tag), target.withTag(targetTag), to)), entry));
            }
        }
        return List.copyOf(out);
    }

    /** The lines of {@code shard}: each keeps its targets whose repository the shard owns (the hash {@code sync --shard} cuts by). */
    public static List<WatchLine> share(List<WatchLine> lines, Shard shard) {
        if (shard == null || shard.count() == 1) return lines;
        List<WatchLine> out = new ArrayList<>();
        for (WatchLine l : lines) {
            List<Batch.Planned> mine = l.planned().stream().filter(p -> shard.owns(p.target().repository())).toList();
            if (!mine.isEmpty()) out.add(new WatchLine(l.line(), l.written(), l.lowest(), l.byDigest(), mine, l.entry()));
        }
        return List.copyOf(out);
    }
}
