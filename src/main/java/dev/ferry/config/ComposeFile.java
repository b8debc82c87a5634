package dev.ferry.config;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Text;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The images of a docker-compose file, and the same file with other images: what seed 004's
 * generator scripts did with docker-compose.yaml.
 *
 * <ul>
 *   <li>Every service's {@code image:} is collected, its variables filled in as docker compose does
 *       ({@link ComposeVariables}); a service with {@code build:} and no {@code image:} is skipped.</li>
 *   <li>{@link #mirrorName} maps a name under a prefix, keeping its path or (flattened) joining it with
 *       {@code -}: {@code langgenius/dify-api:2.0.0-beta.2} to {@code PREFIX/langgenius-dify-api:2.0.0-beta.2},
 *       {@code ghcr.io/chroma-core/chroma:0.5.20} to {@code PREFIX/chroma-core-chroma:0.5.20}.</li>
 *   <li>{@link #rewrite} changes only the {@code image:} values in the text: comments, order, quoting
 *       and everything else stay as they were.</li>
 * </ul>
 */
public final class ComposeFile {
    private static final Text EXPECTED = Text.of("compose.expected");

    /**
     * One service's image.
     *
     * @param written the value as written, variables and all
     * @param image   the value with its variables filled in
     * @param start   where the value (with its quotes, if any) starts in the text (a char index)
     * @param end     where it ends
     */
    public record Image(String service, String written, String image, int line, int column, int start, int end, char quote) {}

    private final String text;
    private final List<Image> images;
    private final List<String> buildOnly;

    private ComposeFile(String text, List<Image> images, List<String> buildOnly) {
        this.text = text;
        this.images = List.copyOf(images);
        this.buildOnly = List.copyOf(buildOnly);
    }

    /** Reads the file's services. */
    public static ComposeFile parse(String text, String name, ComposeVariables vars) {
        Node root = YamlText.compose(text, name);
        if (!(root instanceof MappingNode m)) throw new ConfigException(name, 1, 1, Text.of("compose.not_a_mapping"), EXPECTED, null);
        MappingNode services = null;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("services")) {
                if (!(t.getValueNode() instanceof MappingNode s)) throw error(name, t.getValueNode(), Text.of("compose.services_not_a_mapping"));
                services = s;
            }
        }
        if (services == null) throw new ConfigException(name, 1, 1, Text.of("compose.no_services"), EXPECTED, null);
        List<Image> images = new ArrayList<>();
        List<String> buildOnly = new ArrayList<>();
        for (NodeTuple s : services.getValue()) {
            String service = s.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
            if (!(s.getValueNode() instanceof MappingNode def)) continue;
            ScalarNode image = null;
            boolean build = false;
            for (NodeTuple f : def.getValue()) {
                String key = f.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                if (key.equals("image")) {
                    if (!(f.getValueNode() instanceof ScalarNode v)) throw error(name, f.getValueNode(), Text.of("compose.image_not_a_name", service));
                    image = v;
                }
                if (key.equals("build")) build = true;
            }
            if (image == null) {
                if (build) buildOnly.add(service);
                continue;
            }
            images.add(image(text, name, service, image, vars));
        }
        return new ComposeFile(text, images, buildOnly);
    }

    private static Image image(String text, String name, String service, ScalarNode v, ComposeVariables vars) {
        int line = v.getStartMark().getLine() + 1, col = v.getStartMark().getColumn() + 1;
        String filled;
        try {
            filled = vars.interpolate(v.getValue()).strip();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, line, col, Text.of("compose.image_variable", service, Text.of(e)), Text.of("compose.image_variable_expected", "${VAR:-value}"), null);
        }
        try {
            ImageReference.parse(filled);
        } catch (InvalidReferenceException e) {
            throw new ConfigException(name, line, col, Text.of("compose.image_invalid", service, filled, Text.of(e)), Text.of("compose.image_invalid_expected"), e);
        }
        int start = text.offsetByCodePoints(0, v.getStartMark().getIndex());
        int end = text.offsetByCodePoints(0, v.getEndMark().getIndex());
        char q = start < text.length() && (text.charAt(start) == '"' || text.charAt(start) == '\'') ? text.charAt(start) : 0;
        return new Image(service, v.getValue(), filled, line, col, start, end, q);
    }

    public List<Image> images() { return images; }

    /** Services built here, without an image to mirror. */
    public List<String> buildOnly() { return buildOnly; }

    /**
     * The name an image gets under {@code prefix} (a path, may be empty): its path without registry,
     * flattened with {@code -} when asked, with its tag (or {@code latest}) or digest.
     */
    public static String mirrorName(String image, String prefix, boolean flatten) {
        String rest = ImageMapper.withoutRegistry(ImageList.stripScheme(image.strip()));
        int at = rest.indexOf('@');
        int slash = rest.lastIndexOf('/', at < 0 ? rest.length() : at);
        int colon = rest.indexOf(':', slash + 1);
        int cut = colon >= 0 && (at < 0 || colon < at) ? colon : at >= 0 ? at : rest.length();
        String path = rest.substring(0, cut);
        String suffix = cut == rest.length() ? ":latest" : rest.substring(cut);
        if (flatten) path = path.replace('/', '-');
        String p = prefix == null ? "" : prefix.strip().replaceAll("^/+|/+$", "");
        return (p.isEmpty() ? "" : p + "/") + path + suffix;
    }

    /** The images of an ignore list (seed 004's ignore-images.txt): one a line, # comments. */
    public static List<String> ignoreList(String text) {
        List<String> out = new ArrayList<>();
        for (String raw : text.split("\r\n|\r|\n")) {
            String line = raw.replaceAll("(^|\\s)#.*$", "").strip();
            if (!line.isEmpty()) out.add(line);
        }
        return out;
    }

    /**
     * Whether {@code image} is the one an ignore line names: the same repository (as docker reads
     * names), and the same tag or digest when the line gives one.
     */
    public static boolean ignores(String line, String image) {
        try {
            ImageReference a = ImageReference.parse(line), b = ImageReference.parse(image);
            if (!a.registry().equals(b.registry()) || !a.repository().equals(b.repository())) return false;
            String rest = ImageMapper.withoutRegistry(line);
            boolean tagged = rest.indexOf('@') >= 0 || rest.indexOf(':', rest.lastIndexOf('/') + 1) >= 0;
            return !tagged || a.reference().equals(b.reference());
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /** The file's text with each image replaced by {@code newNames.get(image)} (images not in the map stay). */
    public String rewrite(Map<Image, String> newNames) {
        StringBuilder b = new StringBuilder(text);
        List<Image> order = new ArrayList<>(images);
        order.sort(Comparator.comparingInt(Image::start).reversed());
        int last = Integer.MAX_VALUE;
        for (Image i : order) {
            String n = newNames.get(i);
            if (n == null || i.end() > last) continue; // one value shared through an anchor is replaced once
            String value = i.quote() == 0 ? n : i.quote() + n + i.quote();
            b.replace(i.start(), i.end(), value);
            last = i.start();
        }
        return b.toString();
    }

    private static ConfigException error(String name, Node n, Text problem) {
        return new ConfigException(name, n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1, problem, EXPECTED, null);
    }
}
