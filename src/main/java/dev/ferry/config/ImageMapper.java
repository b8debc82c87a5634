package dev.ferry.config;

import dev.ferry.ref.ImageReference;
import dev.ferry.ref.InvalidReferenceException;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;

import java.util.Locale;
import java.util.Objects;

/**
 * image-transmit's rules for turning an image list entry into the image to read and the image to
 * write, given the chosen source and target registries.
 *
 * <ul>
 *   <li><b>Source.</b> The entry's registry part (its first component, when docker would read that
 *       as a registry: {@code localhost}, or containing {@code .}, {@code :} or an uppercase letter)
 *       is replaced by the source registry's host, so a list written for one registry serves
 *       another: {@code 10.45.80.21/public/alpine:3.11} read from {@code 10.45.80.1} is
 *       {@code 10.45.80.1/public/alpine:3.11}. An entry without a registry part gets the source host
 *       in front, without docker's {@code library/}: {@code alpine:3.11} is
 *       {@code 10.45.80.1/alpine:3.11}; only on Docker Hub does docker's rule apply
 *       ({@code docker.io/library/alpine:3.11}). With no source host the entry is read as docker
 *       reads it. No tag and no digest means {@code latest}.</li>
 *   <li><b>Target, no rename.</b> The source's repository path and tag under the target host. A
 *       target {@code repository: yyyy} replaces the first path segment
 *       ({@code 10.45.80.1/xxxx/image:tag} to {@code TARGET/yyyy/image:tag}), or is put in front of
 *       a one-segment path ({@code alpine} to {@code yyyy/alpine}).</li>
 *   <li><b>Target, renamed</b> ({@code SRC -> DST}). DST's path and tag under the target host (a
 *       registry part in DST is replaced too); {@code repository:} is not applied to an explicit
 *       name; DST without a tag keeps the source's tag; DST with a digest is an error.</li>
 *   <li><b>Under a namespace</b> (images.json's {@code target}, see {@link ImageListEntry.Extra}): the
 *       name is put under the target's {@code repository} ({@code nginx} to {@code TARGET/ns/nginx:tag}).</li>
 *   <li><b>Digests.</b> A source pinned by digest ({@code app@sha256:...}) is pulled by that digest;
 *       its target gets the source's tag if it has one ({@code app:1@sha256:...}), else the digest
 *       alone, see {@link Mapping#targetByDigest()}.</li>
 * </ul>
 *
 * <p>Errors are {@link ConfigException}s at the entry's line (use
 * {@link ConfigException#withSource(String)} to name the list).
 */
public final class ImageMapper {

    private ImageMapper() {
    }

    /** Maps an entry from one configured registry to another. */
    public static Mapping map(ImageListEntry entry, RegistryEntry source, RegistryEntry target) {
        Objects.requireNonNull(target, "target");
        return map(entry, source == null ? null : source.host(), target.host(), target.repository());
    }

    /**
     * Maps an entry between registries given as addresses ({@code 127.0.0.1:5000},
     * {@code http://10.45.80.1}), for callers without a cfg.yaml.
     *
     * @param sourceHost       the registry to read from, or {@code null} to read the entry as docker does
     * @param targetHost       the registry to write to
     * @param targetRepository the target's {@code repository:} option, or {@code null}
     */
    public static Mapping map(ImageListEntry entry, String sourceHost, String targetHost, String targetRepository) {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(targetHost, "targetHost");
        String target = host(targetHost);
        String repository = targetRepository == null || targetRepository.isBlank() ? null : targetRepository.strip();
        ImageReference src = source(entry, sourceHost);
        try {
            ImageReference dst = entry.target() == null ? keepName(src, target, repository)
                    : rename(entry, src, target, entry.extra().underNamespace() ? repository : null);
            return new Mapping(src, dst, entry.line());
        } catch (InvalidReferenceException e) {
            throw new ConfigException(null, entry.line(), 0, Text.of("list.cannot_write", entry, target, Text.of(e)),
                    Text.of("list.cannot_write_expected"), e);
        }
    }

