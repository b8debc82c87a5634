package dev.ferry.cli;

import dev.ferry.app.DisplayWidth;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Help text that fits a terminal {@code columns} wide and breaks only between words. picocli wraps at
 * any break its line iterator allows, inside paths ({@code ./data/cfg.yaml} as {@code . /data/cfg.yaml}),
 * names ({@code cfg.yaml}) and examples; so every section is rendered unwrapped and wrapped here: at
 * spaces only, continuation rows indented as picocli indents them (the synopsis under its first
 * option, an option's or command's description two columns in from where it started), and an
 * example line of a description or footer (two spaces, then not an option) is never broken: each is
 * written to fit in 80 columns ({@code HelpWidthTest} keeps them so).
 */
final class HelpLayout {
    /** picocli's width while rendering: wide enough that it breaks nothing itself. */
    private static final int UNWRAPPED = 2000;
    /** A row of a table (options, parameters, commands): its name, two or more spaces, its description. */
    private static final Pattern TABLE_ROW = Pattern.compile("^(\\s*\\S.*?)( {2,})\\S");
    private static final Pattern EXAMPLE = Pattern.compile("^ {2}[^ \\-].*");
    private static final Set<String> PROSE = Set.of(CommandLine.Model.UsageMessageSpec.SECTION_KEY_HEADER,
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER);
    private static final Pattern WORD = Pattern.compile("( *)(\\S+)");

    private HelpLayout() {}

