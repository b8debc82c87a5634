package dev.ferry.cli;

import dev.ferry.app.JobKind;
import dev.ferry.app.Messages;
import dev.ferry.app.Notifications;
import dev.ferry.config.FerryConfig;
import dev.ferry.engine.JobResult;
import dev.ferry.notify.Dispatcher;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --notify URL} and {@code --notify-test}, shared by the commands that notify: the channels
 * of cfg.yaml ({@code dingtalk:}, {@code notify:}) and these, the notice at the end of a job, and
 * the test notice. A notice that cannot be delivered is a warning on standard error, never a
 * failure of the command.
 */
final class NotifyFlags {
    private static final Duration TEST_WAIT = Duration.ofSeconds(60);
    private static final Duration JOB_WAIT = Duration.ofSeconds(15);

    @Option(names = "--notify", paramLabel = "URL", description = "Also post a JSON document of the result to URL (repeatable; cfg.yaml notify: and dingtalk: apply too).")
    List<String> urls = new ArrayList<>();

    @Option(names = "--notify-test", description = "Send a test notice to every configured DingTalk robot and webhook, and exit.")
    boolean test;

    /** The channels, with undeliverable notices reported on standard error in the person's language. */
    Notifications notifications(CliContext ctx, FerryConfig config) {
        return notifications(ctx, config, f -> { });
    }

    private Notifications notifications(CliContext ctx, FerryConfig config, java.util.function.Consumer<Dispatcher.Failure> also) {
        Messages lang = Messages.fromEnvironment(config.lang(), ctx.env());
        return Notifications.of(config, urls, lang, ctx.env(), f -> {
            ctx.err().println(ctx.messages().get("notify.failed", f.channel(), f.attempts(), f.reason()));
            ctx.err().flush();
            also.accept(f);
        });
    }

    /** {@code --notify-test}: one notice to every channel; 0 when every channel took it. */
    int sendTest(CliContext ctx, FerryConfig config) {
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Notifications n = notifications(ctx, config, f -> failed.add(f.channel()));
        if (n.isEmpty()) throw UsageException.of("usage.notify_none");
        n.send(n.test());
        if (!n.close(TEST_WAIT)) {
            ctx.err().println(ctx.messages().get("notify.unsent", TEST_WAIT.toSeconds()));
            return Main.FAILED;
        }
        for (String c : n.channels()) {
            if (!failed.contains(c)) ctx.out().println(ctx.messages().get("notify.test_sent", c));
        }
        return failed.isEmpty() ? Main.OK : Main.FAILED;
    }

    /** The notice at the end of a job, when any channel is configured; waits up to 15 s for it to go out. */
    void afterJob(CliContext ctx, FerryConfig config, JobKind kind, String what, JobResult result) {
        if (result == null || (config.dingtalk().isEmpty() && config.webhooks().isEmpty() && urls.isEmpty())) return;
        Notifications n = notifications(ctx, config);
        n.send(n.job(kind, what, result));
        if (!n.close(JOB_WAIT)) ctx.err().println(ctx.messages().get("notify.unsent", JOB_WAIT.toSeconds()));
    }
}
