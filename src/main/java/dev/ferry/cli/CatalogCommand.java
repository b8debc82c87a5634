package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ferry catalog REGISTRY}. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"List the repositories of a registry (needs the registry's _catalog API).", ""})
final class CatalogCommand extends LookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port] or @NAME.")
    String registry;

    @Option(names = "--max", paramLabel = "N", defaultValue = "0", description = "At most N repositories (0: all).")
    int max;

    @Override public Integer call() throws Exception {
        if (max < 0) throw UsageException.of("usage.max_negative");
        try (SessionLease lease = session(registry, true)) {
            Session ferry = lease.session();
            List<String> repos = ferry.catalog(registry, max);
            if (output == OutputFormat.JSON) {
                ObjectMapper m = new ObjectMapper();
                var n = m.createObjectNode();
                n.put("registry", registry);
                repos.forEach(n.putArray("repositories")::add);
                ctx().out().println(m.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                repos.forEach(ctx().out()::println);
            }
            return Main.OK;
        }
    }
}