    /** The image to read for an entry from a configured registry ({@code null}: as docker reads it). */
    public static ImageReference source(ImageListEntry entry, RegistryEntry source) {
        return source(entry, source == null ? null : source.host());
    }

    /** The image to read for an entry, on {@code sourceHost} ({@code null}: as docker reads it). */
    public static ImageReference source(ImageListEntry entry, String sourceHost) {
        String text = ImageList.stripScheme(entry.source().strip());
        try {
            if (sourceHost == null) {
                return ImageReference.parse(text);
            }
            return ImageReference.parse(host(sourceHost) + "/" + withoutRegistry(text));
        } catch (InvalidReferenceException e) {
            throw new ConfigException(null, entry.line(), 0, sourceHost == null ? Text.of("list.cannot_read", entry.source(), Text.of(e))
                    : Text.of("list.cannot_read_from", entry.source(), sourceHost, Text.of(e)), Text.of("list.cannot_read_expected"), e);
        }
    }

    private static ImageReference keepName(ImageReference src, String target, String repository) {
        String path = src.repository();
        if (repository != null) {
            int slash = path.indexOf('/');
            path = repository + (slash < 0 ? "/" + path : path.substring(slash));
        }
        return ImageReference.parse(target + "/" + path + suffix(src));
    }

    /** {@code namespace}: put the new name under it (images.json's target), or null. */
    private static ImageReference rename(ImageListEntry entry, ImageReference src, String target, String namespace) {
        String dst = ImageList.stripScheme(entry.target().strip());
        if (dst.indexOf('@') >= 0) {
            throw new ConfigException(null, entry.line(), 0, Text.of("list.new_name_digest", entry.target()),
                    Text.of("list.new_name_digest_expected"), null);
        }
        String rest = withoutRegistry(dst);
        if (namespace != null) rest = namespace.replaceAll("^/+|/+$", "") + "/" + rest;
        String last = rest.substring(rest.lastIndexOf('/') + 1);
        if (last.indexOf(':') >= 0) {
            return ImageReference.parse(target + "/" + rest);
        }
        return ImageReference.parse(target + "/" + rest + suffix(src));
    }

    /**
     * Whether a pack carries an image under the name it was read as ({@code source}'s path and
     * tag) rather than under an explicit {@code ->} rename given when it was saved. Loading a pack
     * then maps it as {@link #map} maps the list line: a target's {@code repository:} applies to the
     * first kind only, so {@code sync} and {@code save} + {@code load} give the same names.
     */
    public static boolean keptName(ImageReference source, String carried) {
        if (source == null) return true;
        String asRead = source.repository() + suffix(source);
        return carried.equals(asRead) || ("library/" + carried).equals(asRead);
    }

    /** {@code :tag} when the source has a tag, else {@code @digest}. */
    private static String suffix(ImageReference src) {
        return src.tag().map(t -> ":" + t).orElseGet(() -> "@" + src.digest().orElseThrow());
    }

    /**
     * The reference without its registry part, by docker's rule: the first component is a registry
     * if it is {@code localhost} or contains {@code .}, {@code :} or an uppercase letter.
     */
    static String withoutRegistry(String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return ref;
        }
        String first = ref.substring(0, slash);
        boolean registry = first.equals("localhost") || first.indexOf('.') >= 0 || first.indexOf(':') >= 0
                || !first.toLowerCase(Locale.ROOT).equals(first);
        return registry ? ref.substring(slash + 1) : ref;
    }

    /** A registry address as a host usable in references. */
    private static String host(String address) {
        String host = Registries.normaliseRegistry(address);
        if (!RegistryEntryReader.looksLikeRegistryHost(host)) {
            throw new InvalidReferenceException("registry", address, Text.of("list.bare_registry"));
        }
        return host;
    }
}
