package dev.ferry.cli;

import dev.ferry.app.Notifications;
import dev.ferry.app.Session;
import dev.ferry.app.watch.RoundReport;
import dev.ferry.app.watch.TagRule;
import dev.ferry.app.watch.Watch;
import dev.ferry.app.watch.WatchNotices;
import dev.ferry.app.watch.WatchSettings;
import dev.ferry.app.watch.WatchStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code ferry watch LIST --from SRC --to DST}: image-transmit's --watch, a resident process that ships every new tag. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Watch the repositories of a list and ship every new tag to the targets (or into a pack per round).",
                "Each line names a repository and its lowest tag: every tag at or above it is shipped (repo:v3.5 ships v3.5, v3.10, ...).",
                "A line without a tag watches latest by its digest.",
                "An images.json LIST (as sync reads it) watches each entry's source by its digest: when it changes (and at first)",
                "the entry is shipped as sync ships it, every one of its tags from one read, with its architectures.",
                "--rules FILE (image-transfer's transfer-rule.yaml) in place of LIST: a repository rule watches every tag, a tag rule its tags by digest;",
                "--secrets FILE gives the registries' credentials, as in sync.",
                "What was shipped is kept in the history file: a restarted watch ships nothing twice, and a tag whose digest changed at the source is shipped again.", ""},
        footer = {"", "Rounds never overlap: the next starts --interval after the last ended (cfg.yaml interval, default 60 s),",
                "longer while rounds fail (doubling up to --max-backoff). SIGTERM or Ctrl-C ends the running round cleanly",
                "(nothing half-copied is tagged) and exits 0; SIGHUP reads cfg.yaml and the list again.",
                "Notifications: cfg.yaml dingtalk: and notify:, and --notify URL; one when an outage begins, one when it ends.",
                "", "Examples:",
                "  ferry watch release.lst --from nj --to gz",
                "  ferry watch release.lst --from nj --to gz --once     # one round, for cron",
                "  ferry watch release.lst --from nj --save --dir /mnt/usb   # a pack a round",
                "  ferry watch images.json --to mirror --once   # dockerTransfer's cron job",
                "  ferry watch release.lst --to gz --shard 0/3         # one of three watchers",
                "  ferry watch --rules transfer-rule.yaml --secrets registry-secret.yaml --once",
                "  ferry watch --status"})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LIST", description = "Watch list file, or - for standard input (the default).")
    String list;

    @Option(names = "--from", paramLabel = "REGISTRY", description = "Source registry: a cfg.yaml name or an address (default: cfg.yaml's first source).")
    String from;

    @Option(names = "--to", paramLabel = "REGISTRY", description = "Target registry (repeatable; default: cfg.yaml's first target).")
    List<String> to = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", description = "Time between rounds: 60, 60s, 5m, 1h, 500ms (default: cfg.yaml interval, else 60 s).")
    String interval;

    @Option(names = "--max-backoff", paramLabel = "DURATION", defaultValue = "10m", description = "The longest wait between failing rounds (default: ${DEFAULT-VALUE}).")
    String maxBackoff;

    @Option(names = "--recheck", paramLabel = "DURATION", defaultValue = "1h",
            description = "How often the digests of tags already shipped are asked again, to ship a tag overwritten at the source (0: only at start and reload; --once asks them when the last check is older; default: ${DEFAULT-VALUE}).")
    String recheck;

    @Option(names = "--once", description = "Run one round and exit (exit code as sync): for cron and CI schedules.")
    boolean once;

    @Option(names = "--order", paramLabel = "ORDER", defaultValue = "version", description = "version (image-transmit's: v3.10 > v3.5, 1.0-rc1 < 1.0) or semver.")
    String order;

    @Option(names = "--tags", paramLabel = "REGEX", description = "Ship only tags matching REGEX as a whole; a line without a tag then watches every matching tag.")
    String tags;

    @Option(names = "--save", description = "Write an incremental pack per round instead of pushing (parent: the last pack written, or --inc).")
    boolean save;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "With --save: folder for packs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = {"--out", "--prefix"}, paramLabel = "PREFIX", description = "With --save: pack file name prefix (default: cfg.yaml outprefix).")
    String prefix;

    @Option(names = "--compress", paramLabel = "KIND", description = "With --save: none, lz4 or xz (default: cfg.yaml compressor, else none).")
    String compress;

    @Option(names = "--single-file", description = "With --save: one data file per pack.")
    boolean singleFile;

    @Option(names = "--inc", paramLabel = "META", description = "With --save: the pack the first round's is incremental on.")
    Path inc;

    @Option(names = "--history", paramLabel = "FILE", defaultValue = "data/history.yaml", description = "What was shipped (default: ${DEFAULT-VALUE}, image-transmit's).")
    Path history;

    @Option(names = "--status-file", paramLabel = "FILE", defaultValue = "data/watch-status.json", description = "The watch's state and last rounds (default: ${DEFAULT-VALUE}).")
    Path statusFile;

    @Option(names = "--status", description = "Show the last rounds of the watch using --status-file, and exit.")
    boolean status;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Copy only these platforms (repeatable), as in sync.")
    List<String> platforms = new ArrayList<>();

    @Option(names = {"-j", "--parallel"}, paramLabel = "N", description = "Blobs moved at the same time (default: cfg.yaml maxconn, else 5).")
    Integer parallel;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "With --status: text, or json.")
    OutputFormat output;

    @Option(names = {"-q", "--quiet"}, description = "Only what was shipped, failures and outages.")
    boolean quiet;

    @Option(names = "--shard", paramLabel = "I/N", description = "Watch only the lines of shard I of N (0 to N-1), cut by the stable hash of the target repository that sync --shard uses.")
    String shard;

    @Mixin RegistryFlags registryFlags;

    @Mixin TransferFlags transfer = new TransferFlags();

    @Mixin CacheFlags.ForTransfers cacheFlags;

    @Mixin NotifyFlags notifyFlags;

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        if (status) return WatchStatusPrinter.print(ctx, WatchStatus.open(statusFile), statusFile, output);
        if (ctx.session() != null) throw UsageException.of("usage.watch_in_shell");
        var config = registryFlags.config(ctx);
        if (notifyFlags.test) return notifyFlags.sendTest(ctx, config);
        int workers = JobRun.workers(parallel, config.maxconn());
        Duration every = interval == null ? null : parseDuration(interval, "--interval");
        Duration cap = parseDuration(maxBackoff, "--max-backoff");
        Duration again = recheck.equals("0") ? null : parseDuration(recheck, "--recheck");
        TagRule rule = new TagRule(switch (order.toLowerCase(java.util.Locale.ROOT)) {
            case "version", "go-version" -> TagRule.Order.VERSION;
            case "semver" -> TagRule.Order.SEMVER;
            default -> throw UsageException.of("usage.watch_order", order);
        }, tags == null ? null : pattern(tags));
        if (!save && (inc != null || singleFile || compress != null || prefix != null)) throw UsageException.of("usage.watch_save_flags");
        if (save && !to.isEmpty()) throw UsageException.of("usage.watch_save_to");
        if (transfer.active() && list != null) throw UsageException.of("usage.rules_and_list", list);
        if (transfer.active() && save) throw UsageException.of("usage.watch_rules_save");
        var credentials = transfer.credentials(registryFlags);
        String text = transfer.active() ? TextInput.file(transfer.rules.toString(), TransferFlags.RULES) : TextInput.list(list, ctx);
        String file = transfer.active() ? transfer.rules.toString() : list;
        boolean fromFile = file != null && !file.equals("-");
        String listName = fromFile ? file : "<stdin>";
        String compression = compress != null ? compress : config.compressor();
        if ("squashfs".equals(compression)) compression = "lz4";
        WatchSettings.Save saving = save ? new WatchSettings.Save(dir, prefix != null ? prefix : config.outprefix(), compression,
                singleFile || config.singlefile(), inc) : null;
        var b = Session.builder(ctx.env()).config(config).settings(c -> registryFlags.settings(ctx, credentials, c)).maxConnections(workers);
        try (Session session = b.build(); Signals signals = new Signals()) {
            WatchSettings settings = new WatchSettings(fromFile ? Path.of(file) : null, text, listName, from, to, rule, every, cap, once, saving,
                    JobRun.platforms(platforms), workers, registryFlags.retries(ctx), cacheFlags.settings(ctx, config), history, statusFile, again,
                    shard(), transfer.active() ? transfer.defaults(from) : null);
            Notifications notifier = notifyFlags.notifications(ctx, config);
            WatchPrinter printer = new WatchPrinter(ctx, quiet, new WatchNotices(notifier, listName));
            Watch watch = new Watch(session, settings, printer);
            printer.started(settings, watch, session);
            signals.on("TERM", () -> { printer.stopping(); watch.stop(); });
            signals.on("INT", () -> { printer.stopping(); watch.stop(); });
            signals.on("HUP", watch::reload);
            RoundReport last;
            try {
                last = watch.run();
            } finally {
                notifier.close(Duration.ofSeconds(10));
            }
            printer.stopped();
            if (watch.isStopped()) return Main.OK;
            return last == null || last.ok() ? Main.OK : Main.FAILED;
        }
    }

    private dev.ferry.config.Shard shard() {
        if (shard == null) return dev.ferry.config.Shard.ALL;
        try {
            return dev.ferry.config.Shard.parse(shard);
        } catch (dev.ferry.config.ConfigException e) {
            throw UsageException.of("usage.shard", shard);
        }
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw UsageException.of("usage.watch_tags_regex", regex, e.getDescription());
        }
    }

    /** {@code 60} (seconds), {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
    static Duration parseDuration(String text, String flag) {
        var m = Pattern.compile("(\\d+)(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches()) throw UsageException.of("usage.watch_duration", flag, text);
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.toMillis() < 100) throw UsageException.of("usage.watch_duration", flag, text);
        return d;
    }
}
