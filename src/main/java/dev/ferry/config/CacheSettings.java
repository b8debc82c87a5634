package dev.ferry.config;

import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local blob cache ({@code cache:} in cfg.yaml).
 *
 * @param pathname the cache directory as written ({@code cache} by default); relative names are
 *                 resolved by the caller, see {@link #directory(Path)}
 * @param keepdays blobs not used for this many days are evicted (default 7)
 * @param keepsize beyond this many bytes the least recently used blobs are evicted (default 10 GiB)
 */
public record CacheSettings(String pathname, int keepdays, long keepsize) {

    public static final String DEFAULT_PATHNAME = "cache";
    public static final int DEFAULT_KEEPDAYS = 7;
    public static final long GIB = 1024L * 1024 * 1024;
    public static final long DEFAULT_KEEPSIZE = 10 * GIB;

    /** Pathname {@code cache}, 7 days, 10 GiB. */
    public static final CacheSettings DEFAULTS = new CacheSettings(DEFAULT_PATHNAME, DEFAULT_KEEPDAYS, DEFAULT_KEEPSIZE);

    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*([A-Za-z]*)");

    public CacheSettings {
        Objects.requireNonNull(pathname, "pathname");
        if (pathname.isEmpty()) {
            throw new LocalizedArgumentException(Text.of("cache.settings_pathname_empty"));
        }
        if (keepdays < 1) {
            throw new LocalizedArgumentException(Text.of("cache.settings_keepdays", keepdays));
        }
        if (keepsize < 1) {
            throw new LocalizedArgumentException(Text.of("cache.settings_keepsize", keepsize));
        }
    }

    /** The cache directory: {@link #pathname()} resolved against {@code base} unless it is absolute. */
    public Path directory(Path base) {
        Path p = Path.of(pathname);
        return base == null || p.isAbsolute() ? p : base.resolve(p);
    }

    /**
     * Reads a size as cfg.yaml's {@code keepsize} takes it. A bare number is GiB, as in
     * image-transmit ({@code 10}, {@code 1.5}); otherwise a number and a unit: {@code B},
     * {@code K}/{@code KB}/{@code KiB}, {@code M}/{@code MB}/{@code MiB}, {@code G}/{@code GB}/{@code GiB},
     * {@code T}/{@code TB}/{@code TiB}, in any case, all binary (a {@code GB} is 1024³ bytes, the
     * unit a bare number already means). Fractions are rounded to whole bytes.
     *
     * @return the size in bytes, at least 1
     * @throws IllegalArgumentException saying what is wrong, if {@code s} is not such a size
     */
    public static long parseSize(String s) {
        if (s == null || s.isBlank()) {
            throw new LocalizedArgumentException(Text.of("settings.size_empty"));
        }
        Matcher m = SIZE.matcher(s.strip());
        if (!m.matches()) {
            throw new LocalizedArgumentException(Text.of("settings.size_invalid", s));
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "g", "gb", "gib" -> GIB;
            case "b" -> 1L;
            case "k", "kb", "kib" -> 1024L;
            case "m", "mb", "mib" -> 1024L * 1024;
            case "t", "tb", "tib" -> 1024L * GIB;
            default -> throw new LocalizedArgumentException(Text.of("settings.size_unit", s, m.group(2)));
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.HALF_UP);
        if (bytes.signum() <= 0) {
            throw new LocalizedArgumentException(Text.of("settings.size_zero", s));
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new LocalizedArgumentException(Text.of("settings.size_too_large", s));
        }
        return bytes.longValueExact();
    }
}
