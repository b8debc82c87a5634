package dev.ferry.cli.dist;

import dev.ferry.cli.dist.CommandModel.Kind;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;

/** {@code completions/_ferry}: zsh's own completion system ({@code #compdef}, {@code _arguments}), one function per command. */
final class ZshCompletion {
    private ZshCompletion() {}

    static String of(CommandLine root) {
        StringBuilder b = new StringBuilder();
        b.append("#compdef ferry\n");
        b.append("# zsh completion for ferry. ").append(GeneratedFiles.HEADER).append('\n');
        b.append("# Use: put this file in a folder of $fpath (e.g. ~/.zfunc, with fpath+=~/.zfunc before compinit), or source it.\n\n");
        for (CommandLine c : CommandModel.commands(root)) function(b, c);
        b.append(Resources.text("ferry.zsh.functions"));
        return b.toString();
    }

    private static String name(CommandSpec s) {
        String p = CommandModel.path(s);
        return p.isEmpty() ? "_ferry_main" : "_ferry_" + p.replace(' ', '_').replace('-', '_');
    }

    private static void function(StringBuilder b, CommandLine c) {
        CommandSpec s = c.getCommandSpec();
        List<CommandLine> subs = CommandModel.subcommands(c);
        b.append(name(s)).append("() {\n");
        if (!subs.isEmpty()) {
            b.append("  local curcontext=$curcontext state line ret=1\n");
            b.append("  local -a commands\n  commands=(\n");
            for (CommandLine sub : subs) {
                b.append("    ").append(quote(sub.getCommandName() + ":" + CommandModel.summary(sub.getCommandSpec()))).append('\n');
            }
            b.append("  )\n");
        }
        b.append("  _arguments -S").append(subs.isEmpty() ? "" : " -C");
        for (OptionSpec o : CommandModel.options(s)) {
            for (String spec : optionSpecs(o)) b.append(" \\\n    ").append(spec);
        }
        for (PositionalParamSpec p : CommandModel.positionals(s)) {
            boolean many = p.index().max() == Integer.MAX_VALUE || p.arity().max() > 1;
            String position = many ? "*" : String.valueOf(p.index().min() + 1);
            b.append(" \\\n    ").append(quote(position + ":" + escape(label(p)) + ":" + action(p)));
        }
        if (!subs.isEmpty()) {
            b.append(" \\\n    ").append(quote("1: :->command")).append(" \\\n    ").append(quote("*:: :->args")).append(" && ret=0\n");
            b.append("  case $state in\n");
            b.append("    command) _describe -t commands ").append(quote(s.qualifiedName(" ") + " command")).append(" commands && ret=0 ;;\n");
            b.append("    args)\n      case $words[1] in\n");
            for (CommandLine sub : subs) {
                b.append("        ").append(sub.getCommandName()).append(") ").append(name(sub.getCommandSpec())).append(" && ret=0 ;;\n");
            }
            b.append("      esac ;;\n  esac\n  return ret\n");
        } else {
            b.append('\n');
        }
        b.append("}\n\n");
    }

    private static List<String> optionSpecs(OptionSpec o) {
        List<String> out = new ArrayList<>();
        boolean repeatable = o.isMultiValue();
        boolean help = o.usageHelp() || o.versionHelp();
        String names = String.join(" ", o.names());
        String exclusion = help ? "(- *)" : repeatable || o.names().length == 1 ? "" : "(" + names + ")";
        String value = o.arity().max() == 0 ? "" : ":" + escape(label(o)) + ":" + action(o);
        for (String n : o.names()) {
            String form = o.arity().max() > 0 && n.startsWith("--") ? n + "=" : n;
            out.add(quote(exclusion + (repeatable ? "*" : "") + form + "[" + escape(CommandModel.summary(o)) + "]" + value));
        }
        return out;
    }

    private static String label(ArgSpec a) {
        return a.paramLabel().replaceAll("[<>]", "");
    }

    private static String action(ArgSpec a) {
        Kind k = CommandModel.kind(a);
        return switch (k) {
            case VALUES -> "(" + String.join(" ", CommandModel.values(a)) + ")";
            case FILE -> "_files";
            case DIR -> "_files -/";
            case REGISTRY -> "__ferry_registries";
            case TARGET -> "__ferry_registries targets";
            case IMAGE -> "__ferry_images";
            default -> " ";
        };
    }

    /** Brackets and colons have meanings in an _arguments spec. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:");
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
