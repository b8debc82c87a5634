package dev.ferry.cli;

import dev.ferry.app.DisplayWidth;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command's help, as {@code ferry … --help} prints it: at 80 columns when the width is unknown (and at
 * {@code COLUMNS} when set) no line is longer, no example line is split, and no text is broken inside a word or path:
 * each option's description, each footer line and each command's summary reads whole once the rows are joined.
 */
class HelpWidthTest {
    private static final Pattern EXAMPLE = Pattern.compile("^ {2}[^ \\-].*");

    static List<List<String>> commands() {
        List<List<String>> out = new ArrayList<>();
        collect(Main.commandLine(new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))), List.of(), out);
        return out;
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(path);
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().usageMessage().hidden()) continue;
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            collect(e.getValue(), p, out);
        }
    }

    static String help(List<String> path, Map<String, String> env) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), env);
        assertEquals(0, code, err::toString);
        return out.toString();
    }

    static String joined(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @Test
    void everyCommandsHelpFits80ColumnsAndBreaksNoWordOrExample() {
        List<List<String>> all = commands();
        assertTrue(all.size() >= 12, all::toString);
        CommandLine tree = Main.commandLine(new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        for (List<String> path : all) {
            String text = help(path, Map.of());
            String what = "ferry " + String.join(" ", path) + " --help";
            for (String line : text.split("\n")) {
                assertTrue(DisplayWidth.of(line) <= 80, what + ": a line of " + DisplayWidth.of(line) + " columns:\n" + line);
            }
            CommandLine c = tree;
            for (String p : path) c = c.getSubcommands().get(p);
            var usage = c.getCommandSpec().usageMessage();
            List<String> lines = List.of(text.split("\n"));
            String flat = joined(text);
            for (String[] section : List.of(usage.footer(), usage.description())) {
                for (String l : section) {
                    String line = l.replace("%n", "");
                    if (EXAMPLE.matcher(line).matches()) assertTrue(lines.contains(line), what + ": the example is split:\n" + line + "\nin\n" + text);
                    else assertTrue(flat.contains(joined(line)), what + ": broken inside a word:\n" + line + "\nin\n" + text);
                }
            }
            for (var o : c.getCommandSpec().options()) {
                if (o.hidden()) continue;
                assertTrue(flat.contains(joined(String.join(" ", o.description()))), what + ": " + o.longestName() + "'s text broken inside a word:\n" + text);
            }
            assertFalse(text.contains(". /") || text.contains("--platform\n"), what + ":\n" + text);
        }
    }

    @Test
    void theWidthFollowsColumnsWhenItIsSet() {
        String wide = help(List.of("sync"), Map.of("COLUMNS", "120"));
        assertTrue(wide.lines().anyMatch(l -> l.length() > 80), wide);
        assertTrue(wide.lines().allMatch(l -> DisplayWidth.of(l) <= 120), wide);
        assertTrue(help(List.of(), Map.of()).contains("  load     Load an offline pack into a registry.\n"), "a summary is a whole sentence");
    }
}
