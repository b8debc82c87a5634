package dev.ferry.cli.dist;

import dev.ferry.app.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code man/ferry.1} and one page per command ({@code man/ferry-sync.1}, {@code man/ferry-cache-ls.1}), written as
 * roff (the man macros) straight from the command tree: the same descriptions, options and examples as {@code --help}.
 */
final class ManPages {
    private ManPages() {}

    /** Each page's file name and text. */
    static Map<String, String> of(CommandLine root, Messages m) {
        Map<String, String> out = new LinkedHashMap<>();
        for (CommandLine c : CommandModel.commands(root)) out.put(pageName(c.getCommandSpec()) + ".1", page(c, m));
        return out;
    }

    private static String pageName(CommandSpec s) {
        return s.qualifiedName("-");
    }

    private static String page(CommandLine c, Messages m) {
        CommandSpec s = c.getCommandSpec();
        StringBuilder b = new StringBuilder();
        b.append(".\\\" ").append(GeneratedFiles.HEADER).append('\n');
        b.append(".TH ").append(pageName(s).toUpperCase(java.util.Locale.ROOT).replace("-", "\\-")).append(" 1 \"\" \"ferry\" \"")
                .append(m.get("man.manual")).append("\"\n");
        b.append(".SH ").append(m.get("man.name")).append('\n');
        b.append(escape(pageName(s))).append(" \\- ").append(escape(CommandModel.summary(s))).append('\n');
        b.append(".SH ").append(m.get("man.synopsis")).append('\n');
        b.append(".B ").append(escape(s.qualifiedName(" "))).append('\n');
        if (!CommandModel.options(s).isEmpty()) b.append("[\\fI").append(m.get("man.options_word")).append("\\fR]\n");
        if (!CommandModel.subcommands(c).isEmpty()) b.append("\\fI").append(m.get("man.command_word")).append("\\fR\n");
        for (PositionalParamSpec p : CommandModel.positionals(s)) {
            boolean optional = p.arity().min() == 0;
            b.append(optional ? "[" : "").append("\\fI").append(escape(p.paramLabel())).append("\\fR")
                    .append(p.arity().max() > 1 ? "\\&..." : "").append(optional ? "]" : "").append('\n');
        }
        b.append(".SH ").append(m.get("man.description")).append('\n');
        text(b, List.of(s.usageMessage().description()));
        if (!CommandModel.subcommands(c).isEmpty()) {
            b.append(".SH ").append(m.get("man.commands")).append('\n');
            for (CommandLine sub : CommandModel.subcommands(c)) {
                b.append(".TP\n.BR ").append(escape(pageName(sub.getCommandSpec()))).append(" (1)\n")
                        .append(escape(CommandModel.summary(sub.getCommandSpec()))).append(".\n");
            }
        }
        if (!CommandModel.positionals(s).isEmpty()) {
            b.append(".SH ").append(m.get("man.arguments")).append('\n');
            for (PositionalParamSpec p : CommandModel.positionals(s)) item(b, "\\fI" + escape(p.paramLabel()) + "\\fR", p);
        }
        if (!CommandModel.options(s).isEmpty()) {
            b.append(".SH ").append(m.get("man.options")).append('\n');
            for (OptionSpec o : CommandModel.options(s)) {
                StringBuilder head = new StringBuilder();
                for (String n : o.names()) head.append(head.isEmpty() ? "" : ", ").append("\\fB").append(escape(n)).append("\\fR");
                if (o.arity().max() > 0) head.append(' ').append("\\fI").append(escape(o.paramLabel().replaceAll("[<>]", ""))).append("\\fR");
                item(b, head.toString(), o);
            }
        }
        List<String> footer = List.of(s.usageMessage().footer());
        if (footer.stream().anyMatch(l -> !l.isBlank())) {
            b.append(".SH ").append(m.get("man.notes")).append('\n');
            text(b, footer);
        }
        b.append(".SH ").append(m.get("man.see_also")).append('\n');
        if (s.parent() == null) {
            List<String> refs = CommandModel.commands(c).stream().skip(1).map(x -> "\\fB" + escape(pageName(x.getCommandSpec())) + "\\fR(1)").toList();
            b.append(String.join(",\n", refs)).append('\n');
        } else {
            b.append("\\fB").append(escape(pageName(s.parent()))).append("\\fR(1)\n");
        }
        return b.toString();
    }

    private static void item(StringBuilder b, String head, ArgSpec a) {
        b.append(".TP\n").append(head).append('\n').append(escape(CommandModel.text(a))).append('\n');
    }

    /** Lines of help text: empty lines part paragraphs, lines indented by spaces (examples) are kept as they are. */
    private static void text(StringBuilder b, List<String> lines) {
        boolean inExample = false;
        boolean paragraph = false;
        for (String raw : lines) {
            String line = raw.replace("%n", "");
            if (line.isBlank()) {
                if (inExample) b.append(".fi\n.RE\n");
                inExample = false;
                paragraph = false;
                continue;
            }
            if (line.startsWith("  ")) {
                if (!inExample) b.append(".RS 4\n.nf\n");
                inExample = true;
                b.append(escape(line.strip())).append('\n');
                continue;
            }
            if (inExample) b.append(".fi\n.RE\n");
            inExample = false;
            if (!paragraph) b.append(".PP\n");
            paragraph = true;
            b.append(escape(line.strip())).append('\n');
        }
        if (inExample) b.append(".fi\n.RE\n");
    }

    /** Text as roff reads it literally: backslashes and dashes escaped, no line starting a request, non-ASCII as \[uXXXX]. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\') b.append("\\e");
            else if (cp == '-') b.append("\\-");
            else if (cp == '\'' || cp == '.') b.append(b.isEmpty() ? "\\&" : "").appendCodePoint(cp);
            else if (cp < 128) b.appendCodePoint(cp);
            else b.append(String.format(java.util.Locale.ROOT, "\\[u%04X]", cp));
        }
        return b.toString();
    }
}
