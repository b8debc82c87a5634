package dev.ferry.config;

import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a cfg.yaml, in image-transmit's format (every key of it is accepted), validated
 * and immutable. {@link ConfigLoader} reads them; {@link #empty()} is what applies without a file.
 *
 * @param sources       registries images are read from, in file order
 * @param targets       registries images are written to, in file order
 * @param maxconn       blobs moved at the same time (default 5)
 * @param retries       retries per blob and request (default 2; 0 means no retries)
 * @param singlefile    save: one data file instead of one per worker
 * @param dockerfile    save: a single file docker load also accepts
 * @param compressor    {@code tar}, {@code lz4}, {@code xz} or {@code squashfs}; {@code null} for the default
 * @param lang          {@code en_US} or {@code zh_CN}; {@code null} to follow the environment
 * @param cache         the local blob cache, or {@code null} when it is off
 * @param outprefix     save: prefix of pack file names, or {@code null}
 * @param interval      watch: seconds between scans (default 60)
 * @param dingtalk      robots notified when a job ends
 * @param skiptlsverify do not verify TLS certificates of any registry
 * @param file          the file the settings came from, or {@code null}
 * @param extra         every top-level key this class does not model, with its value as plain Java
 *                      ({@code String}, {@code Long}, {@code Double}, {@code Boolean}, {@code List},
 *                      {@code Map}, or {@code null}), in file order
 * @param warnings      keys the file holds that ferry does not know (at the top level or inside an
 *                      entry), each ignored: for a front end to show
 * @param webhooks      webhooks (cfg.yaml notify:) notified when a job (or a watch round) ends
 */
public record FerryConfig(List<RegistryEntry> sources, List<RegistryEntry> targets, int maxconn, int retries,
                          boolean singlefile, boolean dockerfile, String compressor, String lang,
                          CacheSettings cache, String outprefix, int interval, List<DingTalk> dingtalk,
                          boolean skiptlsverify, Path file, Map<String, Object> extra, List<ConfigWarning> warnings,
                          List<Webhook> webhooks) {

    public static final int DEFAULT_MAXCONN = 5;
    public static final int DEFAULT_RETRIES = 2;
    public static final int DEFAULT_INTERVAL = 60;
    /** The values {@code compressor:} takes. */
    public static final List<String> COMPRESSORS = List.of("tar", "lz4", "xz", "squashfs");
    /** The values {@code lang:} is normalised to. */
    public static final List<String> LANGUAGES = List.of("en_US", "zh_CN");

    /**
     * A language as cfg.yaml's {@code lang}, {@code --lang} and the shell's {@code set lang} take it, normalised to one
     * of {@link #LANGUAGES}: {@code zh_CN}, {@code zh-CN}, {@code zh}, {@code zh_CN.UTF-8}, {@code en_US}, {@code en}
     * (any case). Null for a language ferry does not speak.
     */
    public static String language(String value) {
        if (value == null) return null;
        String l = value.strip().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        int dot = l.indexOf('.');
        if (dot >= 0) l = l.substring(0, dot); // zh_CN.UTF-8, as in $LANG
        return switch (l) {
            case "en", "en_us" -> "en_US";
            case "zh", "zh_cn" -> "zh_CN";
            default -> null;
        };
    }

    public FerryConfig {
        sources = List.copyOf(sources == null ? List.of() : sources);
        targets = List.copyOf(targets == null ? List.of() : targets);
        dingtalk = List.copyOf(dingtalk == null ? List.of() : dingtalk);
        extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
        if (maxconn < 1) {
            throw new LocalizedArgumentException(Text.of("settings.maxconn_range", maxconn));
        }
        if (retries < 0) {
            throw new LocalizedArgumentException(Text.of("settings.retries_range", retries));
        }
        if (interval < 1) {
            throw new LocalizedArgumentException(Text.of("settings.interval_range", interval));
        }
        if (compressor != null && !COMPRESSORS.contains(compressor)) {
            throw new LocalizedArgumentException(Text.of("settings.compressor_one_of", COMPRESSORS.toString(), compressor));
        }
        if (lang != null && !LANGUAGES.contains(lang)) {
            throw new LocalizedArgumentException(Text.of("settings.lang_one_of", LANGUAGES.toString(), lang));
        }
    }

    /** Settings without webhooks. */
    public FerryConfig(List<RegistryEntry> sources, List<RegistryEntry> targets, int maxconn, int retries,
                       boolean singlefile, boolean dockerfile, String compressor, String lang,
                       CacheSettings cache, String outprefix, int interval, List<DingTalk> dingtalk,
                       boolean skiptlsverify, Path file, Map<String, Object> extra, List<ConfigWarning> warnings) {
        this(sources, targets, maxconn, retries, singlefile, dockerfile, compressor, lang, cache, outprefix, interval, dingtalk,
                skiptlsverify, file, extra, warnings, List.of());
    }

    /** Settings without warnings. */
    public FerryConfig(List<RegistryEntry> sources, List<RegistryEntry> targets, int maxconn, int retries,
                       boolean singlefile, boolean dockerfile, String compressor, String lang,
                       CacheSettings cache, String outprefix, int interval, List<DingTalk> dingtalk,
                       boolean skiptlsverify, Path file, Map<String, Object> extra) {
        this(sources, targets, maxconn, retries, singlefile, dockerfile, compressor, lang, cache, outprefix, interval, dingtalk,
                skiptlsverify, file, extra, List.of());
    }

    /** The settings that apply when there is no cfg.yaml: no registries, every default, no cache. */
    public static FerryConfig empty() {
        return new FerryConfig(List.of(), List.of(), DEFAULT_MAXCONN, DEFAULT_RETRIES, false, false, null, null,
                null, null, DEFAULT_INTERVAL, List.of(), false, null, Map.of());
    }

    /**
     * cfg.yaml's {@code referrers: true}: copy, sync, save and load move each image's referrers (OCI 1.1 referrers,
     * cosign's signature, attestation and SBOM tags) with it, as {@code --referrers} does. Kept among {@link #extra}
     * (false when the file does not say).
     */
    public boolean referrers() {
        return Boolean.TRUE.equals(extra.get("referrers"));
    }

    /** The registry with this name, among the targets first and then the sources. */
    public Optional<RegistryEntry> registry(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (RegistryEntry e : targets) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        for (RegistryEntry e : sources) {
            if (e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The source registry to read from: the first of {@code source:} when {@code name} is
     * {@code null} (as image-transmit's {@code -src}), else the one so named, looked up among the
     * sources and then the targets (a registry written once can serve both ways).
     *
     * @throws ConfigException if there is no source, or no registry has that name; the message lists
     *     the known names
     */
    public RegistryEntry source(String name) {
        return pick(name, sources, targets, "source");
    }

    /** The target registry to write to; as {@link #source(String)}, with the lists swapped. */
    public RegistryEntry target(String name) {
        return pick(name, targets, sources, "target");
    }

    private RegistryEntry pick(String name, List<RegistryEntry> own, List<RegistryEntry> other, String kind) {
        String where = file == null ? null : file.toString();
        if (name == null) {
            if (own.isEmpty()) {
                throw new ConfigException(where, Text.of("source".equals(kind) ? "settings.no_registry_source" : "settings.no_registry_target"),
                        Text.of("settings.no_registry_add", kind));
            }
            return own.get(0);
        }
        for (List<RegistryEntry> list : List.of(own, other)) {
            for (RegistryEntry e : list) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        List<String> known = names();
        throw new ConfigException(where, Text.of("source".equals(kind) ? "settings.unknown_source_name" : "settings.unknown_target_name", name),
                known.isEmpty() ? Text.of("settings.no_names_expected") : Text.of("settings.names_expected", String.join(", ", known)));
    }

    /**
     * All settings, with registries and robots shown without their secrets, and of {@link #extra()}
     * only the keys (unknown values may hold anything, credentials included).
     */
    @Override
    public String toString() {
        return "FerryConfig[file=" + file + ", sources=" + sources + ", targets=" + targets + ", maxconn=" + maxconn
                + ", retries=" + retries + ", singlefile=" + singlefile + ", dockerfile=" + dockerfile
                + ", compressor=" + compressor + ", lang=" + lang + ", cache=" + cache + ", outprefix=" + outprefix
                + ", interval=" + interval + ", dingtalk=" + dingtalk + ", notify=" + webhooks + ", skiptlsverify=" + skiptlsverify
                + ", extra keys=" + extra.keySet() + ", warnings=" + warnings.size() + "]";
    }

    /** The names of all registries, sources first, each once. */
    public List<String> names() {
        Set<String> names = new LinkedHashSet<>();
        sources.forEach(e -> names.add(e.name()));
        targets.forEach(e -> names.add(e.name()));
        return List.copyOf(new ArrayList<>(names));
    }
}
