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
    private static final String EXAMPLE = "expected objects such as {\"source\": \"nginx:1.21\", \"target\": \"nginx\","
            + " \"tags\": [\"1.21\", \"latest\"], \"architectures\": [\"amd64\", \"arm64\"]}";

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
                    throw at(name, p.currentTokenLocation(), "more text after the image's closing '}'",
                            "put several images in a JSON array: [ {...}, {...} ]");
                }
                return List.of(one);
            }
            if (first != JsonToken.START_ARRAY) {
                throw at(name, p.currentTokenLocation(), first == null ? "the file is empty" : "the file does not start with '['",
                        "expected a JSON array: [ {...}, {...} ]");
            }
            List<ImageListEntry> out = new ArrayList<>();
            JsonToken tok;
            while ((tok = p.nextToken()) != JsonToken.END_ARRAY) {
                if (tok != JsonToken.START_OBJECT) {
                    throw at(name, p.currentTokenLocation(), "an element of the array is " + what(tok) + ", not an object", EXAMPLE);
                }
                out.add(object(p, name));
            }
            if (p.nextToken() != null) {
                throw at(name, p.currentTokenLocation(), "more text after the array's closing ']'", "expected one JSON array in the file");
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
                    throw at(name, fieldAt, "unknown field \"" + field + "\"",
                            closest != null ? "did you mean \"" + closest + "\"?" : "expected source, target, tags and architectures");
                }
            }
        }
        if (source == null) throw at(name, start, "this image has no \"source\"", "add \"source\": \"nginx:1.21\" (the image to copy)");
        if (target == null) throw at(name, start, "this image has no \"target\"", "add \"target\": \"nginx\" (the name at the target, without tag)");
        String src = source.strip();
        int sel = src.lastIndexOf(":/");
        if (sel > 0 && src.endsWith("/") && src.length() > sel + 3) {
            // "repo:/REGEX/": the tags the expression finds, each written under its own name
            if (tags != null && !tags.isEmpty()) {
                throw at(name, tagsAt, "\"tags\" beside a source that chooses its tags (" + src.substring(sel + 1) + ")",
                        "leave \"tags\" out: each chosen tag keeps its name");
            }
            TagSelector chosen;
            try {
                chosen = TagSelector.regex(src.substring(sel + 2, src.length() - 1));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw at(name, sourceAt, "\"source\": " + src.substring(sel + 1) + " is not a regular expression: " + e.getDescription(),
                        "expected REPOSITORY:/REGEX/, e.g. nginx:/^1\\./");
            }
            checkSource(src.substring(0, sel), sourceAt, name);
            checkTarget(target, targetAt, name);
            return new ImageListEntry(src.substring(0, sel), target.strip(), start.getLineNr(),
                    new ImageListEntry.Extra(List.of(), platforms, true, true, chosen));
        }
        if (tags == null) throw at(name, start, "this image has no \"tags\"", "add \"tags\": [\"latest\"] (the tags to write at the target)");
        if (tags.isEmpty()) throw at(name, tagsAt, "\"tags\" is empty", "give at least one tag, e.g. [\"latest\"]");
        checkSource(source, sourceAt, name);
        checkTarget(target, targetAt, name);
        for (String tag : tags) {
            if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
                throw at(name, tagsAt, "\"" + tag + "\" is not a valid tag",
                        "a tag is up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
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
            throw at(name, at, "\"source\": " + e.getMessage(), "expected an image such as nginx:1.21 or ghcr.io/open-webui/open-webui:main");
        }
    }

    private static void checkTarget(String target, JsonLocation at, String name) {
        String t = target.strip();
        int slash = t.lastIndexOf('/');
        int colon = t.indexOf(':', slash + 1);
        if (t.indexOf('@') >= 0) {
            throw at(name, at, "\"target\": \"" + target + "\" has a digest", "write the name alone, e.g. \"" + t.substring(0, t.indexOf('@')) + "\"");
        }
        if (colon >= 0) {
            throw at(name, at, "\"target\": \"" + target + "\" has a tag", "write the name alone (\"" + t.substring(0, colon)
                    + "\") and put \"" + t.substring(colon + 1) + "\" in \"tags\"");
        }
        if (!ImageMapper.withoutRegistry(t).equals(t)) {
            throw at(name, at, "\"target\": \"" + target + "\" names a registry", "write the name alone, e.g. \""
                    + ImageMapper.withoutRegistry(t) + "\"; the registry is --to's");
        }
        try {
            ImageReference.parse("target.invalid/" + t + ":latest");
        } catch (InvalidReferenceException e) {
            throw at(name, at, "\"target\": " + e.getMessage(), "expected a repository name such as vllm-openai");
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
            throw at(name, at, "\"" + a + "\" is not an architecture", "expected amd64, arm64, arm/v7, ppc64le, s390x or os/arch[/variant]");
        }
    }

    private static String string(JsonParser p, JsonToken v, String name, String field) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw at(name, p.currentTokenLocation(), "\"" + field + "\" is " + what(v) + ", not a string", "write it in double quotes");
        }
        if (p.getText().isBlank()) throw at(name, p.currentTokenLocation(), "\"" + field + "\" is empty", EXAMPLE);
        return p.getText();
    }

    private static List<String> strings(JsonParser p, JsonToken v, String name, String field) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            throw at(name, p.currentTokenLocation(), "\"" + field + "\" is a string, not a list", "write it as a list: [\"" + p.getText() + "\"]");
        }
        if (v != JsonToken.START_ARRAY) {
            throw at(name, p.currentTokenLocation(), "\"" + field + "\" is " + what(v) + ", not a list", "write it as a list of strings: [\"...\"]");
        }
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw at(name, p.currentTokenLocation(), "an element of \"" + field + "\" is " + what(t) + ", not a string", "write each in double quotes");
            }
            out.add(p.getText().strip());
        }
        return out;
    }

    private static String what(JsonToken t) {
        if (t == null) return "missing";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "true/false";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    /** A syntax error said the way a person fixes it: the trailing comma, the single quote, the missing comma. */
    private static ConfigException syntax(String text, String name, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int offset = loc == null ? -1 : (int) loc.getCharOffset();
        char c = offset >= 0 && offset < text.length() ? text.charAt(offset) : 0;
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            return at(name, loc, original.replace("Duplicate field", "the field").strip() + " is given twice", "keep one of them");
        }
        if (c == '\'') {
            return at(name, loc, "a string in single quotes", "JSON takes double quotes: \"nginx:1.21\", not 'nginx:1.21'");
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
            return at(name, loc, "the file ends before the JSON is closed", "close every '[' with ']' and every '{' with '}'");
        }
        if (c == '"' || c == '{' || c == '[') {
            return at(name, loc, "a comma is missing before this " + (c == '"' ? "string" : c == '{' ? "object" : "list"),
                    "separate elements and fields with ','");
        }
        String first = original == null ? "invalid JSON" : original.lines().findFirst().orElse(original);
        return at(name, loc, first, "expected JSON: strings in double quotes, elements separated by ',', none after the last");
    }

    private static int[] lineColumn(String text, int offset) {
        int line = 1, col = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') { line++; col = 1; } else col++;
        }
        return new int[]{line, col};
    }

    private static ConfigException at(String name, JsonLocation loc, String problem, String expected) {
        return new ConfigException(name, loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(), problem, expected);
    }
}
