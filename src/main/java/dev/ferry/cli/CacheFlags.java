package dev.ferry.cli;

import dev.ferry.config.CacheSettings;
import dev.ferry.config.FerryConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the blob cache is and how much it keeps: {@code --cache DIR}, {@code --keepdays},
 * {@code --keepsize}. Flags win over the environment ({@code FERRY_CACHE=DIR}), which wins over
 * cfg.yaml's {@code cache:} ({@code pathname}, {@code keepdays}, {@code keepsize}); a relative
 * directory is taken from the working directory.
 */
public class CacheFlags {
    /** Names a cache directory; as {@code --cache}, below it. */
    public static final String ENV = "FERRY_CACHE";

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Blob cache directory (default: FERRY_CACHE, else cfg.yaml cache: pathname).")
    Path cache;

    @Option(names = "--keepdays", paramLabel = "DAYS",
            description = "Evict cached blobs not used for DAYS days (default: cfg.yaml keepdays, else 7).")
    Integer keepDays;

    @Option(names = "--keepsize", paramLabel = "SIZE",
            description = "Then evict the least recently used beyond SIZE: 10 (GB, as in cfg.yaml), 500MB, 2GB (default: cfg.yaml keepsize, else 10).")
    String keepSize;

    /**
     * The cache a transfer should use, or null for none: one is used when {@code --cache},
     * {@code FERRY_CACHE} or cfg.yaml's {@code cache:} names it.
     */
    CacheSettings settings(CliContext ctx, FerryConfig config) {
        CacheSettings fromConfig = config == null ? null : config.cache();
        String dir = cache != null ? cache.toString() : blankToNull(ctx.env().get(ENV));
        if (dir == null && fromConfig == null) {
            if (keepDays != null || keepSize != null) {
                throw UsageException.of("usage.cache_needed", ENV);
            }
            return null;
        }
        return resolve(dir, fromConfig);
    }

    /** The cache {@code ferry cache} looks after: as {@link #settings}, else {@code ./cache}, as image-transmit's default. */
    CacheSettings settingsOrDefault(CliContext ctx, FerryConfig config) {
        CacheSettings fromConfig = config == null ? null : config.cache();
        String dir = cache != null ? cache.toString() : blankToNull(ctx.env().get(ENV));
        return resolve(dir, fromConfig);
    }

    private CacheSettings resolve(String dir, CacheSettings fromConfig) {
        CacheSettings base = fromConfig != null ? fromConfig : CacheSettings.DEFAULTS;
        String pathname = dir != null ? dir : base.pathname();
        int days = base.keepdays();
        if (keepDays != null) {
            if (keepDays < 1) throw UsageException.of("usage.keepdays_range", keepDays);
            days = keepDays;
        }
        long size = base.keepsize();
        if (keepSize != null) {
            try {
                size = CacheSettings.parseSize(keepSize);
            } catch (IllegalArgumentException e) {
                throw UsageException.of("usage.keepsize", dev.ferry.ref.Text.of(e));
            }
        }
        Path cwd = Path.of("").toAbsolutePath();
        return new CacheSettings(Path.of(pathname).isAbsolute() ? pathname : cwd.resolve(pathname).normalize().toString(), days, size);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** For copy and sync: the cache flags and {@code --no-cache}. */
    public static final class ForTransfers extends CacheFlags {
        @Option(names = "--no-cache", description = "Do not use the blob cache, even when cfg.yaml or FERRY_CACHE names one.")
        boolean noCache;

        @Override CacheSettings settings(CliContext ctx, FerryConfig config) {
            if (noCache) {
                if (cache != null) throw UsageException.of("usage.cache_contradiction");
                return null;
            }
            return super.settings(ctx, config);
        }
    }
}
