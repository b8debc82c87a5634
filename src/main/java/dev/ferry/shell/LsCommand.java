package dev.ferry.shell;

import dev.ferry.app.Inspection;
import dev.ferry.app.Session;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.Format;
import dev.ferry.spi.ErrorKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code ls [PATH]}: the repositories under a path (from the registry's catalog), or a repository's tags; {@code -l}
 * adds each tag's digest, platforms, size and age.
 */
@Command(name = "ls", mixinStandardHelpOptions = true)
final class LsCommand implements Callable<Integer> {
    private final Shell shell;
    private final CliContext ctx;

    @Option(names = "-l", description = "Digest, platforms, size and age of each tag.") boolean longFormat;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH") String where;

    LsCommand(Shell shell, CliContext ctx) {
        this.shell = shell;
        this.ctx = ctx;
    }

    @Override public Integer call() throws Exception {
        String target = shell.state.repository(where);
        int slash = target.indexOf('/');
        String registry = slash < 0 ? target : target.substring(0, slash);
        String path = slash < 0 ? "" : target.substring(slash + 1);
        Session s = shell.session;
        List<String> catalog = null;
        try {
            catalog = s.catalog(registry, 0);
        } catch (Exception e) {
            if (path.isEmpty()) throw e; // nothing else to show at the top
        }
        TreeSet<String> children = new TreeSet<>();
        boolean repository = catalog == null || catalog.contains(path);
        if (catalog != null) {
            String prefix = path.isEmpty() ? "" : path + "/";
            for (String r : catalog) if (r.startsWith(prefix) && r.length() > prefix.length()) children.add(r.substring(prefix.length()));
        }
        if (!repository || path.isEmpty()) {
            if (children.isEmpty()) ctx.out().println(ctx.messages().get("shell.ls_empty", target));
            children.forEach(ctx.out()::println);
            return 0;
        }
        List<String> tags = s.tags(target);
        if (longFormat) printLong(target, tags);
        else tags.forEach(ctx.out()::println);
        children.forEach(c -> ctx.out().println(c + "/"));
        return 0;
    }

    private void printLong(String repository, List<String> tags) {
        List<String[]> rows = new ArrayList<>();
        for (String tag : tags) {
            try {
                Inspection i = shell.session.inspect(repository + ":" + tag);
                List<String> platforms = new ArrayList<>();
                long size = 0;
                String created = null;
                for (Inspection.PlatformImage p : i.images()) {
                    if (p.platform() != null) platforms.add(p.platform());
                    size += p.totalSize();
                    if (created == null) created = p.created();
                }
                rows.add(new String[]{tag, i.digest().toString().substring(0, 19), platforms.isEmpty() ? "-" : String.join(",", platforms),
                        Format.bytes(size), age(created)});
            } catch (Exception e) {
                ErrorKind k = Session.errorKind(e);
                rows.add(new String[]{tag, ctx.messages().get("shell.ls_unreadable", ctx.messages().title(k))});
            }
        }
        int[] width = new int[5];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                if (c > 0) line.append("  ");
                String cell = c == 3 ? " ".repeat(width[c] - r[c].length()) + r[c] : r[c] + " ".repeat(width[c] - r[c].length());
                line.append(cell);
            }
            ctx.out().println(line.toString().stripTrailing());
        }
    }

    /** How long ago an image was made, when its config says. */
    private String age(String created) {
        if (created == null) return "";
        try {
            Duration d = Duration.between(Instant.parse(created), Instant.now());
            var m = ctx.messages();
            if (d.toDays() >= 2) return m.get("shell.age_days", d.toDays());
            if (d.toHours() >= 2) return m.get("shell.age_hours", d.toHours());
            return m.get("shell.age_minutes", Math.max(0, d.toMinutes()));
        } catch (DateTimeParseException e) {
            return created;
        }
    }
}
