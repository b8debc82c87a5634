package dev.ferry.config;

import dev.ferry.ref.Text;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

import java.io.StringReader;

/**
 * YAML text to a node tree with positions, for every YAML file ferry reads (cfg.yaml, image-transfer's
 * rules and secrets, docker-compose files): no object is constructed from a tag, aliases and nesting
 * are bounded, and a syntax error is a {@link ConfigException} at its line and column.
 */
final class YamlText {
    private YamlText() {
    }

    static Node compose(String text, String name) {
        LoaderOptions options = loaderOptions();
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            Text said = Text.of("settings.yaml_syntax", oneLine(problem));
            if (e.getContext() != null && !e.getContext().isBlank()) {
                Mark c = e.getContextMark();
                boolean elsewhere = c != null && m != null && c.getLine() != m.getLine();
                said = elsewhere ? Text.of("settings.yaml_syntax_context_at", oneLine(problem), e.getContext().strip(), c.getLine() + 1, c.getColumn() + 1)
                        : Text.of("settings.yaml_syntax_context", oneLine(problem), e.getContext().strip());
            }
            throw new ConfigException(name, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1,
                    said, Text.of("settings.yaml_expected_valid", "\": \"", "\" #\""), e);
        } catch (ReaderException e) {
            int[] at = position(text, e.getPosition());
            throw new ConfigException(name, at[0], at[1],
                    Text.of("settings.yaml_character", String.format("U+%04X", e.getCodePoint())),
                    Text.of("settings.yaml_expected_printable"), e);
        } catch (YAMLException e) {
            if (e.getMessage() == null || !e.getMessage().contains("aliases")) {
                throw new ConfigException(name, 1, 1, Text.of("settings.yaml_unreadable", oneLine(e.getMessage())),
                        Text.of("settings.yaml_expected_small"), e);
            }
            // The alias limit: find where it was exceeded.
            int[] at = {1, 1};
            int count = 0;
            try {
                for (Event ev : new Yaml(loaderOptions()).parse(new StringReader(text))) {
                    if (ev instanceof AliasEvent && ++count > ConfigParser.MAX_ALIASES) {
                        at = new int[] {ev.getStartMark().getLine() + 1, ev.getStartMark().getColumn() + 1};
                        break;
                    }
                }
            } catch (YAMLException ignored) {
                // keep 1:1
            }
            throw new ConfigException(name, at[0], at[1], Text.verbatim(oneLine(e.getMessage())),
                    Text.of("settings.yaml_expected_aliases", ConfigParser.MAX_ALIASES), e);
        }
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(ConfigParser.MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(ConfigParser.MAX_DEPTH);
        options.setProcessComments(false);
        options.setCodePointLimit(4 * 1024 * 1024);
        return options;
    }

    /** Line and column (1-based) of the code point at {@code index}. */
    private static int[] position(String text, int index) {
        int line = 1;
        int column = 1;
        int cp = 0;
        for (int i = 0; i < text.length() && cp < index; i += Character.charCount(text.codePointAt(i)), cp++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

}
