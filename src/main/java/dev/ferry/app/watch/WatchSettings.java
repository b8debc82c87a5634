package dev.ferry.app.watch;

import dev.ferry.config.CacheSettings;
import dev.ferry.oci.Platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a watch runs.
 *
 * @param list       the watch list file (read again on reload); null when the list came from standard input
 * @param listText   the list as read at the start
 * @param listName   the list's name in messages
 * @param from       source registry (cfg.yaml name or address; null: cfg.yaml's first)
 * @param to         target registries (empty: cfg.yaml's first); ignored with {@code save}
 * @param interval   time between rounds; null: cfg.yaml's {@code interval}
 * @param maxBackoff the longest wait between failing rounds
 * @param once       one round, then return
 * @param save       write a pack per round instead of pushing, or null
 * @param history    the history file
 * @param status     the status file ({@code ferry watch --status})
 * @param recheck    how often the digest of every tag already shipped is asked again (a tag overwritten at the
 *                   source is shipped again); null: only in the first round and after a reload
 * @param shard      the share of the list this process watches ({@code --shard I/N}: by the target repository's hash, as sync)
 * @param rules      the list is image-transfer's transfer-rule.yaml ({@code --rules}, read with these defaults), not a
 *                   watch list; null for a watch list
 */
public record WatchSettings(Path list, String listText, String listName, String from, List<String> to, TagRule rule,
                            Duration interval, Duration maxBackoff, boolean once, Save save, List<Platform> platforms,
                            int parallel, int retries, CacheSettings cache, Path history, Path status, Duration recheck,
                            dev.ferry.config.Shard shard, dev.ferry.config.TransferRules.Defaults rules) {
    public WatchSettings {
        to = to == null ? List.of() : List.copyOf(to);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        if (rule == null) rule = TagRule.standard();
        if (maxBackoff == null) maxBackoff = Duration.ofMinutes(10);
        if (shard == null) shard = dev.ferry.config.Shard.ALL;
    }

    /**
     * {@code --save}: a pack per round into {@code dir}, each incremental on the last one written
     * (the first on {@code base}, when given).
     */
    public record Save(Path dir, String prefix, String compression, boolean singleFile, Path base) {}
}
