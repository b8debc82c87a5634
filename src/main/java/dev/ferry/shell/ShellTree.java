package dev.ferry.shell;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.Main;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree of one line: the CLI's own (so every command has the same flags, output and messages), with the
 * shell's commands added and the shell's settings ({@code set output json}, {@code set parallel 8},
 * {@code set platform linux/amd64}) as the defaults of the flags they stand for.
 */
final class ShellTree {
    private ShellTree() {}

    static CommandLine build(Shell shell, CliContext ctx) {
        CommandLine cl = Main.commandLine(ctx);
        // the shell's own login and logout act on its session (login --save writes docker's file, as ferry login does)
        cl.getCommandSpec().removeSubcommand("login");
        cl.getCommandSpec().removeSubcommand("logout");
        Navigation.addTo(cl, shell, ctx);
        cl.addSubcommand("ls", new LsCommand(shell, ctx));
        cl.getSubcommands().get("ls").getCommandSpec().usageMessage().description(ctx.messages().get("shell.help.ls"));
        cl.addSubcommand("diff", new DiffCommand(shell, ctx));
        cl.getSubcommands().get("diff").getCommandSpec().usageMessage().description(ctx.messages().get("shell.help.diff"));
        JobCommands.addTo(cl, shell, ctx);
        SettingCommands.addTo(cl, shell, ctx);
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        cl.setDefaultValueProvider(spec -> defaultFor(shell.state, spec));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        return cl;
    }

    /** What {@code set} chose for this flag, or null: the command's own default. */
    static String defaultFor(ShellState s, ArgSpec spec) {
        if (!(spec instanceof OptionSpec o)) return null;
        String name = o.longestName();
        if (name.equals("--output") && s.output != null) return s.output.name().toLowerCase(java.util.Locale.ROOT);
        if (name.equals("--parallel") && s.parallel != null) return String.valueOf(s.parallel);
        if (name.equals("--platform") && s.platform != null) return s.platform;
        return null;
    }
}
