package dev.ferry.tui;

import dev.ferry.app.Inspection;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.RegistryEntry;
import dev.ferry.ref.TagOrder;
import dev.ferry.spi.ErrorKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * What the registry browser shows and does, without a screen: a registry's repositories (the session's
 * {@code catalog}), a repository's tags in ferry's tag order, one image's platforms and layers ({@code inspect}),
 * tags marked and added to the release list, and a repository compared with the target's.
 *
 * <p>Looks at a registry run on the presenter's own threads ({@link LookRunner}; {@link #close}
 * ends them) and their results are applied through {@code ui}, the GUI thread; a result that arrives after the
 * person went elsewhere is dropped. Every other method is called on the GUI thread. Each call that looks something
 * up returns a future completed once its result (or its error) is applied, for those who wait.
 */
public final class BrowserPresenter implements AutoCloseable {
    /** Where the browser is: the registries to choose from, a registry's repositories, a repository's tags, one image. */
    public enum Level { REGISTRIES, REPOSITORIES, TAGS, IMAGE }

    /** One line of the list: the item it stands for (registry, repository, tag; null for an image's lines) and its text. */
    public record Row(String item, String text, boolean marked, boolean missing) {
        @Override public String toString() { return text; }
    }

    /** A look that failed: its kind (for the catalogue's title and hint) and the session's message. */
    public record Problem(ErrorKind kind, String detail) {}

    private final Workspace ws;
    private final RegistryNames names;
    private final LookRunner looks;
    private final List<Runnable> listeners = new ArrayList<>();

    private Level level = Level.REGISTRIES;
    private String registry;
    private String repository;
    private String tag;
    private List<String> repositories = List.of();
    private List<String> tags = List.of();
    private final Set<String> marked = new LinkedHashSet<>();
    private Set<String> missing;
    private Inspection inspection;
    private String filter = "";
    private boolean loading;
    private Problem problem;
    private String statusKey;
    private Object[] statusArgs = new Object[0];

    public BrowserPresenter(Workspace ws, Executor ui) {
        this.ws = ws;
        this.names = new RegistryNames(ws.session());
        this.looks = new LookRunner(ui, "ferry-tui-browse");
    }

    /** Called (on the GUI thread) after every change of what the browser shows. */
    public void onChange(Runnable r) {
        listeners.add(r);
    }

    // ------------------------------------------------------------------ what it shows

    public Level level() { return level; }

    public String registry() { return registry; }

    public String repository() { return repository; }

    public String tag() { return tag; }

    public boolean loading() { return loading; }

    public Problem problem() { return problem; }

    public Inspection inspection() { return inspection; }

    public String filter() { return filter; }

    /** The tags marked in the repository shown, in the order they were marked. */
    public List<String> marked() { return List.copyOf(marked); }

    /** The tags of the repository shown that the target lacks; null until compared. */
    public Set<String> missing() { return missing == null ? null : Set.copyOf(missing); }

    /** The registry the browser starts with: the workspace's source, else cfg.yaml's first source, else none. */
    public String defaultRegistry() {
        if (ws.source() != null && !ws.source().isBlank()) return ws.source();
        List<RegistryEntry> sources = ws.session().config().sources();
        return sources.isEmpty() ? "" : sources.get(0).name();
    }

    /** A line saying where the browser is ({@code nj / corpus/debian : 1.0}). */
    public String where() {
        Messages m = ws.messages();
        return switch (level) {
            case REGISTRIES -> m.get("tui.browser.where.registries");
            case REPOSITORIES -> m.get("tui.browser.where.repositories", registry, m.count(repositories.size(), Messages.Noun.REPOSITORY));
            case TAGS -> m.get("tui.browser.where.tags", registry, repository, m.count(tags.size(), Messages.Noun.TAG));
            case IMAGE -> m.get("tui.browser.where.image", registry, repository, tag);
        };
    }

