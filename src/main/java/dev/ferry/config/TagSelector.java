package dev.ferry.config;

import dev.ferry.ref.TagOrder;
import dev.ferry.ref.Text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which tags of a repository to take: {@code --tags REGEX}, {@code --exclude-tags REGEX},
 * {@code --semver RANGE}, then the {@code --newest N} of what is left, by {@link TagOrder} or (with
 * {@code --newest-by created}) by the images' creation times. A regular expression matches when it
 * is found anywhere in the tag ({@code ^} and {@code $} anchor it), as image-syncer's
 * {@code repo:/REGEX/} does.
 *
 * @param include     tags to keep, or null for all
 * @param exclude     tags to leave out, or null for none
 * @param semver      a version range tags must be in, or null
 * @param newest      keep only this many of the newest; 0 keeps all
 * @param byCreated   order by creation time instead of by tag
 */
public record TagSelector(Pattern include, Pattern exclude, SemverRange semver, int newest, boolean byCreated) {
    /** Every tag. */
    public static final TagSelector ALL = new TagSelector(null, null, null, 0, false);

    public TagSelector {
        if (newest < 0) throw new ConfigException(null, Text.of("settings.newest_negative", newest), null);
    }

    /** Only the tags the expression finds. */
    public static TagSelector regex(String regex) {
        return new TagSelector(Pattern.compile(regex), null, null, 0, false);
    }

    /** Whether a tag passes the filters (not yet {@link #newest}). */
    public boolean matches(String tag) {
        return (include == null || include.matcher(tag).find()) && (exclude == null || !exclude.matcher(tag).find())
                && (semver == null || semver.matches(tag));
    }

    /**
     * The tags chosen from {@code tags}, newest last.
     *
     * @param created the tags' creation times (ISO-8601 text) when {@link #byCreated()}; else ignored
     */
    public List<String> select(List<String> tags, Map<String, String> created) {
        List<String> out = new ArrayList<>();
        for (String t : tags) if (matches(t)) out.add(t);
        if (newest == 0) return out;
        Comparator<String> order = byCreated
                ? Comparator.<String, String>comparing(t -> created.getOrDefault(t, "")).thenComparing(TagOrder.INSTANCE)
                : TagOrder.INSTANCE;
        out.sort(order);
        return List.copyOf(out.subList(Math.max(0, out.size() - newest), out.size()));
    }

    @Override public String toString() {
        List<String> parts = new ArrayList<>();
        if (include != null) parts.add("/" + include + "/");
        if (exclude != null) parts.add("not /" + exclude + "/");
        if (semver != null) parts.add(semver.toString());
        if (newest > 0) parts.add("newest " + newest + (byCreated ? " by created" : ""));
        return parts.isEmpty() ? "every tag" : String.join(", ", parts);
    }
}
