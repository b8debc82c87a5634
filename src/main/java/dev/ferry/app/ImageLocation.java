package dev.ferry.app;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.Text;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an image is, as written on the command line:
 * <ul>
 *   <li>{@code REF} or {@code docker://REF}: an image in a registry, named exactly as docker names it
 *       ({@code nginx} is {@code docker.io/library/nginx:latest});</li>
 *   <li>{@code @NAME/REPO[:TAG]}: an image in the registry called NAME in cfg.yaml (a bare
 *       {@code nj/app} is always Docker Hub's {@code nj} namespace, as in docker);</li>
 *   <li>{@code oci:DIR[:TAG]} or {@code oci:DIR@DIGEST}: an OCI image-layout directory.</li>
 * </ul>
 */
public sealed interface ImageLocation {
    Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    /** What the user wrote, for messages. */
    String text();

    record Registry(ImageReference reference, boolean explicitTag, String text) implements ImageLocation {}

    /**
     * A local daemon: {@code docker[:REF]} or {@code containerd[:REF]} (namespace from
     * {@code CONTAINERD_NAMESPACE}, else k8s.io). Without REF the source's name is used.
     */
    record Daemon(String kind, ImageReference reference, boolean explicitTag, String text) implements ImageLocation {}

    /** @param reference a tag or digest inside the layout; null when none was given */
    record Layout(Path directory, String reference, String text) implements ImageLocation {}

    static ImageLocation parse(String s, Map<String, String> registryNames) {
        if (s == null || s.isBlank()) throw new BadInputException(Text.of("location.empty"));
        String text = s.trim();
        if (text.startsWith("oci:")) return layout(text);
        for (String kind : new String[]{"docker", "containerd"}) {
            if (text.equals(kind)) return new Daemon(kind, null, false, text);
            if (text.startsWith(kind + ":") && !text.startsWith(kind + "://") && !Character.isDigit(text.charAt(kind.length() + 1))) {
                String ref = text.substring(kind.length() + 1);
                return new Daemon(kind, ImageReference.parse(ref), hasExplicitTag(ref) || ref.contains("@"), text);
            }
        }
        String ref = text;
        if (ref.startsWith("docker://")) ref = ref.substring("docker://".length());
        else if (ref.startsWith("@")) ref = alias(ref, registryNames);
        else if (ref.contains("://")) {
            throw new BadInputException(Text.of("location.invalid", text));
        }
        ImageReference r = ImageReference.parse(ref);
        return new Registry(r, hasExplicitTag(ref), text);
    }

    private static String alias(String s, Map<String, String> names) {
        int slash = s.indexOf('/');
        String name = slash < 0 ? s.substring(1) : s.substring(1, slash);
        String host = names.get(name);
        if (host == null) {
            throw new BadInputException(names.isEmpty() ? Text.of("location.unknown_name_none", name, s)
                    : Text.of("location.unknown_name", name, s, String.join(", ", names.keySet())));
        }
        if (slash < 0 || slash == s.length() - 1) throw new BadInputException(Text.of("location.no_repository", s, name));
        return host + s.substring(slash);
    }

    /** True when the last path component carries {@code :tag} (docker would otherwise add latest). */
    public static boolean hasExplicitTag(String ref) {
        String noDigest = ref.contains("@") ? ref.substring(0, ref.indexOf('@')) : ref;
        String last = noDigest.substring(noDigest.lastIndexOf('/') + 1);
        return last.contains(":");
    }

    private static Layout layout(String text) {
        String rest = text.substring("oci:".length());
        if (rest.isEmpty()) throw new BadInputException(Text.of("location.oci_no_directory", text));
        int at = rest.lastIndexOf("@sha256:");
        if (at < 0) at = rest.lastIndexOf("@sha512:");
        if (at > 0) {
            return new Layout(Path.of(rest.substring(0, at)), rest.substring(at + 1), text);
        }
        int colon = rest.lastIndexOf(':');
        if (colon > 0) {
            String tag = rest.substring(colon + 1);
            String dir = rest.substring(0, colon);
            boolean driveOnly = dir.length() == 1 && Character.isLetter(dir.charAt(0));
            if (!driveOnly && TAG.matcher(tag).matches()) return new Layout(Path.of(dir), tag, text);
        }
        return new Layout(Path.of(rest), null, text);
    }
}
