package dev.ferry.cli.dist;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.Main;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files made from ferry's command tree and committed beside the code: completions for bash, zsh and fish, and
 * the man pages. {@code ./mvnw -q compile exec:java@regenerate} (this class's {@link #main}) writes them again after a
 * command or flag changed; a test fails while they differ from what this makes.
 */
public final class GeneratedFiles {
    /** The one command that makes them again (named in each file and in the test's failure). */
    public static final String REGENERATE = "./mvnw -q compile exec:java@regenerate";
    static final String HEADER = "Generated from ferry's commands; do not edit. Regenerate: " + REGENERATE;

    private GeneratedFiles() {}

    /** Each generated file, by its path in the repository, with its content. */
    public static Map<Path, String> all() {
        CliContext ctx = new CliContext(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        CommandLine root = Main.commandLine(ctx);
        Map<Path, String> out = new LinkedHashMap<>();
        out.put(Path.of("completions", "ferry.bash"), BashCompletion.of(root));
        out.put(Path.of("completions", "_ferry"), ZshCompletion.of(root));
        out.put(Path.of("completions", "ferry.fish"), FishCompletion.of(root));
        ManPages.of(root, ctx.messages()).forEach((name, page) -> out.put(Path.of("man", name), page));
        return out;
    }

    /** Writes every generated file under the folder given (default: the working directory), and removes stale man pages. */
    public static void main(String[] args) throws IOException {
        Path base = Path.of(args.length > 0 ? args[0] : ".");
        Map<Path, String> files = all();
        Path man = base.resolve("man");
        if (Files.isDirectory(man)) {
            try (var old = Files.list(man)) {
                for (Path p : old.toList()) {
                    if (!files.containsKey(base.relativize(p))) Files.delete(p);
                }
            }
        }
        for (var e : files.entrySet()) {
            Path p = base.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
