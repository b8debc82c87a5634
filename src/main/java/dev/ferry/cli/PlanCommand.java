package dev.ferry.cli;

import dev.ferry.app.DisplayWidth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.app.Batch;
import dev.ferry.app.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry plan LIST --from SRC --to DST}: the source -> target mapping of a list, offline. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show where each image of a list would go, without touching the network (except to expand",
                "--all-repos and choices of tags such as repo:/REGEX/ or --tags, which ask the source what it has).",
                "--check also asks the source whether each image exists (HEAD requests only).", ""})
final class PlanCommand implements Callable<Integer> {
    @ParentCommand FerryCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LIST", description = "Image list file, or - for standard input (the default).")
    String list;

    @Option(names = "--from", paramLabel = "REGISTRY", description = "Source registry: cfg.yaml name or address.")
    String from;

    @Option(names = "--to", paramLabel = "REGISTRY", description = "Target registry (repeatable).")
    List<String> to = new ArrayList<>();

    @Option(names = "--namespace", paramLabel = "NS", description = "Put every image under this namespace of the target (default: cfg.yaml's repository).")
    String namespace;

    @Option(names = "--check", description = "Check that every source image exists.")
    boolean check;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json.")
    OutputFormat output;

    @Mixin RegistryFlags registryFlags;

    @Mixin SelectionFlags selection;

    @Mixin TransferFlags transfer;

    /** Looks every source up, as a job (Ctrl-C stops it like a transfer). */
    private List<Batch.Checked> check(Session session, List<Batch.Planned> planned, int parallel) throws InterruptedException {
        JobRun run = new JobRun(parent.ctx, true, null, null, false);
        var job = session.check(planned, parallel, run.subscriber());
        var result = run.await(job);
        List<Batch.Checked> out = new java.util.ArrayList<>();
        for (int i = 0; i < planned.size(); i++) out.add(Batch.Checked.of(planned.get(i), result.images().get(i)));
        return out;
    }

    @Override public Integer call() throws Exception {
        CliContext ctx = parent.ctx;
        String listName = list == null || list.equals("-") ? "<stdin>" : list;
        var config = registryFlags.config(ctx);
        boolean whole = selection.wholeRegistry();
        if (whole && list != null) throw UsageException.of("usage.all_repos_and_list", list);
        if (transfer.active() && list != null) throw UsageException.of("usage.rules_and_list", list);
        var entries = whole || transfer.active() ? List.<dev.ferry.config.ImageListEntry>of()
                : dev.ferry.config.ImageInputs.parse(SyncCommand.readList(list, ctx), listName);
        try (SessionLease lease = registryFlags.session(ctx, transfer.credentials(registryFlags), 0)) {
            Session ferry = lease.session();
            // a choice of tags, a whole registry or a repository rule is asked of the source here: the plan shows what it expands to
            List<Batch.Planned> planned = selection.share(transfer.active() ? transfer.plan(ferry, from)
                    : ferry.plan(selection.entries(ferry, from, entries), from, to, namespace));
            List<Batch.Checked> checked = check ? check(ferry, planned, Math.max(1, config.maxconn())) : null;
            int missing = 0;
            if (output == OutputFormat.JSON) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode n = m.createObjectNode();
                ArrayNode arr = n.putArray("images");
                for (int i = 0; i < planned.size(); i++) {
                    Batch.Planned p = planned.get(i);
                    ObjectNode o = arr.addObject();
                    o.put("line", p.line());
                    o.put("entry", p.entry());
                    o.put("source", p.source().toString());
                    o.put("target", p.targetName());
                    o.put("to", p.to().label());
                    var tags = o.putArray("tags");
                    p.allTags().forEach(tags::add);
                    var platforms = o.putArray("platforms");
                    p.platforms().forEach(x -> platforms.add(x.toString()));
                    if (checked != null) {
                        Batch.Checked c = checked.get(i);
                        o.put("exists", c.exists());
                        o.put("digest", c.digest());
                        o.put("error", c.error());
                        if (!c.exists()) missing++;
                    }
                }
                ctx.out().println(m.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                // columns by display width (a wide character takes two), the check's column after the longest target
                var msg = ctx.messages();
                int width = planned.stream().mapToInt(p -> DisplayWidth.of(p.source().toString())).max().orElse(0);
                int targets = planned.stream().mapToInt(p -> DisplayWidth.of(p.targetName())).max().orElse(0);
                String exists = msg.get("plan.status.exists"), absent = msg.get("plan.status.missing");
                int statusWidth = Math.max(DisplayWidth.of(exists), DisplayWidth.of(absent));
                for (int i = 0; i < planned.size(); i++) {
                    Batch.Planned p = planned.get(i);
                    StringBuilder line = new StringBuilder(DisplayWidth.padLeft(p.line() > 0 ? String.valueOf(p.line()) : "-", 4) + "  "
                            + DisplayWidth.pad(p.source().toString(), width) + " -> ");
                    if (checked == null) {
                        line.append(p.targetName());
                        for (String t : p.alsoTags()) line.append(',').append(t);
                        if (!p.platforms().isEmpty()) line.append("  [").append(String.join(", ", p.platforms().stream().map(Object::toString).toList())).append(']');
                    }
                    if (checked != null) {
                        Batch.Checked c = checked.get(i);
                        String detail = c.exists() ? c.digest().substring(0, 19) : msg.text(c.errorText());
                        String status = c.exists() ? exists : absent;
                        line.append(DisplayWidth.pad(p.targetName(), targets)).append("   ");
                        // "MISSING  not found" says it twice: the status alone then
                        if (detail.equalsIgnoreCase(status) || detail.equals(msg.get("remote.detail.not_found"))) line.append(status);
                        else line.append(DisplayWidth.pad(status, statusWidth)).append("  ").append(detail);
                        if (!c.exists()) missing++;
                    }
                    ctx.out().println(line);
                }
                if (checked != null) ctx.out().println(ctx.messages().get("plan.summary", planned.size() - missing, planned.size()));
            }
            return missing == 0 ? Main.OK : Main.FAILED;
        }
    }
}
