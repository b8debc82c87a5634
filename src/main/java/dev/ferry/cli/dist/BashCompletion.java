package dev.ferry.cli.dist;

import dev.ferry.cli.dist.CommandModel.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

/** {@code completions/ferry.bash}: the command tree as case tables, and one function that reads the line with them. */
final class BashCompletion {
    private BashCompletion() {}

    static String of(CommandLine root) {
        StringBuilder b = new StringBuilder();
        b.append("# bash completion for ferry. ").append(GeneratedFiles.HEADER).append('\n');
        b.append("# Use: source this file, or copy it to ~/.local/share/bash-completion/completions/ferry\n\n");
        b.append("# __ferry_command PATH: sets subs, opts and valued (the options that take a value) for one command\n");
        b.append("__ferry_command() {\n  case $1 in\n");
        for (CommandLine c : CommandModel.commands(root)) {
            CommandSpec s = c.getCommandSpec();
            List<String> subs = CommandModel.subcommandNames(c);
            List<String> opts = new ArrayList<>();
            for (OptionSpec o : CommandModel.options(s)) opts.addAll(List.of(o.names()));
            List<String> valued = CommandModel.valuedOptionNames(s);
            b.append("    ").append(quote(CommandModel.path(s))).append(") subs=").append(quote(String.join(" ", subs)))
                    .append("; opts=").append(quote(String.join(" ", opts))).append("; valued=").append(quote(String.join(" ", valued)))
                    .append(" ;;\n");
        }
        b.append("  esac\n}\n\n");
        b.append("# __ferry_value PATH OPTION: what the option's value is (values LIST, file, dir, registry, target, image or text)\n");
        b.append("__ferry_value() {\n  case \"$1 $2\" in\n");
        for (CommandLine c : CommandModel.commands(root)) {
            CommandSpec s = c.getCommandSpec();
            for (OptionSpec o : CommandModel.options(s)) {
                Kind k = CommandModel.kind(o);
                if (k == Kind.FLAG || k == Kind.TEXT) continue;
                List<String> cases = new ArrayList<>();
                for (String n : o.names()) cases.add(quote(CommandModel.path(s) + " " + n));
                b.append("    ").append(String.join("|", cases)).append(") echo ").append(quote(kindWord(k, o))).append(" ;;\n");
            }
        }
        b.append("    *) echo text ;;\n  esac\n}\n\n");
        b.append("# __ferry_argument PATH N: what the command's argument number N (from 0) is\n");
        b.append("__ferry_argument() {\n  case $1 in\n");
        for (CommandLine c : CommandModel.commands(root)) {
            CommandSpec s = c.getCommandSpec();
            List<PositionalParamSpec> ps = CommandModel.positionals(s);
            if (ps.isEmpty()) continue;
            b.append("    ").append(quote(CommandModel.path(s))).append(")\n");
            for (PositionalParamSpec p : ps) {
                int max = p.index().isUnspecified() || p.index().max() == Integer.MAX_VALUE ? 9999 : p.index().max();
                b.append("      if [ \"$2\" -ge ").append(p.index().min()).append(" ] && [ \"$2\" -le ").append(max)
                        .append(" ]; then echo ").append(quote(kindWord(CommandModel.kind(p), p))).append("; return; fi\n");
            }
            b.append("      ;;\n");
        }
        b.append("  esac\n  echo text\n}\n\n");
        b.append(Resources.text("ferry.bash.functions"));
        return b.toString();
    }

    private static String kindWord(Kind k, picocli.CommandLine.Model.ArgSpec a) {
        return switch (k) {
            case VALUES -> "values " + String.join(" ", CommandModel.values(a));
            case FILE -> "file";
            case DIR -> "dir";
            case REGISTRY -> "registry";
            case TARGET -> "target";
            case IMAGE -> "image";
            default -> "text";
        };
    }

    /** A word in single quotes for bash. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
