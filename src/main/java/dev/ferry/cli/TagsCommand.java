package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.app.Session;
import dev.ferry.ref.TagOrder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ferry tags REPO}. */
@Command(name = "tags", mixinStandardHelpOptions = true,
        description = {"List the tags of a repository (REPO, @NAME/REPO or oci:DIR).", ""})
final class TagsCommand extends LookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REPO", description = "The repository, e.g. 127.0.0.1:5000/app/web.")
    String repository;

    @Option(names = "--sort", description = "Sort tags by version (v3.10 after v3.5) instead of the registry's order.")
    boolean sort;

    @Override public Integer call() throws Exception {
        try (SessionLease lease = session(repository, false)) {
            Session ferry = lease.session();
            List<String> tags = new ArrayList<>(ferry.tags(repository));
            if (sort) tags.sort(TagOrder.INSTANCE);
            if (output == OutputFormat.JSON) {
                ObjectMapper m = new ObjectMapper();
                var n = m.createObjectNode();
                n.put("repository", repository);
                tags.forEach(n.putArray("tags")::add);
                ctx().out().println(m.writerWithDefaultPrettyPrinter().writeValueAsString(n));
            } else {
                tags.forEach(ctx().out()::println);
            }
            return Main.OK;
        }
    }
}
