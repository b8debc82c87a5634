package dev.ferry.cli;

import dev.ferry.app.Messages;
import dev.ferry.ref.InvalidReferenceException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Entry point: builds the command tree, runs it, maps failures to exit codes (0 done, 1 failed, 2 bad usage or input). */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private Main() {}

    public static void main(String[] args) {
        // a head start on the registry classes, except where none is needed (a Tab usually reads the completion cache)
        if (args.length > 0 && !args[0].equals("--help") && !args[0].equals("--version") && !args[0].equals("__complete")) dev.ferry.app.Session.preload();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err, System.getenv(), System.in);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs ferry with the given arguments and streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        return run(args, out, err, env, java.io.InputStream.nullInputStream());
    }

    /** Runs ferry with the given arguments, streams and standard input; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, java.io.InputStream in) {
        CliContext ctx = new CliContext(env, out, err, in);
        if (HelpConfigLanguage.asksForHelp(args)) {
            ctx.language().fromConfig(HelpConfigLanguage.of(args, env, java.nio.file.Path.of("").toAbsolutePath()));
        }
        CommandLine cl = commandLine(ctx, args);
        return cl.execute(args);
    }

    /** The whole command tree (help, completions). */
    public static CommandLine commandLine(CliContext ctx) {
        return commandLine(ctx, new String[0]);
    }

    /**
     * The command tree for these arguments. When they start with a command's name, only that
     * command is built: picocli reads every command's annotations when it is added, which is most
     * of a short run's start-up, and the others cannot be reached from there anyway.
     */
    static CommandLine commandLine(CliContext ctx, String[] args) {
        CommandLine cl = new CommandLine(new FerryCommand(ctx));
        Class<?> only = args.length > 0 ? commandNamed(args[0]) : null;
        // ferry --version reaches no command at all: none is built (a start-up figure people measure)
        boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
        for (Class<?> c : FerryCommand.SUBCOMMANDS) {
            if (!versionOnly && (only == null || only == c)) cl.addSubcommand(c);
        }
        setVersion(cl, new FerryCommand.VersionProvider(ctx.messages())); // ferry sync --version says what ferry --version says
        HelpLanguage.apply(cl, ctx.language().requested()); // the environment's or the shell's; --lang changes it while parsing
        HelpLayout.apply(cl, () -> TerminalWidth.of(ctx.env(), System.console() != null)); // 80 when unknown
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(Main::exitCode);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println(ctx.messages().get("main.error", message(ex, ctx.messages())));
            if (dev.ferry.app.Session.errorKind(ex) == dev.ferry.spi.ErrorKind.UNAUTHORIZED) {
                commandLine.getErr().println(AuthHint.line(commandLine.getCommandSpec(), ctx.messages()));
            }
            if (ctx.env().containsKey("FERRY_DEBUG")) ex.printStackTrace(commandLine.getErr());
            return exitCode(ex);
        });
        cl.setParameterExceptionHandler((ex, unmatched) -> {
            CommandLine c = ex.getCommandLine();
            Messages m = ctx.messages();
            c.getErr().println(m.get("main.error", ParseErrors.message(ex, m)));
            String suggestion = suggestCommand(ex);
            if (suggestion != null) c.getErr().println(m.get("main.did_you_mean", c.getCommandSpec().qualifiedName(), suggestion));
            else if (!ParseErrors.english(m) && !ParseErrors.suggestions(ex).isEmpty()) {
                c.getErr().println(m.get("main.did_you_mean_one_of", String.join(", ", ParseErrors.suggestions(ex))));
            } else if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr())) {
                c.getErr().println(m.get("main.try_help", c.getCommandSpec().qualifiedName()));
            }
            return USAGE;
        });
        return cl;
    }

    private static void setVersion(CommandLine c, CommandLine.IVersionProvider version) {
        c.getCommandSpec().versionProvider(version);
        for (CommandLine sub : c.getSubcommands().values()) setVersion(sub, version);
    }

    private static Class<?> commandNamed(String name) {
        for (Class<?> c : FerryCommand.SUBCOMMANDS) {
            if (c.getAnnotation(CommandLine.Command.class).name().equals(name)) return c;
        }
        return null;
    }

    /** For a mistyped command ("cpoy"), the command it most likely meant. */
    static String suggestCommand(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) return null;
        String typed = u.getUnmatched().get(0);
        if (typed.startsWith("-")) return null;
        String best = null;
        int bestDistance = 3;
        for (String name : ex.getCommandLine().getSubcommands().keySet()) {
            if (ex.getCommandLine().getSubcommands().get(name).getCommandSpec().usageMessage().hidden()) continue;
            int d = distance(typed, name);
            if (d < bestDistance) {
                bestDistance = d;
                best = name;
            }
        }
        return best;
    }

    /** Edit distance with adjacent transpositions (optimal string alignment). */
    static int distance(String a, String b) {
        return dev.ferry.config.Suggestions.distance(a, b);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException || ex instanceof InvalidReferenceException
                || ex instanceof UsageException || ex instanceof IllegalArgumentException) return USAGE;
        return FAILED;
    }

    static String message(Throwable ex, Messages messages) {
        Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
        if (e instanceof UsageException u) return u.message(messages);
        if (e instanceof dev.ferry.ref.Localized) return messages.failure(e);
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getReason() != null ? messages.get("main.file_reason", n.getReason(), n.getFile()) : messages.get("main.no_such_file", n.getFile());
        }
        if (e instanceof IOException && m == null) return e.getClass().getSimpleName();
        return m == null ? e.toString() : m;
    }
}
