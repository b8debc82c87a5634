package dev.ferry.shell;

import dev.ferry.cli.OutputFormat;
import dev.ferry.cli.UsageException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one shell session and where the person is: the open registry and the repository path under it,
 * the output format, parallel transfers, platform, language and errexit. Never static: two shells in one process
 * (as the tests run them) do not see each other's.
 */
final class ShellState {
    /** The registry as the person opened it: {@code @nj} or {@code 127.0.0.1:5000}; null before {@code open}. */
    private String registry;
    /** The repository path under it, without a leading slash; empty at the registry's top. */
    private String path = "";
    OutputFormat output;
    Integer parallel;
    String platform;
    String lang;
    boolean errexit = true;

    String registry() { return registry; }

    String path() { return path; }

    /** Where the person is: {@code 127.0.0.1:5000/corpus/debian}, {@code @nj}; null before {@code open}. */
    String here() {
        if (registry == null) return null;
        return path.isEmpty() ? registry : registry + "/" + path;
    }

    /** {@code open @nj}, {@code open 127.0.0.1:5000} or {@code open 127.0.0.1:5000/corpus}: a registry (and a path in it). */
    void open(String target, Map<String, String> names) {
        String t = target.strip();
        while (t.endsWith("/")) t = t.substring(0, t.length() - 1);
        int slash = t.indexOf('/');
        String reg = slash < 0 ? t : t.substring(0, slash);
        if (reg.isEmpty()) throw UsageException.of("usage.shell_open_what");
        if (reg.startsWith("@") && !names.containsKey(reg.substring(1))) throw UsageException.of("usage.shell_unknown_name", reg.substring(1), String.join(", ", names.keySet()));
        registry = reg;
        path = slash < 0 ? "" : normalise("", t.substring(slash + 1));
    }

    /** {@code cd corpus/debian}, {@code cd ..}, {@code cd /}, {@code cd} (the top). */
    void cd(String arg) {
        if (registry == null) throw UsageException.of("usage.shell_not_open");
        path = arg == null ? "" : normalise(path, arg);
    }

    /** A path relative to the current one (or from the top with a leading /), its . and .. worked out. */
    static String normalise(String base, String arg) {
        List<String> parts = new ArrayList<>();
        if (!arg.startsWith("/") && !base.isEmpty()) parts.addAll(List.of(base.split("/")));
        for (String s : arg.split("/")) {
            if (s.isEmpty() || s.equals(".")) continue;
            if (s.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else {
                parts.add(s);
            }
        }
        return String.join("/", parts);
    }

    /**
     * A reference as the person wrote it, made whole: {@code :TAG} (or {@code @sha256:…}) is the current repository's
     * image, {@code ./REPO[:TAG]} and {@code ../REPO[:TAG]} are under the current path; anything else is left as it is.
     */
    String resolve(String ref) {
        if (ref.startsWith(":") && ref.length() > 1 || ref.startsWith("@sha256:")) {
            if (registry == null || path.isEmpty()) throw UsageException.of("usage.shell_no_repository", ref);
            return here() + ref;
        }
        if (ref.equals(".") || ref.equals("..") || ref.startsWith("./") || ref.startsWith("../")) {
            if (registry == null) throw UsageException.of("usage.shell_not_open");
            int colon = ref.lastIndexOf(':');
            String p = colon > ref.lastIndexOf('/') ? ref.substring(0, colon) : ref;
            String tag = colon > ref.lastIndexOf('/') ? ref.substring(colon) : "";
            String repo = normalise(path, p);
            return (repo.isEmpty() ? registry : registry + "/" + repo) + tag;
        }
        return ref;
    }

    /** True for {@code @nj/…} and for references whose first part is a registry host ({@code 127.0.0.1:5000/…}, {@code localhost/…}). */
    static boolean isAbsolute(String ref) {
        if (ref.startsWith("@")) return true;
        int slash = ref.indexOf('/');
        String first = slash < 0 ? ref : ref.substring(0, slash);
        return slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
    }

    /**
     * An image or repository argument of a CLI command (copy, inspect, tags): as {@link #resolve}, and, while a
     * registry is open, a name without a registry ({@code debian:12}, {@code corpus/web}) is under the current path,
     * as in a file system — never Docker Hub by accident; write {@code docker.io/library/debian} for that. Places that
     * are not registries ({@code oci:DIR}, {@code docker}, {@code containerd:NS}) stay as they are.
     */
    String resolveImage(String ref) {
        String r = resolve(ref);
        if (!r.equals(ref) || registry == null || isAbsolute(ref) || isPlace(ref)) return r;
        String repo = normalise(path, ref);
        return repo.isEmpty() ? registry : registry + "/" + repo;
    }

    static boolean isPlace(String ref) {
        return ref.startsWith("oci:") || ref.startsWith("docker://") || ref.equals("docker") || ref.startsWith("docker:")
                || ref.equals("containerd") || ref.startsWith("containerd:");
    }

    /** A repository named relative to where the person is (for ls, cd, diff): a path, or a whole reference. */
    String repository(String arg) {
        if (arg == null) {
            if (registry == null) throw UsageException.of("usage.shell_not_open");
            return here();
        }
        if (arg.startsWith(":") || arg.startsWith(".")) return resolve(arg);
        if (isAbsolute(arg) || arg.startsWith("docker.io/")) return arg;
        if (registry == null) throw UsageException.of("usage.shell_not_open");
        String repo = normalise(path, arg);
        return repo.isEmpty() ? registry : registry + "/" + repo;
    }
}