    /** The status line: loading, the error's title, hint and message, or what the last action did. */
    public String status() {
        Messages m = ws.messages();
        if (loading) return m.get("tui.browser.loading");
        if (problem != null) return m.get("tui.browser.problem", m.title(problem.kind()), m.hint(problem.kind()), problem.detail());
        return statusKey == null ? "" : m.get(statusKey, statusArgs);
    }

    /** The lines of the list, narrowed by the filter (registries, repositories and tags). */
    public List<Row> rows() {
        Messages m = ws.messages();
        List<Row> out = new ArrayList<>();
        switch (level) {
            case REGISTRIES -> {
                for (String name : names.choices(ws.source(), ws.target())) {
                    if (matches(name)) out.add(new Row(name, names.line(name), false, false));
                }
            }
            case REPOSITORIES -> {
                for (String r : repositories) if (matches(r)) out.add(new Row(r, r, false, false));
            }
            case TAGS -> {
                for (String t : tags) {
                    if (!matches(t)) continue;
                    boolean mk = marked.contains(t);
                    boolean miss = missing != null && missing.contains(t);
                    String text = (mk ? "[x] " : "[ ] ") + t + (miss ? "  " + m.get("tui.browser.missing_at_target") : "");
                    out.add(new Row(t, text, mk, miss));
                }
            }
            case IMAGE -> {
                for (String line : ImageLines.of(inspection, m)) out.add(new Row(null, line, false, false));
            }
        }
        return out;
    }

