package dev.ferry.shell;

import dev.ferry.cli.CliContext;
import dev.ferry.cli.OutputFormat;
import dev.ferry.cli.UsageException;
import dev.ferry.oci.Platform;
import dev.ferry.ref.Registries;
import org.jline.reader.LineReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code set}, {@code login}, {@code logout} and {@code exit}: the settings and credentials of this shell's session. */
final class SettingCommands {
    private SettingCommands() {}

    static void addTo(CommandLine cl, Shell shell, CliContext ctx) {
        var m = ctx.messages();
        cl.addSubcommand("set", new Set(shell, ctx));
        cl.getSubcommands().get("set").getCommandSpec().usageMessage().description(m.get("shell.help.set"));
        cl.addSubcommand("login", new Login(shell, ctx));
        cl.getSubcommands().get("login").getCommandSpec().usageMessage().description(m.get("shell.help.login"));
        cl.addSubcommand("logout", new Logout(shell, ctx));
        cl.getSubcommands().get("logout").getCommandSpec().usageMessage().description(m.get("shell.help.logout"));
        cl.addSubcommand("exit", new Exit(shell));
        cl.getSubcommands().get("exit").getCommandSpec().usageMessage().description(m.get("shell.help.exit"));
    }

    /** A registry as the person names it: {@code @nj} (cfg.yaml) or an address. */
    static String host(Shell shell, String registry) {
        if (registry.startsWith("@")) {
            String h = shell.session.settings().names().get(registry.substring(1));
            if (h == null) throw UsageException.of("usage.shell_unknown_name", registry.substring(1), String.join(", ", shell.session.settings().names().keySet()));
            return h;
        }
        return Registries.normaliseRegistry(registry);
    }

    @Command(name = "set", mixinStandardHelpOptions = true)
    static final class Set implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", completionCandidates = Names.class) String name;
        @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE") String value;

        static final class Names extends java.util.ArrayList<String> {
            Names() { super(java.util.List.of("output", "parallel", "platform", "lang", "errexit")); }
        }

        Set(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() {
            ShellState s = shell.state;
            var m = ctx.messages();
            if (name == null) {
                var out = ctx.out();
                out.println("registry  " + (s.here() == null ? m.get("shell.nothing_open") : s.here()));
                out.println("output    " + (s.output == null ? m.get("shell.set_default") : s.output.name().toLowerCase(Locale.ROOT)));
                out.println("parallel  " + (s.parallel == null ? m.get("shell.set_default") : s.parallel));
                out.println("platform  " + (s.platform == null ? m.get("shell.set_all_platforms") : s.platform));
                out.println("lang      " + m.locale().toString());
                out.println("errexit   " + (s.errexit ? "on" : "off"));
                return 0;
            }
            if (value == null) throw UsageException.of("usage.shell_set_value", name);
            String v = value.strip();
            switch (name) {
                case "output" -> {
                    try {
                        s.output = v.equals("default") ? null : OutputFormat.valueOf(v.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw UsageException.of("usage.shell_set_bad", name, v, "text, json");
                    }
                }
                case "parallel" -> {
                    try {
                        int n = Integer.parseInt(v);
                        if (n < 1 || n > 64) throw new NumberFormatException(v);
                        s.parallel = n;
                    } catch (NumberFormatException e) {
                        throw UsageException.of("usage.shell_set_bad", name, v, "1 … 64");
                    }
                }
                case "platform" -> {
                    if (v.equals("all")) s.platform = null;
                    else {
                        try {
                            s.platform = Platform.parse(v).toString();
                        } catch (RuntimeException e) {
                            throw UsageException.of("usage.shell_set_bad", name, v, "linux/amd64, linux/arm64/v8, all");
                        }
                    }
                }
                case "lang" -> {
                    String lang = v.equals("default") ? null : dev.ferry.app.Messages.supportedLanguage(v);
                    if (lang == null && !v.equals("default")) throw UsageException.of("usage.shell_set_bad", name, v, "zh_CN, en_US, default");
                    s.lang = lang;
                }
                case "errexit" -> {
                    if (!v.equals("on") && !v.equals("off")) throw UsageException.of("usage.shell_set_bad", name, v, "on, off");
                    s.errexit = v.equals("on");
                }
                default -> throw UsageException.of("usage.shell_set_name", name);
            }
            return 0;
        }
    }

    /**
     * {@code login REGISTRY [USER] [--save]}: asks for the user (when not given) and the password, masked; kept for this
     * session only, unless {@code --save} writes them into docker's config.json.
     */
    @Command(name = "login", mixinStandardHelpOptions = true)
    static final class Login implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "REGISTRY") String registry;
        @Parameters(index = "1", arity = "0..1", paramLabel = "USER") String user;
        @picocli.CommandLine.Option(names = "--save", description = "Also write them into docker's config.json (DOCKER_CONFIG, else ~/.docker), for later runs.")
        boolean save;

        Login(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() {
            String host = host(shell, registry);
            LineReader r = shell.reader;
            var m = ctx.messages();
            String u = user;
            String password;
            if (r == null) {
                password = shell.env.get("FERRY_PASSWORD");
                if (u == null || password == null) throw UsageException.of("usage.shell_login_script", registry);
            } else {
                r.setVariable(LineReader.DISABLE_HISTORY, true); // neither the user nor the password goes into the history file
                try {
                    if (u == null) u = r.readLine(m.get("shell.login_user", host) + " ").strip();
                    password = r.readLine(m.get("shell.login_password", u, host) + " ", '*');
                } finally {
                    r.setVariable(LineReader.DISABLE_HISTORY, false);
                }
            }
            if (u.isEmpty()) throw UsageException.of("usage.shell_login_user", registry);
            shell.session.login(host, u, password);
            if (!save) {
                ctx.out().println(m.get("shell.logged_in", u, host));
                return 0;
            }
            String file;
            try {
                file = shell.session.saveLogin(host);
            } catch (java.io.IOException e) {
                ctx.err().println(m.get("shell.login_not_saved", u, host, e.getMessage()));
                return 1;
            }
            ctx.out().println(m.get("shell.login_saved", u, host, file));
            return 0;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true)
    static final class Logout implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "REGISTRY") String registry;

        Logout(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() {
            String host = host(shell, registry);
            boolean had = shell.session.logout(host);
            ctx.out().println(ctx.messages().get(had ? "shell.logged_out" : "shell.not_logged_in", host));
            return 0;
        }
    }

    @Command(name = "exit", mixinStandardHelpOptions = true)
    static final class Exit implements Callable<Integer> {
        private final Shell shell;

        Exit(Shell shell) { this.shell = shell; }

        @Override public Integer call() {
            shell.exitRequested = true;
            return 0;
        }
    }
}
