package dev.ferry.shell;

import dev.ferry.cli.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code open}, {@code cd} and {@code pwd}: where the person is, as in a file system. Nothing here asks a registry. */
final class Navigation {
    private Navigation() {}

    static void addTo(CommandLine cl, Shell shell, CliContext ctx) {
        var m = ctx.messages();
        cl.addSubcommand("open", new Open(shell));
        cl.getSubcommands().get("open").getCommandSpec().usageMessage().description(m.get("shell.help.open"));
        cl.addSubcommand("cd", new Cd(shell));
        cl.getSubcommands().get("cd").getCommandSpec().usageMessage().description(m.get("shell.help.cd"));
        cl.addSubcommand("pwd", new Pwd(shell, ctx));
        cl.getSubcommands().get("pwd").getCommandSpec().usageMessage().description(m.get("shell.help.pwd"));
    }

    @Command(name = "open", mixinStandardHelpOptions = true)
    static final class Open implements Callable<Integer> {
        private final Shell shell;
        @Parameters(index = "0", paramLabel = "REGISTRY[/PATH]") String target;

        Open(Shell shell) { this.shell = shell; }

        @Override public Integer call() {
            shell.state.open(target, shell.session.settings().names());
            shell.prefetch();
            return 0;
        }
    }

    @Command(name = "cd", mixinStandardHelpOptions = true)
    static final class Cd implements Callable<Integer> {
        private final Shell shell;
        @Parameters(index = "0", arity = "0..1", paramLabel = "PATH") String path;

        Cd(Shell shell) { this.shell = shell; }

        @Override public Integer call() {
            shell.state.cd(path);
            shell.prefetch();
            return 0;
        }
    }

    @Command(name = "pwd", mixinStandardHelpOptions = true)
    static final class Pwd implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;

        Pwd(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() {
            String here = shell.state.here();
            ctx.out().println(here == null ? ctx.messages().get("shell.nothing_open") : here);
            return 0;
        }
    }
}