    /**
     * Makes {@code cl} and its subcommands write help for a terminal {@code width} wide (asked for only when help is
     * written: measuring a terminal starts {@code stty}).
     */
    static void apply(CommandLine cl, java.util.function.IntSupplier width) {
        int[] measured = new int[1];
        java.util.function.IntSupplier columns = () -> measured[0] > 0 ? measured[0] : (measured[0] = width.getAsInt());
        cl.setUsageHelpWidth(UNWRAPPED);
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>();
        for (var e : cl.getHelpSectionMap().entrySet()) {
            IHelpSectionRenderer unwrapped = e.getValue();
            String key = e.getKey();
            if (key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST)) {
                sections.put(key, help -> wrap(commands(help), columns.getAsInt(), false));
            } else if (key.equals(CommandLine.Model.UsageMessageSpec.SECTION_KEY_SYNOPSIS)) {
                sections.put(key, help -> synopsis(unwrapped.render(help), DisplayWidth.of(help.synopsisHeading()), columns.getAsInt()));
            } else {
                boolean prose = PROSE.contains(key);
                sections.put(key, help -> wrap(unwrapped.render(help), columns.getAsInt(), prose));
            }
        }
        cl.setHelpSectionMap(sections);
    }

    /**
     * {@code text} with every line longer than {@code columns} broken at spaces; in prose ({@code prose}: a description
     * or footer) example lines are left whole.
     */
    static String wrap(String text, int columns, boolean prose) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) out.append('\n');
            String line = lines[i];
            // prose broken mid-sentence across lines of the source: a line too long that goes on in the next is reflowed
            // with it, so no short ragged row is left between them
            while (prose && i + 1 < lines.length && DisplayWidth.of(line.stripTrailing()) > columns && continues(line, lines[i + 1])) {
                line = line.stripTrailing() + " " + lines[++i].strip();
            }
            if (DisplayWidth.of(line.stripTrailing()) <= columns || prose && EXAMPLE.matcher(line).matches()) {
                out.append(line);
                continue;
            }
            line = line.stripTrailing();
            int lead = line.length() - line.stripLeading().length();
            int indent = lead;
            Matcher row = TABLE_ROW.matcher(line);
            if (!prose && row.find() && row.end() - 1 < 40) indent = row.end() - 1 + 2;
            else if (!prose && lead >= 20) indent = lead + 2;
            out.append(String.join("\n", breakAtSpaces(line, 0, columns, indent)));
        }
        return out.toString();
    }

    /** Whether {@code next} goes on with the sentence {@code line} left unfinished (not after . or :, not an example or a blank). */
    private static boolean continues(String line, String next) {
        String l = line.stripTrailing();
        return !l.endsWith(".") && !l.endsWith(":") && !next.isBlank() && !next.startsWith(" ") && !EXAMPLE.matcher(next).matches();
    }

    /**
     * The list of commands, each with the first sentence of its description whole (picocli takes the description's
     * first line, which may stop in the middle of a sentence: "every data file is read").
     */
    static String commands(CommandLine.Help help) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (var e : help.subcommands().entrySet()) {
            var usage = e.getValue().commandSpec().usageMessage();
            if (usage.hidden()) continue;
            rows.put(e.getKey(), firstSentence(String.join(" ", usage.description())));
        }
        if (rows.isEmpty()) return "";
        int name = rows.keySet().stream().mapToInt(DisplayWidth::of).max().orElse(0);
        StringBuilder out = new StringBuilder();
        rows.forEach((k, v) -> out.append("  ").append(DisplayWidth.pad(k, name)).append("  ").append(v).append('\n'));
        return out.toString();
    }

    private static String firstSentence(String text) {
        String t = text.replace("%n", " ").replaceAll("\\s+", " ").strip();
        int end = t.indexOf(". ");
        return end < 0 ? t : t.substring(0, end + 1);
    }

    /** The synopsis, written after its heading ({@code offset} columns), continued under its first option. */
    static String synopsis(String text, int offset, int columns) {
        String first = text.lines().findFirst().orElse("");
        if (offset + DisplayWidth.of(first.stripTrailing()) <= columns) return text;
        int bracket = first.indexOf(" [");
        int indent = offset + (bracket > 0 && bracket < 30 ? bracket + 1 : 2);
        List<String> rows = new ArrayList<>();
        for (String line : text.split("\n")) rows.addAll(breakAtSpaces(line.stripTrailing(), offset, columns, indent));
        return String.join("\n", rows) + (text.endsWith("\n") ? "\n" : "");
    }

    /** {@code line} broken at spaces into rows of at most {@code columns} (the first starts at column {@code offset}). */
    private static List<String> breakAtSpaces(String line, int offset, int columns, int indent) {
        List<String> rows = new ArrayList<>();
        StringBuilder row = new StringBuilder();
        int width = offset;
        Matcher m = WORD.matcher(line);
        boolean empty = true;
        while (m.find()) {
            String gap = m.group(1);
            for (String word : segments(m.group(2))) {
                int w = DisplayWidth.of(word);
                if (!empty && width + gap.length() + w > columns) {
                    rows.add(row.toString());
                    row = new StringBuilder(" ".repeat(indent));
                    width = indent;
                    gap = "";
                }
                row.append(gap).append(word);
                width += gap.length() + w;
                empty = false;
                gap = ""; // the segments of one word follow each other without a space
            }
        }
        rows.add(row.toString());
        return rows;
    }

    /** Closing punctuation that may not start a row, opening punctuation that may not end one (Chinese line breaking). */
    private static final String NO_ROW_START = "，。、；：！？）」』》〉”’%", NO_ROW_END = "（「『《〈“‘";

    /**
     * {@code word} cut where a row may break inside it: Chinese has no spaces, so a row may break before or after any
     * wide character, except before closing punctuation or after opening punctuation. A word without wide characters
     * stays whole.
     */
    static List<String> segments(String word) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            boolean wide = DisplayWidth.of(cp) == 2;
            boolean glued = NO_ROW_START.contains(ch) || cur.length() > 0 && NO_ROW_END.indexOf(cur.charAt(cur.length() - 1)) >= 0;
            boolean prevWide = cur.length() > 0 && DisplayWidth.of(cur.codePointBefore(cur.length())) == 2;
            if (cur.length() > 0 && !glued && (wide || prevWide)) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            cur.append(ch);
            i += Character.charCount(cp);
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }
}
