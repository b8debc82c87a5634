package dev.ferry.cli;

import dev.ferry.app.RegistrySettings;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ferry __complete registries}, {@code targets} and {@code image WORD}: the candidates the bash, zsh and fish
 * completions ask for, one a line. cfg.yaml's registry names ({@code @nj/}), then a registry's repositories
 * ({@code @nj/app/web}) and a repository's tags ({@code @nj/app/web:3.2}), from the {@link CompletionCache}. It never
 * prints an error and gives up at {@link #DEADLINE} after the process started: a Tab is quick or gives nothing.
 */
@Command(name = "__complete", hidden = true, description = "Completion candidates for the shell completion scripts.")
final class CompleteCommand implements Callable<Integer> {
    /** From the start of the process (the JVM's own start included) to the last moment a candidate is printed. */
    static final Duration DEADLINE = Duration.ofMillis(900);
    private static final int CATALOG_MAX = 2000;
    /** Set for the process that fills the cache after a late answer: it does not start another. */
    private static final String FILLING = "FERRY_COMPLETE_FILLING";

    @ParentCommand FerryCommand parent;

    @Option(names = "--config", paramLabel = "FILE") Path configFile;

    @Parameters(index = "0", paramLabel = "WHAT") String what;

    @Parameters(index = "1", arity = "0..1", paramLabel = "WORD") String word = "";

    @Override public Integer call() {
        CliContext ctx = parent.ctx;
        Instant deadline = ProcessHandle.current().info().startInstant().orElseGet(Instant::now).plus(deadline(ctx.env()));
        FerryConfig config;
        try {
            config = ConfigLoader.locate(Path.of("").toAbsolutePath(), configFile).map(f -> ConfigLoader.load(f, ctx.env())).orElse(FerryConfig.empty());
        } catch (RuntimeException unreadable) {
            return Main.OK; // the command itself will say what is wrong with cfg.yaml
        }
        RegistrySettings settings = RegistrySettings.builder(config).build();
        List<String> out = switch (what) {
            case "registries" -> List.copyOf(settings.names().keySet());
            case "targets" -> targets(settings);
            case "image" -> image(ctx, config, settings, deadline);
            default -> List.of();
        };
        out.stream().filter(c -> c.startsWith(word)).forEach(ctx.out()::println);
        return Main.OK;
    }

    /** Where --to may write: cfg.yaml's names, the docker daemon and containerd (its k8s.io namespace, or containerd:NS). */
    private static List<String> targets(RegistrySettings settings) {
        List<String> out = new ArrayList<>(settings.names().keySet());
        out.addAll(List.of("docker", "containerd", "containerd:k8s.io"));
        return out;
    }

    /** The words that could follow {@link #word} as an image, repository or registry argument. */
    private List<String> image(CliContext ctx, FerryConfig config, RegistrySettings settings, Instant deadline) {
        Map<String, String> names = settings.names();
        int slash = word.indexOf('/');
        List<String> out = new ArrayList<>();
        if (slash < 0) {
            for (String n : names.keySet()) out.add("@" + n + "/");
            return out;
        }
        String typed = word.substring(0, slash);
        String address = typed.startsWith("@") ? names.get(typed.substring(1))
                : typed.contains(".") || typed.contains(":") || typed.equals("localhost") ? typed : null;
        if (address == null) return out; // Docker Hub has no catalog to offer, and an unknown name nothing
        CompletionCache cache = CompletionCache.of(ctx.env());
        int colon = word.lastIndexOf(':');
        if (colon > word.lastIndexOf('/')) {
            String repo = word.substring(slash + 1, colon);
            for (String tag : cache.get("tags " + address + "/" + repo, () -> session(ctx, config, settings).tags(address + "/" + repo),
                    deadline, () -> fillLater(ctx))) {
                out.add(word.substring(0, colon) + ":" + tag);
            }
        } else {
            for (String repo : cache.get("catalog " + address, () -> session(ctx, config, settings).catalog(address, CATALOG_MAX),
                    deadline, () -> fillLater(ctx))) {
                out.add(typed + "/" + repo);
            }
        }
        return out;
    }

    /**
     * A registry too slow for this Tab: the same question again in a process of its own, which waits for the answer
     * ({@link CompletionCache#FILL_WAIT}) and leaves it in the cache for the next Tab. Its output goes nowhere, so the
     * shell does not wait for it.
     */
    private void fillLater(CliContext ctx) {
        if (ctx.env().containsKey(FILLING)) return; // the background process itself
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "__complete"));
        if (configFile != null) cmd.addAll(List.of("--config", configFile.toAbsolutePath().toString()));
        cmd.addAll(List.of(what, word));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(ctx.env());
        pb.environment().put(FILLING, "1");
        pb.environment().put("FERRY_COMPLETE_WAIT_MS", String.valueOf(CompletionCache.FILL_WAIT.toMillis()));
        try {
            pb.start();
        } catch (java.io.IOException | RuntimeException cannot) {
            // the next Tab asks again
        }
    }

    /** {@link #DEADLINE}, or {@code FERRY_COMPLETE_WAIT_MS} for a slow link (a Tab then waits that long). */
    static Duration deadline(Map<String, String> env) {
        try {
            String ms = env.get("FERRY_COMPLETE_WAIT_MS");
            return ms == null ? DEADLINE : Duration.ofMillis(Math.max(0, Long.parseLong(ms.strip())));
        } catch (NumberFormatException e) {
            return DEADLINE;
        }
    }

    /** The session for a registry look-up, made only when the cache cannot answer; never closed (the process ends). */
    private static Session session(CliContext ctx, FerryConfig config, RegistrySettings settings) {
        return Session.builder(ctx.env()).config(config).settings(settings).maxConnections(2).build();
    }
}
