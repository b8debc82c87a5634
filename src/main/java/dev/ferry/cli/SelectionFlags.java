package dev.ferry.cli;

import dev.ferry.app.Batch;
import dev.ferry.app.Session;
import dev.ferry.config.ImageListEntry;
import dev.ferry.config.RepoSelector;
import dev.ferry.config.SemverRange;
import dev.ferry.config.Shard;
import dev.ferry.config.TagSelector;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Whole registries and choices of tags ({@code --all-repos}, {@code --tags}…), and {@code --shard}, on sync, plan and save. */
final class SelectionFlags {
    @Option(names = "--all-repos", description = "Every repository of --from's catalog (with --repos / --exclude-repos), in place of LIST.")
    boolean allRepos;

    @Option(names = "--repos", paramLabel = "REGEX", description = "With --all-repos: the repositories whose name this finds.")
    String repos;

    @Option(names = "--exclude-repos", paramLabel = "REGEX", description = "With --all-repos: leave out the repositories whose name this finds.")
    String excludeRepos;

    @Option(names = "--tags", paramLabel = "REGEX", description = "Of each repository, the tags this finds (^ and $ anchor it).")
    String tags;

    @Option(names = "--exclude-tags", paramLabel = "REGEX", description = "Leave out the tags this finds.")
    String excludeTags;

    @Option(names = "--semver", paramLabel = "RANGE", description = "Only tags that are versions in this range, e.g. '>=1.2 <2'.")
    String semver;

    @Option(names = "--newest", paramLabel = "N", description = "Of the chosen tags, only the newest N (by tag order, or --newest-by created).")
    Integer newest;

    @Option(names = "--newest-by", paramLabel = "ORDER", description = "tag (the default: 1.9 < 1.10 < latest) or created (the image's creation time).")
    String newestBy;

    @Option(names = "--shard", paramLabel = "I/N", description = "Only the repositories of shard I of N (0 to N-1), by a stable hash of the target repository;"
            + " N processes split the job with no coordinator. --qps is divided by N.")
    String shard;

    /** The tag choice the flags make, or null when none is given. */
    TagSelector tagSelector() {
        if (tags == null && excludeTags == null && semver == null && newest == null && newestBy == null) return null;
        if (newestBy != null && !newestBy.equals("tag") && !newestBy.equals("created")) throw UsageException.of("usage.newest_by", newestBy);
        if (newestBy != null && newest == null) throw UsageException.of("usage.newest_by_alone");
        if (newest != null && newest < 1) throw UsageException.of("usage.newest_positive", newest);
        SemverRange range;
        try {
            range = semver == null ? null : SemverRange.parse(semver);
        } catch (IllegalArgumentException e) {
            throw UsageException.of("usage.semver", semver, dev.ferry.ref.Text.of(e));
        }
        return new TagSelector(regex("--tags", tags), regex("--exclude-tags", excludeTags), range, newest == null ? 0 : newest,
                "created".equals(newestBy));
    }

    private static Pattern regex(String flag, String r) {
        if (r == null) return null;
        try {
            return Pattern.compile(r);
        } catch (PatternSyntaxException e) {
            throw UsageException.of("usage.regex", flag, r, e.getDescription());
        }
    }

    Shard shard() {
        if (shard == null) return Shard.ALL;
        try {
            return Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw UsageException.of("usage.shard", shard);
        }
    }

    /** Whether the input is the catalog rather than a list. */
    boolean wholeRegistry() {
        if (!allRepos && (repos != null || excludeRepos != null)) throw UsageException.of("usage.repos_without_all");
        return allRepos;
    }

    /**
     * The entries to plan: the catalog's (with --all-repos) or the list's, each choice of tags
     * asked of the source. --tags and the like apply to every list line without a tag of its own.
     */
    List<ImageListEntry> entries(Session session, String from, List<ImageListEntry> list) throws IOException {
        TagSelector sel = tagSelector();
        if (wholeRegistry()) {
            return session.catalogEntries(from, new RepoSelector(regex("--repos", repos), regex("--exclude-repos", excludeRepos)),
                    sel == null ? TagSelector.ALL : sel);
        }
        List<ImageListEntry> in = list;
        if (sel != null) {
            in = list.stream().map(e -> e.selects() || hasTag(e.source()) ? e
                    : new ImageListEntry(e.source(), e.target(), e.line(), new ImageListEntry.Extra(e.extra().alsoTags(), e.extra().platforms(),
                    e.extra().underNamespace(), e.extra().absolute(), sel))).toList();
        }
        return session.expand(in, from);
    }

    private static boolean hasTag(String ref) {
        int slash = ref.lastIndexOf('/');
        return ref.indexOf('@') >= 0 || ref.indexOf(':', slash + 1) >= 0;
    }

    /** This shard's share of a plan. */
    List<Batch.Planned> share(List<Batch.Planned> planned) {
        Shard s = shard();
        return s.count() == 1 ? planned : planned.stream().filter(p -> s.owns(p.target().repository())).toList();
    }

    /** This shard's share of a list (save: by the repository the pack names it). */
    List<ImageListEntry> shareOf(List<ImageListEntry> entries) {
        Shard s = shard();
        if (s.count() == 1) return entries;
        return entries.stream().filter(e -> s.owns(repositoryOf(e.target() != null ? e.target() : e.source()))).toList();
    }

    private static String repositoryOf(String ref) {
        String rest = ref.replaceFirst("^[^/]*[.:][^/]*/|^localhost/", "");
        int at = rest.indexOf('@');
        if (at >= 0) rest = rest.substring(0, at);
        int colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
        return colon < 0 ? rest : rest.substring(0, colon);
    }
}