    private boolean matches(String item) {
        return filter.isEmpty() || item.toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------ what it does

    /** Narrows the list to items holding {@code text} (any case). */
    public void filter(String text) {
        this.filter = text == null ? "" : text.strip();
        changed();
    }

    /** Enter on a row: opens the registry, repository or tag it stands for. */
    public CompletableFuture<Void> open(Row row) {
        if (row == null || row.item() == null) return CompletableFuture.completedFuture(null);
        return switch (level) {
            case REGISTRIES -> openRegistry(row.item());
            case REPOSITORIES -> openRepository(row.item());
            case TAGS -> openImage(row.item());
            case IMAGE -> CompletableFuture.completedFuture(null);
        };
    }

    /** Shows the registries to choose from (cfg.yaml's, the workspace's). */
    public void showRegistries() {
        looks.drop();
        level = Level.REGISTRIES;
        registry = null;
        clearLook();
        changed();
    }

    /** Lists the repositories of a registry: a cfg.yaml name or an address. */
    public CompletableFuture<Void> openRegistry(String nameOrAddress) {
        String r = nameOrAddress == null ? "" : nameOrAddress.strip();
        if (r.isEmpty()) return CompletableFuture.completedFuture(null);
        return look(() -> ws.session().catalog(names.catalog(r), 0), list -> {
            registry = r;
            repositories = List.copyOf(list);
            level = Level.REPOSITORIES;
        });
    }

    /** Lists the tags of a repository of the registry shown, in ferry's tag order (oldest first, latest last). */
    public CompletableFuture<Void> openRepository(String repo) {
        String r = registry;
        return look(() -> sorted(ws.session().tags(names.location(r, repo))), list -> {
            if (!repo.equals(repository)) {
                marked.clear();
                missing = null;
            }
            repository = repo;
            tags = list;
            level = Level.TAGS;
        });
    }

    /** Reads one image of the repository shown: its platforms, layers and sizes. */
    public CompletableFuture<Void> openImage(String t) {
        String loc = names.location(registry, repository) + ":" + t;
        return look(() -> ws.session().inspect(loc), i -> {
            tag = t;
            inspection = i;
            level = Level.IMAGE;
        });
    }

    /**
     * Goes up one level (image to tags, tags to repositories, repositories to registries), leaving a look that is
     * still loading; false at the top with nothing loading.
     */
    public boolean back() {
        looks.drop();
        boolean wasLoading = loading;
        loading = false;
        problem = null;
        statusKey = null;
        filter = "";
        switch (level) {
            case IMAGE -> level = Level.TAGS;
            case TAGS -> level = Level.REPOSITORIES;
            case REPOSITORIES -> showRegistries();
            case REGISTRIES -> {
                if (!wasLoading) return false; // nothing to leave
            }
        }
        changed();
        return true;
    }

    /** Space on a tag: marks it, or unmarks it. */
    public void toggleMark(String t) {
        if (level != Level.TAGS || t == null || !tags.contains(t)) return;
        if (!marked.remove(t)) marked.add(t);
        changed();
    }

    /**
     * Adds the marked tags to the release list, as lines of the image-list format: {@code repo:tag} when the registry
     * shown is the workspace's source, the full reference otherwise. Returns the lines added (those the list did not
     * hold yet); the marks are cleared.
     */
    public List<String> addMarked() {
        if (marked.isEmpty()) {
            statusKey = "tui.browser.nothing_marked";
            statusArgs = new Object[0];
            changed();
            return List.of();
        }
        List<String> lines = releaseLines();
        List<String> before = ws.releaseLines();
        int added = ws.addReleaseLines(lines);
        marked.clear();
        statusKey = "tui.browser.added";
        statusArgs = new Object[] {added, lines.size() - added};
        changed();
        return lines.stream().filter(l -> !before.contains(l)).toList();
    }

    /** The lines {@link #addMarked} would add. */
    public List<String> releaseLines() {
        boolean relative = registry != null && registry.equals(ws.source());
        String prefix = relative ? "" : names.host(registry) + "/";
        return marked.stream().map(t -> prefix + repository + ":" + t).toList();
    }

    /**
     * Compares the repository shown with the same repository at the workspace's target (with the target's
     * {@code repository:} applied): which of its tags are missing there. A repository the target does not have lacks
     * every tag.
     */
    public CompletableFuture<Void> compare() {
        String target = ws.target();
        if (level != Level.TAGS) return CompletableFuture.completedFuture(null);
        if (target == null || target.isBlank()) {
            statusKey = "tui.browser.no_target";
            statusArgs = new Object[0];
            changed();
            return CompletableFuture.completedFuture(null);
        }
        String from = registry;
        String repo = repository;
        List<String> ours = tags;
        Messages m = ws.messages();
        return look(() -> {
            String at = names.targetLocation(from, repo, target, m);
            List<String> theirs;
            try {
                theirs = ws.session().tags(at);
            } catch (Exception e) {
                if (Session.errorKind(e) != ErrorKind.NOT_FOUND) throw e;
                theirs = List.of();
            }
            Set<String> lack = new LinkedHashSet<>(ours);
            lack.removeAll(theirs);
            return lack;
        }, lack -> {
            missing = lack;
            statusKey = "tui.browser.compared";
            statusArgs = new Object[] {lack.size(), ours.size(), target};
        });
    }

    // ------------------------------------------------------------------ looking off the GUI thread

    private <T> CompletableFuture<Void> look(LookRunner.Call<T> call, java.util.function.Consumer<T> apply) {
        loading = true;
        problem = null;
        statusKey = null;
        changed();
        return looks.run(call, r -> {
            loading = false;
            filter = "";
            apply.accept(r);
            changed();
        }, f -> {
            loading = false;
            problem = new Problem(Session.errorKind(f), f.getMessage() == null ? f.toString() : f.getMessage());
            changed();
        });
    }

    private void clearLook() {
        loading = false;
        problem = null;
        statusKey = null;
        filter = "";
        repository = null;
        tag = null;
        inspection = null;
        marked.clear();
        missing = null;
    }

    private void changed() {
        for (Runnable r : listeners) r.run();
    }

    private static List<String> sorted(List<String> tags) {
        List<String> out = new ArrayList<>(tags);
        out.sort(TagOrder.INSTANCE);
        return List.copyOf(out);
    }

    /** Ends the presenter's threads; a look still running is dropped. */
    @Override public void close() {
        looks.close();
    }
}
