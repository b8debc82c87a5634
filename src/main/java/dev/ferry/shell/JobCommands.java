package dev.ferry.shell;

import dev.ferry.app.Job;
import dev.ferry.cli.CliContext;
import dev.ferry.cli.UsageException;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jobs}, {@code wait N}, {@code fg N} and {@code cancel N}: the session's jobs, seen through their snapshots. */
final class JobCommands {
    private JobCommands() {}

    static void addTo(CommandLine cl, Shell shell, CliContext ctx) {
        var m = ctx.messages();
        cl.addSubcommand("jobs", new Jobs(shell, ctx));
        cl.getSubcommands().get("jobs").getCommandSpec().usageMessage().description(m.get("shell.help.jobs"));
        cl.addSubcommand("wait", new Wait(shell, ctx));
        cl.getSubcommands().get("wait").getCommandSpec().usageMessage().description(m.get("shell.help.wait"));
        cl.addSubcommand("fg", new Fg(shell, ctx));
        cl.getSubcommands().get("fg").getCommandSpec().usageMessage().description(m.get("shell.help.fg"));
        cl.addSubcommand("cancel", new Cancel(shell, ctx));
        cl.getSubcommands().get("cancel").getCommandSpec().usageMessage().description(m.get("shell.help.cancel"));
    }

    static Job job(Shell shell, String id) {
        return shell.session.job(id).orElseThrow(() -> UsageException.of("usage.shell_no_job", id));
    }

    /** After a job ended: the output its background command kept (its report), then its status. */
    static int finish(Shell shell, CliContext ctx, Job job) throws InterruptedException {
        var entry = shell.background.of(job.id());
        if (entry.isPresent()) {
            entry.get().thread.join();
            entry.get().noticed = true;
            ctx.out().print(entry.get().takeOutput());
            ctx.out().flush();
            return entry.get().exit == null ? 1 : entry.get().exit;
        }
        job.await();
        ctx.out().println(JobLines.describe(job, ctx.messages()));
        return job.await().ok() ? 0 : 1;
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true)
    static final class Jobs implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;

        Jobs(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() {
            List<Job> all = shell.session.jobs();
            if (all.isEmpty()) ctx.out().println(ctx.messages().get("shell.no_jobs"));
            for (Job j : all) ctx.out().println(JobLines.describe(j, ctx.messages()));
            return 0;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true)
    static final class Wait implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;
        @Parameters(index = "0", arity = "0..1", paramLabel = "JOB") String id;

        Wait(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        /** Ctrl-C ends the waiting (exit status 130, as a shell's), not the jobs. */
        @Override public Integer call() {
            try {
                if (id != null) return finish(shell, ctx, job(shell, id));
                int code = 0;
                for (Job j : shell.session.jobs()) if (JobLines.running(j) || shell.background.of(j.id()).map(e -> !e.noticed).orElse(false)) {
                    code = Math.max(code, finish(shell, ctx, j));
                }
                return code;
            } catch (InterruptedException e) {
                return 130;
            }
        }
    }

    /**
     * {@code fg N}: the job's progress, redrawn in place until it ends; Ctrl-C cancels it, Ctrl-Z goes back to the
     * prompt and leaves it running. Without a terminal (a script) it is {@code wait N}.
     */
    @Command(name = "fg", mixinStandardHelpOptions = true)
    static final class Fg implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "JOB") String id;

        Fg(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() throws InterruptedException {
            Job job = job(shell, id);
            var reader = shell.reader;
            if (reader == null || !JobLines.running(job)) return finish(shell, ctx, job);
            Terminal t = reader.getTerminal();
            boolean[] detached = {false};
            Terminal.SignalHandler oldInt = t.handle(Terminal.Signal.INT, s -> job.cancel());
            Terminal.SignalHandler oldTstp = t.handle(Terminal.Signal.TSTP, s -> detached[0] = true);
            try {
                while (JobLines.running(job) && !detached[0]) {
                    ctx.out().print("\r\033[K" + JobLines.describe(job, ctx.messages()));
                    ctx.out().flush();
                    job.await(Duration.ofMillis(250));
                }
            } finally {
                t.handle(Terminal.Signal.INT, oldInt);
                t.handle(Terminal.Signal.TSTP, oldTstp);
                ctx.out().print("\r\033[K");
            }
            if (detached[0]) {
                ctx.out().println(ctx.messages().get("shell.fg_detached", job.id()));
                return 0;
            }
            return finish(shell, ctx, job);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true)
    static final class Cancel implements Callable<Integer> {
        private final Shell shell;
        private final CliContext ctx;
        @Parameters(index = "0", paramLabel = "JOB") String id;

        Cancel(Shell shell, CliContext ctx) {
            this.shell = shell;
            this.ctx = ctx;
        }

        @Override public Integer call() throws InterruptedException {
            Job job = job(shell, id);
            job.cancel();
            boolean ended = job.await(Duration.ofSeconds(10)) != null;
            ctx.out().println(ctx.messages().get(ended ? "shell.cancelled" : "shell.cancelling", job.id(), job.title()));
            return 0;
        }
    }
}
