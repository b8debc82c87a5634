package dev.ferry.cli.dist;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ferry's command tree as the completion scripts and man pages see it: the visible commands, their options and
 * arguments, and what kind of value each one takes. Read from picocli's {@link CommandSpec}, so a new command or flag
 * is in every generated file once they are regenerated.
 */
final class CommandModel {
    /** What a value is, so each shell can offer the right candidates. */
    enum Kind { FLAG, TEXT, VALUES, FILE, DIR, REGISTRY, TARGET, IMAGE }

    /** Options whose value is a registry to read from: a cfg.yaml name or an address. */
    private static final Set<String> REGISTRY_OPTIONS = Set.of("--from", "-src");
    /** Options whose value is a place to write to: a registry, or docker or containerd. */
    private static final Set<String> TARGET_OPTIONS = Set.of("--to", "-dst");
    /** Arguments that name an image, a repository or a registry. */
    private static final Set<String> IMAGE_LABELS = Set.of("IMAGE", "SRC", "DST", "REPO", "REGISTRY");
    private static final Set<String> FILE_LABELS = Set.of("FILE", "LIST", "META");

    private CommandModel() {}

    /** The visible commands under {@code root}, root first, each before its own subcommands. */
    static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine c, List<CommandLine> out) {
        out.add(c);
        for (CommandLine sub : subcommands(c)) collect(sub, out);
    }

    /** The visible subcommands of {@code c}, in help order, each once (not its aliases). */
    static List<CommandLine> subcommands(CommandLine c) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine sub : c.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() && !out.contains(sub)) out.add(sub);
        }
        return out;
    }

    static List<String> subcommandNames(CommandLine c) {
        return subcommands(c).stream().map(CommandLine::getCommandName).toList();
    }

    /** Every name of the command's visible options that take a value (whose next word is not an argument). */
    static List<String> valuedOptionNames(CommandSpec spec) {
        List<String> out = new ArrayList<>();
        for (OptionSpec o : options(spec)) if (o.arity().max() > 0) out.addAll(List.of(o.names()));
        return out;
    }

    /** The visible options of a command. */
    static List<OptionSpec> options(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    static List<PositionalParamSpec> positionals(CommandSpec spec) {
        return spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
    }

    /** The command's path without the program, e.g. {@code cache ls}; empty for ferry itself. */
    static String path(CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        int space = q.indexOf(' ');
        return space < 0 ? "" : q.substring(space + 1);
    }

    static Kind kind(ArgSpec a) {
        if (a.arity().max() == 0) return Kind.FLAG;
        if (a.completionCandidates() != null) return Kind.VALUES;
        String label = a.paramLabel().replaceAll("[<>]", "");
        if (a instanceof OptionSpec o) {
            for (String n : o.names()) {
                if (REGISTRY_OPTIONS.contains(n)) return Kind.REGISTRY;
                if (TARGET_OPTIONS.contains(n)) return Kind.TARGET;
            }
        } else if (IMAGE_LABELS.contains(label)) {
            return Kind.IMAGE;
        }
        if (label.equals("DIR")) return Kind.DIR;
        if (FILE_LABELS.contains(label) || a.type() == java.nio.file.Path.class && !label.contains("=")) return Kind.FILE;
        return Kind.TEXT;
    }

    /** The known values of a {@link Kind#VALUES} argument (an enum's in lower case, as they are typed). */
    static List<String> values(ArgSpec a) {
        List<String> out = new ArrayList<>();
        if (a.completionCandidates() == null) return out;
        boolean isEnum = a.type().isEnum() || a.auxiliaryTypes().length > 0 && a.auxiliaryTypes()[0].isEnum();
        for (String v : a.completionCandidates()) out.add(isEnum ? v.toLowerCase(Locale.ROOT) : v);
        return out;
    }

    /** The first sentence of a description, its help variables filled in, for a shell's one-line hint. */
    static String summary(ArgSpec a) {
        return summary(text(a));
    }

    static String summary(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return summary(d.length == 0 ? "" : d[0]);
    }

    static String summary(String text) {
        String t = text.strip();
        int end = t.indexOf(". ");
        if (end > 0) t = t.substring(0, end);
        if (t.endsWith(".")) t = t.substring(0, t.length() - 1);
        return t;
    }

    /** The whole description of an option or argument, as help shows it. */
    static String text(ArgSpec a) {
        String t = String.join(" ", a.description());
        String def = a.defaultValue() == null ? "" : a.defaultValue();
        List<String> values = new ArrayList<>();
        if (a.completionCandidates() != null) a.completionCandidates().forEach(values::add);
        return t.replace("${DEFAULT-VALUE}", def).replace("${COMPLETION-CANDIDATES}", String.join(", ", values))
                .replace("%n", " ").replaceAll("\\s+", " ").strip();
    }
}
