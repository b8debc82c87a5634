package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.CacheAdmin;
import dev.ferry.app.Messages;
import dev.ferry.config.FerryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ferry cache ls|stats|prune|clear}: the local blob cache. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"Look after the local blob cache, which lets copy, sync and save download",
                "each layer once for all targets and later jobs.", ""},
        subcommands = {CacheCommand.Ls.class, CacheCommand.Stats.class, CacheCommand.Prune.class, CacheCommand.Clear.class},
        footer = {"", "The cache: --cache DIR, else FERRY_CACHE, else cfg.yaml's cache: pathname,",
                "else ./cache. Eviction runs at the start and end of every job and with prune:",
                "blobs not used for keepdays days go, then the least recently used while the",
                "cache is larger than keepsize. Blobs a running ferry uses always stay.",
                "", "Examples:",
                "  ferry cache stats",
                "  ferry cache ls --cache /data/ferry-cache -o json",
                "  ferry cache prune --keepsize 500MB"})
public final class CacheCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Spec CommandSpec spec;

    @Override public Integer call() {
        spec.commandLine().usage(parent.ctx.out());
        return Main.OK;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    static String time(Instant t) {
        return t == null ? "-" : TIME.format(t.atZone(ZoneId.systemDefault()));
    }

    static String percent(double rate) {
        return Math.round(rate * 100) + "%";
    }

    /** One column of a table: {@code value} formatted to its width. */
    static String pad(String format, Object value) {
        return String.format(Locale.ROOT, format, value);
    }

    /** What every subcommand shares: where the cache is, cfg.yaml, output format. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand CacheCommand parent;

        @Mixin CacheFlags cacheFlags;

        @Option(names = "--config", paramLabel = "FILE", description = "cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none).")
        Path configFile;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
        OutputFormat output;

        static final ObjectMapper JSON = new ObjectMapper();

        CliContext ctx() { return parent.parent.ctx; }

        CacheAdmin admin() {
            RegistryFlags flags = new RegistryFlags();
            flags.configFile = configFile;
            FerryConfig config = flags.config(ctx());
            return CacheAdmin.of(cacheFlags.settingsOrDefault(ctx(), config), Path.of("").toAbsolutePath());
        }

        void printJson(ObjectNode n) throws Exception {
            ctx().out().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            ctx().out().flush();
        }

        ObjectNode head(CacheAdmin a) {
            ObjectNode n = JSON.createObjectNode();
            n.put("directory", a.directory().toString());
            n.put("exists", a.exists());
            return n;
        }

        boolean missing(CacheAdmin a) {
            if (a.exists()) return false;
            ctx().out().println(ctx().messages().get("cache.missing", a.directory(), CacheFlags.ENV));
            ctx().out().flush();
            return true;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = {"List the cached blobs, most recently used first.", ""})
    static final class Ls extends Sub {
        @Override public Integer call() throws Exception {
            CacheAdmin a = admin();
            List<CacheAdmin.Entry> entries = a.list();
            if (output == OutputFormat.JSON) {
                ObjectNode n = head(a);
                ArrayNode arr = n.putArray("blobs");
                for (CacheAdmin.Entry e : entries) {
                    ObjectNode o = arr.addObject();
                    o.put("digest", e.digest());
                    o.put("size", e.size());
                    o.put("lastUsed", e.lastUsed().toString());
                    o.put("inUse", e.inUse());
                }
                printJson(n);
                return Main.OK;
            }
            if (missing(a)) return Main.OK;
            PrintWriter out = ctx().out();
            var m = ctx().messages();
            long total = 0;
            for (CacheAdmin.Entry e : entries) {
                out.printf(Locale.ROOT, "%-71s  %9s  %s%s%n", e.digest(), Format.bytes(e.size()), time(e.lastUsed()), e.inUse() ? "  " + m.get("cache.in_use") : "");
                total += e.size();
            }
            out.println(m.get("cache.ls.total", m.count(entries.size(), Messages.Noun.BLOB), Format.bytes(total), a.directory()));
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = {"Show the cache's size and the hit rate of the last jobs.", ""})
    static final class Stats extends Sub {
        @Option(names = "--jobs", paramLabel = "N", defaultValue = "10", description = "How many of the last jobs to show (default: ${DEFAULT-VALUE}; 0: all kept, up to 50).")
        int jobs;

        @Override public Integer call() throws Exception {
            if (jobs < 0) throw UsageException.of("usage.jobs_negative");
            CacheAdmin a = admin();
            CacheAdmin.Stats s = a.stats(jobs);
            CacheAdmin.Usage u = s.usage();
            if (output == OutputFormat.JSON) {
                ObjectNode n = head(a);
                n.put("blobs", u.blobs());
                n.put("bytes", u.bytes());
                n.put("keepDays", u.keepDays());
                n.put("keepSize", u.keepSize());
                n.put("oldestUse", u.oldestUse() == null ? null : u.oldestUse().toString());
                n.put("newestUse", u.newestUse() == null ? null : u.newestUse().toString());
                n.put("hits", s.hits());
                n.put("misses", s.misses());
                n.put("hitRate", Math.round(s.hitRate() * 1000) / 1000.0);
                ArrayNode arr = n.putArray("jobs");
                for (CacheAdmin.JobStats j : s.jobs()) {
                    ObjectNode o = arr.addObject();
                    o.put("job", j.job());
                    o.put("started", j.started() == null ? null : j.started().toString());
                    o.put("finished", j.finished() == null ? null : j.finished().toString());
                    o.put("hits", j.hits());
                    o.put("misses", j.misses());
                    o.put("hitRate", Math.round(j.hitRate() * 1000) / 1000.0);
                    o.put("waits", j.waits());
                    o.put("bytesFromCache", j.bytesFromCache());
                    o.put("bytesFromSource", j.bytesFromSource());
                    o.put("blobsCached", j.blobsCached());
                    o.put("bytesCached", j.bytesCached());
                    o.put("corrupt", j.corrupt());
                    o.put("uncached", j.uncached());
                }
                printJson(n);
                return Main.OK;
            }
            if (missing(a)) return Main.OK;
            PrintWriter out = ctx().out();
            var m = ctx().messages();
            out.println(m.get("cache.stats.directory", a.directory()));
            out.println(m.get("cache.stats.holds", u.blobs(), Format.bytes(u.bytes()), Format.bytes(u.keepSize()),
                    percent((double) u.bytes() / u.keepSize()), u.keepDays()));
            if (u.blobs() > 0) out.println(m.get("cache.stats.last_used", time(u.newestUse()), time(u.oldestUse())));
            if (s.jobs().isEmpty()) {
                out.println(m.get("cache.stats.no_jobs"));
            } else {
                out.println(m.get("cache.stats.jobs", s.jobs().size(), percent(s.hitRate()), s.hits(), s.misses()));
                for (CacheAdmin.JobStats j : s.jobs()) {
                    out.println("  " + m.get("cache.stats.job", time(j.finished()), pad("%-6s", j.job().isEmpty() ? "-" : j.job()),
                            pad("%4s", percent(j.hitRate())), pad("%4d", j.hits()), pad("%4d", j.misses()),
                            pad("%9s", Format.bytes(j.bytesFromCache())), pad("%9s", Format.bytes(j.bytesFromSource())),
                            j.corrupt() > 0 ? m.get("cache.stats.corrupt", j.corrupt()) : "",
                            j.uncached() > 0 ? m.get("cache.stats.uncached", j.uncached()) : ""));
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = {"Evict now: blobs not used for keepdays days, then the least recently used beyond keepsize.", ""})
    static final class Prune extends Sub {
        @Override public Integer call() throws Exception {
            CacheAdmin a = admin();
            CacheAdmin.Pruned p = a.prune();
            if (output == OutputFormat.JSON) {
                ObjectNode n = head(a);
                n.put("keepDays", a.keepDays());
                n.put("keepSize", a.keepSize());
                n.put("removed", p.removed());
                n.put("bytesFreed", p.bytesFreed());
                n.put("removedByAge", p.removedByAge());
                n.put("bytesByAge", p.bytesByAge());
                n.put("removedBySize", p.removedBySize());
                n.put("bytesBySize", p.bytesBySize());
                n.put("inUse", p.skippedInUse());
                n.put("remaining", p.remaining());
                n.put("remainingBytes", p.remainingBytes());
                printJson(n);
                return Main.OK;
            }
            if (missing(a)) return Main.OK;
            PrintWriter out = ctx().out();
            var m = ctx().messages();
            out.println(m.get("cache.prune.done", p.removed(), Format.bytes(p.bytesFreed()), p.removedByAge(), a.keepDays(), p.removedBySize(),
                    Format.bytes(a.keepSize()), p.remaining(), Format.bytes(p.remainingBytes()),
                    p.skippedInUse() > 0 ? m.get("cache.prune.in_use", p.skippedInUse()) : ""));
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = {"Remove every cached blob (except those a running ferry uses).", ""})
    static final class Clear extends Sub {
        @Override public Integer call() throws Exception {
            CacheAdmin a = admin();
            CacheAdmin.Cleared c = a.clear();
            if (output == OutputFormat.JSON) {
                ObjectNode n = head(a);
                n.put("removed", c.removed());
                n.put("bytesFreed", c.bytesFreed());
                n.put("inUse", c.skippedInUse());
                printJson(n);
                return Main.OK;
            }
            if (missing(a)) return Main.OK;
            var m = ctx().messages();
            ctx().out().println(m.get("cache.clear.done", c.removed(), Format.bytes(c.bytesFreed()), a.directory(),
                    c.skippedInUse() > 0 ? m.get("cache.clear.in_use", c.skippedInUse()) : ""));
            ctx().out().flush();
            return Main.OK;
        }
    }
}
