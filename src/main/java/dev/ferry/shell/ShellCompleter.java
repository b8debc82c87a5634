package dev.ferry.shell;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.builtins.Completers;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Tab: command names, flags and enum values come from the command tree (picocli-shell-jline3); registry names
 * ({@code @nj}), repositories and tags from the registries, through the {@link CandidateCache} (never more than its
 * wait); files for lists and packs; and words typed before in this session, from the history.
 */
final class ShellCompleter implements Completer {
    private static final Set<String> REGISTRY_VALUED = Set.of("--from", "--to");
    private static final Set<String> PATH_COMMANDS = Set.of("cd", "ls");
    private static final Set<String> IMAGE_COMMANDS = Set.of("copy", "inspect", "tags", "diff", "ls", "cd", "open", "catalog");

    private final Shell shell;
    private final Supplier<CommandLine> tree;
    private final Completers.FileNameCompleter files = new Completers.FileNameCompleter();
    private final AtomicLong longestNanos = new AtomicLong();

    ShellCompleter(Shell shell, Supplier<CommandLine> tree) {
        this.shell = shell;
        this.tree = tree;
    }

    /** The longest one completion took so far, in milliseconds (the time the prompt waited). */
    long longestMillis() {
        return longestNanos.get() / 1_000_000;
    }

    @Override public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        long start = System.nanoTime();
        try {
            completeNow(reader, line, candidates);
        } finally {
            long took = System.nanoTime() - start;
            longestNanos.accumulateAndGet(took, Math::max);
        }
    }

    private void completeNow(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        CommandLine cl = tree.get();
        if (index == 0 || word.startsWith("-")) {
            new PicocliJLineCompleter(cl.getCommandSpec()).complete(reader, line, candidates);
            return;
        }
        String command = words.get(0);
        String previous = words.get(index - 1);
        CommandLine sub = cl.getSubcommands().get(command);
        OptionSpec option = sub == null || !previous.startsWith("-") ? null : sub.getCommandSpec().findOption(previous);
        if (option != null && option.arity().max() > 0) {
            if (option.longestName().equals("--platform")) {
                platforms(words, sub.getCommandSpec()).forEach(p -> candidates.add(new Candidate(p)));
            } else if (REGISTRY_VALUED.contains(option.longestName())) {
                for (String n : shell.session.settings().names().keySet()) candidates.add(new Candidate(n));
            } else if (option.completionCandidates() != null || option.type().isEnum()) {
                new PicocliJLineCompleter(cl.getCommandSpec()).complete(reader, line, candidates);
            } else if (looksLikeFile(option.paramLabel())) {
                files.complete(reader, line, candidates);
            }
            history(reader, word, candidates);
            return;
        }
        if (sub != null && !IMAGE_COMMANDS.contains(command)) {
            CommandSpec spec = sub.getCommandSpec();
            boolean fileArgs = spec.positionalParameters().stream().anyMatch(p -> looksLikeFile(p.paramLabel()));
            if (fileArgs) files.complete(reader, line, candidates);
            else new PicocliJLineCompleter(cl.getCommandSpec()).complete(reader, line, candidates);
            history(reader, word, candidates);
            return;
        }
        for (String c : registryCandidates(command, word)) candidates.add(new Candidate(c, c, null, null, null, null, !c.endsWith("/")));
        history(reader, word, candidates);
    }

    /** {@code copy IMAGE … --platform }: the platforms of the image named on the line (from its index), else none. */
    private List<String> platforms(List<String> words, CommandSpec spec) {
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            OptionSpec before = words.get(i - 1).startsWith("-") ? spec.findOption(words.get(i - 1)) : null;
            if (w.isEmpty() || w.startsWith("-") || before != null && before.arity().max() > 0) continue;
            String image;
            try {
                image = shell.state.resolveImage(w);
            } catch (RuntimeException e) {
                return List.of();
            }
            if (!ShellState.isAbsolute(image)) return List.of();
            return shell.candidates.get("platforms " + image, () -> shell.session.inspect(image).images().stream()
                    .map(dev.ferry.app.Inspection.PlatformImage::platform).filter(java.util.Objects::nonNull).toList());
        }
        return List.of();
    }

    private static boolean looksLikeFile(String label) {
        return label != null && (label.contains("FILE") || label.contains("LIST") || label.contains("META") || label.contains("DIR"));
    }

    /** Registry names, repositories and tags that could follow {@code word}. */
    List<String> registryCandidates(String command, String word) {
        ShellState s = shell.state;
        List<String> out = new ArrayList<>();
        if (word.startsWith("@") && !word.contains("/")) {
            for (String n : shell.session.settings().names().keySet()) out.add("@" + n + (command.equals("open") ? "" : "/"));
            return out;
        }
        if (command.equals("open")) return out;
        int slash = word.lastIndexOf('/');
        int colon = word.lastIndexOf(':');
        boolean relative = s.registry() != null && !ShellState.isAbsolute(word);
        if (colon > slash && (colon == 0 || slash > 0 || relative)) { // REPO:TAG, :TAG, ./REPO:TAG, HOST/REPO:TAG
            String repo = word.substring(0, colon);
            String whole;
            try {
                whole = colon == 0 ? s.repository(null) : PATH_COMMANDS.contains(command) ? s.repository(repo) : s.resolveImage(repo);
            } catch (RuntimeException e) {
                return out;
            }
            if (whole == null || !whole.contains("/")) return out;
            for (String tag : shell.candidates.get(Shell.tagsKey(whole), () -> shell.session.tags(whole))) out.add(repo + ":" + tag);
            return out;
        }
        // repositories: relative to where the person is (cd, ls, ./), or under a registry named in the word
        String registry;
        String typedPrefix;
        String pathPrefix;
        if (ShellState.isAbsolute(word) && slash > 0) {
            int first = word.indexOf('/');
            registry = word.substring(0, first);
            typedPrefix = registry + "/";
            pathPrefix = "";
        } else if (relative && !ShellState.isPlace(word)) {
            registry = s.registry();
            typedPrefix = word.startsWith("./") ? "./" : "";
            pathPrefix = s.path().isEmpty() ? "" : s.path() + "/";
        } else {
            return out;
        }
        for (String repo : shell.candidates.get(Shell.catalogKey(registry), () -> shell.session.catalog(registry, Shell.CATALOG_MAX))) {
            if (repo.startsWith(pathPrefix) && repo.length() > pathPrefix.length()) out.add(typedPrefix + repo.substring(pathPrefix.length()));
        }
        return out;
    }

    /** Words typed earlier in this session that start like this one. */
    private static void history(LineReader reader, String word, List<Candidate> candidates) {
        if (word.isEmpty() || reader == null) return;
        Set<String> seen = new LinkedHashSet<>();
        for (Candidate c : candidates) seen.add(c.value());
        History h = reader.getHistory();
        for (History.Entry e : h) {
            for (String w : e.line().split("\\s+")) {
                if (w.startsWith(word) && !w.equals(word) && seen.add(w)) candidates.add(new Candidate(w));
            }
        }
    }
}
