package dev.ferry.shell;

import dev.ferry.cli.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Relative references in the words of a command: {@code :TAG}, {@code ./REPO:TAG} and (while a registry is open)
 * {@code REPO:TAG} become whole references to where the person is (see {@link ShellState#resolveImage}); the target {@code @NAME} of a copy (a registry without a repository) gets the source's
 * repository; {@code tags} without a repository lists the current one's.
 */
final class References {
    /** The commands whose arguments are images or repositories (not files, not registry names). */
    private static final Set<String> IMAGE_COMMANDS = Set.of("copy", "inspect", "tags");
    private References() {}

    /** @param tree the command tree, which says which options take a value (whose values are not images) */
    static List<String> rewrite(ShellState state, List<String> words, CommandLine tree) {
        if (words.isEmpty() || !IMAGE_COMMANDS.contains(words.get(0)) || !tree.getSubcommands().containsKey(words.get(0))) return words;
        var spec = tree.getSubcommands().get(words.get(0)).getCommandSpec();
        List<String> out = new ArrayList<>();
        out.add(words.get(0));
        List<Integer> positional = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            OptionSpec before = words.get(i - 1).startsWith("-") ? spec.findOption(words.get(i - 1)) : null;
            boolean value = before != null && before.arity().max() > 0;
            if (!w.startsWith("-") && !value) {
                positional.add(out.size());
                out.add(state.resolveImage(w));
            } else {
                out.add(w);
            }
        }
        String command = words.get(0);
        if (command.equals("tags") && positional.isEmpty() && !words.contains("--help") && !words.contains("-h")) {
            out.add(state.repository(null));
        }
        if (command.equals("copy") && positional.size() == 2) {
            String dst = out.get(positional.get(1));
            if (dst.matches("@[A-Za-z0-9._-]+")) out.set(positional.get(1), dst + "/" + repositoryOf(out.get(positional.get(0)), dst));
        }
        return out;
    }

    /** The repository part of a registry reference ({@code host/repo:tag}, {@code @nj/repo@sha256:…}). */
    static String repositoryOf(String ref, String forTarget) {
        int slash = ref.indexOf('/');
        if (slash < 0 || !ShellState.isAbsolute(ref)) throw UsageException.of("usage.shell_copy_target", forTarget);
        String rest = ref.substring(slash + 1);
        int at = rest.indexOf('@');
        if (at >= 0) rest = rest.substring(0, at);
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) rest = rest.substring(0, colon);
        return rest;
    }
}
