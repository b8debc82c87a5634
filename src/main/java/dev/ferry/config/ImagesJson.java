package dev.ferry.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.oci.Platform;
import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * dockerTransfer's {@code images.json}: a JSON array of objects, each an image to mirror.
 *
 * <pre>
 * [
 *     {
 *         "source": "nginx:1.21",
 *         "target": "nginx",
 *         "tags": ["1.21", "latest"],
 *         "architectures": ["amd64", "arm64"]
 *     }
 * ]
 * </pre>
 *
 * <ul>
 *   <li>{@code source} (required): any image reference, Docker Hub short names too.</li>
 *   <li>{@code target} (required): a repository name without registry part or tag; it is put under the
 *       target registry and its namespace.</li>
 *   <li>{@code tags} (required, at least one): every tag written at the target, all from one read of the
 *       source.</li>
 *   <li>{@code architectures}: {@code amd64}, {@code arm64}, {@code arm/v7}, {@code ppc64le},
 *       {@code s390x} (all linux), or {@code os/arch[/variant]}; absent or empty keeps every platform.</li>
 * </ul>
 *
 * <p>A source {@code repo:/REGEX/} (as image-syncer writes it) is the repository's tags the
 * expression finds, each written under its own name; {@code tags} is then left out.
 *
 * <p>A file holding one object alone (as the documents show each example) is one image. Each object becomes one {@link ImageListEntry} at the object's line, its target
 * {@code target:FIRST-TAG}, the other tags in {@link ImageListEntry.Extra#alsoTags()}. What people
 * get wrong in JSON — a trailing comma, single quotes, a missing field, a target with a tag — is a
 * {@link ConfigException} at the line and column, saying what to write instead.
 */
public final class ImagesJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("source", "target", "tags", "architectures");
    private static final Set<String> OPERATING_SYSTEMS = Set.of("linux", "windows", "darwin", "freebsd", "netbsd", "openbsd",
            "solaris", "illumos", "aix", "plan9", "wasip1", "js");
    private static final Text EXAMPLE = Text.of("settings.json_example", "{\"source\": \"nginx:1.21\", \"target\": \"nginx\","
            + " \"tags\": [\"1.21\", \"latest\"], \"architectures\": [\"amd64\", \"arm64\"]}");
    private static final String ARRAY = "[ {...}, {...} ]";
    /** How Jackson's message on a field given twice starts. */
    private static final String JACKSON_DUPLICATE = "Duplicate field";

    private ImagesJson() {
    }

    /**
     * Whether list text looks like images.json rather than one image a line: it starts with
     * {@code [}, or with <code>{</code> (one image alone, as the documents show each example).
     */
    public static boolean looksLikeJson(String text) {
        String t = (text.startsWith("\uFEFF") ? text.substring(1) : text).stripLeading();
        return t.startsWith("[") || t.startsWith("{");
    }

    /**
     * Parses images.json text.
     *
     * @param name the file's name in messages
     * @throws ConfigException at {@code name:LINE:COLUMN} for the first mistake
     */
    public static List<ImageListEntry> parse(String text, String name) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        try (JsonParser p = JSON.createParser(t)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                // one image alone, as the documents show each example: the array's brackets left out
                ImageListEntry one = object(p, name);
                if (p.nextToken() != null) {
                    throw error(name, p.currentTokenLocation(), Text.of("settings.json_after_object", "'}'"),
                            Text.of("settings.json_after_object_expected", ARRAY));
                }
                return List.of(one);
            }
            if (first != JsonToken.START_ARRAY) {
                throw error(name, p.currentTokenLocation(), first == null ? Text.of("settings.json_empty") : Text.of("settings.json_no_bracket", "'['"),
                        Text.of("settings.json_array_expected", ARRAY));
            }
            List<ImageListEntry> out = new ArrayList<>();
            JsonToken tok;
            while ((tok = p.nextToken()) != JsonToken.END_ARRAY) {
                if (tok != JsonToken.START_OBJECT) {
                    throw error(name, p.currentTokenLocation(), Text.of("settings.json_element_not_object", what(tok)), EXAMPLE);
                }
                out.add(object(p, name));
            }
            if (p.nextToken() != null) {
                throw error(name, p.currentTokenLocation(), Text.of("settings.json_after_array"), Text.of("settings.json_one_array_expected"));
            }
            return List.copyOf(out);
        } catch (JsonParseException e) {
            throw syntax(t, name, e);
        } catch (JsonProcessingException e) {
            throw syntax(t, name, e);
        } catch (IOException e) {
            throw new ConfigException(name, Text.of("settings.json_unreadable", Text.of(e)), Text.of("settings.json_expected_array"));
        }
    }

    private static ImageListEntry object(JsonParser p, String name) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        String source = null, target = null;
        JsonLocation sourceAt = null, targetAt = null, tagsAt = null;
        List<String> tags = null;
        List<Platform> platforms = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonLocation fieldAt = p.currentTokenLocation();
            JsonToken v = p.nextToken();
            switch (field) {
                case "source" -> { sourceAt = p.currentTokenLocation(); source = string(p, v, name, field); }
                case "target" -> { targetAt = p.currentTokenLocation(); target = string(p, v, name, field); }
                case "tags" -> { tagsAt = p.currentTokenLocation(); tags = strings(p, v, name, field); }
                case "architectures" -> {
                    for (String a : strings(p, v, name, field)) platforms.add(platform(a, p.currentTokenLocation(), name));
                }
                default -> {
                    String closest = Suggestions.closest(field, FIELDS);
                    throw error(name, fieldAt, Text.of("settings.json_unknown_field", field),
                            closest != null ? Text.of("secrets.did_you_mean", closest) : Text.of("settings.json_fields_expected"));
                }
            }
        }
        if (source == null) throw error(name, start, Text.of("settings.json_no_source"), Text.of("settings.json_no_source_expected"));
        if (target == null) throw error(name, start, Text.of("settings.json_no_target"), Text.of("settings.json_no_target_expected"));
        String src = source.strip();
        int sel = src.lastIndexOf(":/");
        if (sel > 0 && src.endsWith("/") && src.length() > sel + 3) {
            // "repo:/REGEX/": the tags the expression finds, each written under its own name
            if (tags != null && !tags.isEmpty()) {
                throw error(name, tagsAt, Text.of("settings.json_tags_beside_regex", src.substring(sel + 1)), Text.of("settings.json_tags_beside_regex_expected"));
            }
            TagSelector chosen;
            try {
                chosen = TagSelector.regex(src.substring(sel + 2, src.length() - 1));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw error(name, sourceAt, Text.of("settings.json_not_regex", src.substring(sel + 1), e.getDescription()),
                        Text.of("settings.json_regex_expected"));
            }
            checkSource(src.substring(0, sel), sourceAt, name);
            checkTarget(target, targetAt, name);
            return new ImageListEntry(src.substring(0, sel), target.strip(), start.getLineNr(),
                    new ImageListEntry.Extra(List.of(), platforms, true, true, chosen));
        }
        if (tags == null) throw error(name, start, Text.of("settings.json_no_tags"), Text.of("settings.json_no_tags_expected"));
        if (tags.isEmpty()) throw error(name, tagsAt, Text.of("settings.json_tags_empty"), Text.of("settings.json_tags_empty_expected"));
        checkSource(source, sourceAt, name);
        checkTarget(target, targetAt, name);
        for (String tag : tags) {
            if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
                throw error(name, tagsAt, Text.of("settings.json_tag_invalid", tag), Text.of("settings.json_tag_expected"));
            }
        }
        List<String> more = tags.stream().distinct().skip(1).toList();
        return new ImageListEntry(source.strip(), target.strip() + ":" + tags.get(0), start.getLineNr(),
                new ImageListEntry.Extra(more, platforms, true, true));
    }

    private static void checkSource(String source, JsonLocation at, String name) {
        try {
            ImageReference.parse(ImageList.stripScheme(source.strip()));
        } catch (InvalidReferenceException e) {
            throw error(name, at, Text.of("settings.json_source_invalid", Text.of(e)), Text.of("settings.json_source_expected"));
        }
    }

    private static void checkTarget(String target, JsonLocation at, String name) {
        String t = target.strip();
        int slash = t.lastIndexOf('/');
        int colon = t.indexOf(':', slash + 1);
        if (t.indexOf('@') >= 0) {
            throw error(name, at, Text.of("settings.json_target_digest", target), Text.of("settings.json_name_alone", t.substring(0, t.indexOf('@'))));
        }
        if (colon >= 0) {
            throw error(name, at, Text.of("settings.json_target_tag", target), Text.of("settings.json_target_tag_expected", t.substring(0, colon), t.substring(colon + 1)));
        }
        if (!ImageMapper.withoutRegistry(t).equals(t)) {
            throw error(name, at, Text.of("settings.json_target_registry", target), Text.of("settings.json_target_registry_expected", ImageMapper.withoutRegistry(t)));
        }
        try {
            ImageReference.parse("target.invalid/" + t + ":latest");
        } catch (InvalidReferenceException e) {
            throw error(name, at, Text.of("settings.json_target_invalid", Text.of(e)), Text.of("settings.json_target_expected"));
        }
    }

    /**
     * An architecture as dockerTransfer writes it: {@code amd64}, {@code arm/v7} (linux), or
     * {@code os/arch[/variant]}.
     */
    static Platform platform(String a, JsonLocation at, String name) {
        String s = a.strip();
        String[] parts = s.split("/", -1);
        try {
            if (parts.length == 1 || (parts.length == 2 && !OPERATING_SYSTEMS.contains(parts[0].toLowerCase(java.util.Locale.ROOT)))) {
                return Platform.parse("linux/" + s);
            }
            return Platform.parse(s);
        } catch (IllegalArgumentException e) {
            throw error(name, at, Text.of("settings.json_not_architecture", a), Text.of("settings.json_architecture_expected"));
        }
    }

    private static String string(JsonParser p, JsonToken v, String name, String field) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw error(name, p.currentTokenLocation(), Text.of("settings.json_not_string", field, what(v)), Text.of("settings.json_quote_it"));
        }
        if (p.getText().isBlank()) throw error(name, p.currentTokenLocation(), Text.of("settings.json_field_empty", field), EXAMPLE);
        return p.getText();
    }

    private static List<String> strings(JsonParser p, JsonToken v, String name, String field) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            throw error(name, p.currentTokenLocation(), Text.of("settings.json_string_not_list", field), Text.of("settings.json_as_list", p.getText()));
        }
        if (v != JsonToken.START_ARRAY) {
            throw error(name, p.currentTokenLocation(), Text.of("settings.json_not_list", field, what(v)), Text.of("settings.json_as_list_of_strings"));
        }
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw error(name, p.currentTokenLocation(), Text.of("settings.json_element_not_string", field, what(t)), Text.of("settings.json_quote_each"));
            }
            out.add(p.getText().strip());
        }
        return out;
    }

    private static Text what(JsonToken t) {
        if (t == null) return Text.of("settings.json_what_missing");
        return switch (t) {
            case START_OBJECT -> Text.of("settings.json_what_object");
            case START_ARRAY -> Text.of("settings.node_list");
            case VALUE_STRING -> Text.of("settings.json_what_string");
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> Text.of("settings.json_what_number");
            case VALUE_TRUE, VALUE_FALSE -> Text.verbatim("true/false");
            case VALUE_NULL -> Text.verbatim("null");
            default -> Text.verbatim(t.asString() == null ? t.name() : "'" + t.asString() + "'");
        };
    }

    /** A syntax error said the way a person fixes it: the trailing comma, the single quote, the missing comma. */
    private static ConfigException syntax(String text, String name, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int offset = loc == null ? -1 : (int) loc.getCharOffset();
        char c = offset >= 0 && offset < text.length() ? text.charAt(offset) : 0;
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith(JACKSON_DUPLICATE)) {
            return error(name, loc, Text.of("settings.json_duplicate", original.substring(JACKSON_DUPLICATE.length()).strip()), Text.of("settings.json_keep_one"));
        }
        if (c == '\'') {
            return error(name, loc, Text.of("settings.json_single_quotes"), Text.of("settings.json_double_quotes"));
        }
        if (c == ']' || c == '}') {
            int i = offset - 1;
            while (i >= 0 && Character.isWhitespace(text.charAt(i))) i--;
            if (i >= 0 && text.charAt(i) == ',') {
                int[] lc = lineColumn(text, i);
                return new ConfigException(name, lc[0], lc[1], Text.of(c == ']' ? "settings.json_comma_after_element" : "settings.json_comma_after_field"),
                        Text.of("settings.json_remove_comma", String.valueOf(c)), e);
            }
        }
        if (offset < 0 || offset >= text.length() || (original != null && original.contains("end-of-input"))) {
            return error(name, loc, Text.of("settings.json_unclosed"), Text.of("settings.json_close_every", "'['", "']'", "'{'", "'}'"));
        }
        if (c == '"' || c == '{' || c == '[') {
            String before = c == '{' ? "settings.json_comma_before_object" : c == '[' ? "settings.json_comma_before_list" : "settings.json_comma_before_string";
            return error(name, loc, Text.of(before), Text.of("settings.json_separate"));
        }
        Text first = original == null ? Text.of("settings.json_invalid") : Text.verbatim(original.lines().findFirst().orElse(original));
        return error(name, loc, first, Text.of("settings.json_expected"));
    }

    private static int[] lineColumn(String text, int offset) {
        int line = 1, col = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') { line++; col = 1; } else col++;
        }
        return new int[]{line, col};
    }

    private static ConfigException error(String name, JsonLocation loc, Text problem, Text expected) {
        return new ConfigException(name, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), problem, expected, null);
    }
}
