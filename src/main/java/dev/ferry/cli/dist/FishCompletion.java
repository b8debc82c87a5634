package dev.ferry.cli.dist;

import dev.ferry.cli.dist.CommandModel.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

/** {@code completions/ferry.fish}: one {@code complete} line per command and option, guarded by the command being typed. */
final class FishCompletion {
    private FishCompletion() {}

    static String of(CommandLine root) {
        StringBuilder b = new StringBuilder();
        b.append("# fish completion for ferry. ").append(GeneratedFiles.HEADER).append('\n');
        b.append("# Use: copy it to ~/.config/fish/completions/ferry.fish\n\n");
        b.append("# __ferry_subs PATH / __ferry_valued PATH: a command's subcommands, and its options that take a value\n");
        b.append("function __ferry_subs\n    switch \"$argv\"\n");
        for (CommandLine c : CommandModel.commands(root)) {
            List<String> subs = CommandModel.subcommandNames(c);
            if (!subs.isEmpty()) b.append("        case ").append(quote(CommandModel.path(c.getCommandSpec()))).append("\n            printf '%s\\n' ")
                    .append(String.join(" ", subs)).append('\n');
        }
        b.append("    end\nend\n\nfunction __ferry_valued\n    switch \"$argv\"\n");
        for (CommandLine c : CommandModel.commands(root)) {
            List<String> valued = CommandModel.valuedOptionNames(c.getCommandSpec());
            if (!valued.isEmpty()) b.append("        case ").append(quote(CommandModel.path(c.getCommandSpec()))).append("\n            printf '%s\\n' -- ")
                    .append(String.join(" ", valued)).append('\n');
        }
        b.append("    end\nend\n\n");
        b.append(Resources.text("ferry.fish.functions")).append('\n');
        b.append("complete -c ferry -f\n");
        for (CommandLine c : CommandModel.commands(root)) {
            CommandSpec s = c.getCommandSpec();
            String guard = "-n " + quote("__ferry_is " + quote(CommandModel.path(s)));
            for (CommandLine sub : CommandModel.subcommands(c)) {
                b.append("complete -c ferry ").append(guard).append(" -a ").append(sub.getCommandName())
                        .append(" -d ").append(quote(CommandModel.summary(sub.getCommandSpec()))).append('\n');
            }
            for (OptionSpec o : CommandModel.options(s)) {
                b.append("complete -c ferry ").append(guard);
                for (String n : o.names()) {
                    if (n.startsWith("--")) b.append(" -l ").append(n.substring(2));
                    else if (n.length() == 2) b.append(" -s ").append(n.substring(1));
                    else b.append(" -o ").append(n.substring(1));
                }
                b.append(value(o)).append(" -d ").append(quote(CommandModel.summary(o))).append('\n');
            }
            for (PositionalParamSpec p : CommandModel.positionals(s)) {
                String v = value(p);
                if (!v.isBlank()) b.append("complete -c ferry ").append(guard).append(v).append('\n');
            }
        }
        return b.toString();
    }

    private static String value(picocli.CommandLine.Model.ArgSpec a) {
        Kind k = CommandModel.kind(a);
        String takes = a instanceof OptionSpec ? " -x" : "";
        return switch (k) {
            case FLAG -> "";
            case VALUES -> takes + " -a " + quote(String.join(" ", CommandModel.values(a)));
            case FILE -> (a instanceof OptionSpec ? " -r" : "") + " -F";
            case DIR -> takes + " -a " + quote("(__fish_complete_directories (commandline -ct))");
            case REGISTRY -> takes + " -a " + quote("(__ferry_ask registries)");
            case TARGET -> takes + " -a " + quote("(__ferry_ask targets)");
            case IMAGE -> takes + " -a " + quote("(__ferry_ask image)");
            case TEXT -> a instanceof OptionSpec ? " -x" : "";
        };
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
