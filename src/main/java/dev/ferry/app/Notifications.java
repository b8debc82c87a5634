package dev.ferry.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.config.DingTalk;
import dev.ferry.config.FerryConfig;
import dev.ferry.config.Webhook;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.JobResult;
import dev.ferry.notify.Channel;
import dev.ferry.notify.DingTalkRobot;
import dev.ferry.notify.Dispatcher;
import dev.ferry.notify.Notice;
import dev.ferry.notify.WebhookChannel;
import dev.ferry.ref.Text;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The notifications of a command or a watch: the channels cfg.yaml names ({@code dingtalk:}
 * robots, {@code notify:} webhooks) and those given as {@code --notify URL}, a {@link Dispatcher}
 * sending to them off the caller's thread, and the texts, rendered in the configured language.
 * {@link #job} is the notice at the end of {@code sync}, {@code save} and {@code load} (as
 * image-transmit notifies at the end of any task); {@link #test} checks the setup.
 */
public final class Notifications implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher dispatcher;
    private final Messages messages;
    private final List<String> labels;

    private Notifications(List<Channel> channels, Messages messages, Consumer<Dispatcher.Failure> failures, int attempts, Duration pause) {
        this.dispatcher = new Dispatcher(channels, attempts, pause, failures);
        this.messages = messages;
        this.labels = channels.stream().map(Channel::label).toList();
    }

    /**
     * The channels of {@code config} and {@code extraUrls}; texts in {@code messages}' language.
     * Each notice is tried 4 times (1, 2 and 4 s apart) before {@code failures} hears of it; the
     * proxies of {@code env} (HTTPS_PROXY, NO_PROXY) apply as they do to registries.
     */
    public static Notifications of(FerryConfig config, List<String> extraUrls, Messages messages, java.util.Map<String, String> env,
                                   Consumer<Dispatcher.Failure> failures) {
        dev.ferry.notify.Http http = dev.ferry.notify.Http.via(dev.ferry.registry.EnvProxySelector.of(env));
        List<Channel> cs = new ArrayList<>();
        int n = 0;
        for (DingTalk d : config.dingtalk()) {
            n++;
            cs.add(new DingTalkRobot(messages.get("notify.dingtalk_label", n), d.endpoint(), d.token(), d.secret(), Clock.systemUTC(), http));
        }
        List<Webhook> hooks = new ArrayList<>(config.webhooks());
        for (String u : extraUrls) {
            if (!u.matches("https?://\\S+")) {
                throw new BadInputException(Text.of("notify.url_invalid", new Webhook(u, null).shown()));
            }
            hooks.add(new Webhook(u, null));
        }
        for (Webhook w : hooks) cs.add(new WebhookChannel(messages.get("notify.webhook_label", w.shown()), w.url(), w.secret(), http));
        return new Notifications(cs, messages, failures, 4, Duration.ofSeconds(1));
    }

    /** Whether any channel is configured. */
    public boolean isEmpty() {
        return dispatcher.isEmpty();
    }

    /** The channels, as messages name them. */
    public List<String> channels() {
        return labels;
    }

    public Messages messages() {
        return messages;
    }

    /** Sends {@code n} to every channel, without waiting. */
    public void send(Notice n) {
        dispatcher.submit(n);
    }

    /** The notice {@code --notify-test} sends. */
    public Notice test() {
        ObjectNode o = JSON.createObjectNode();
        o.put("event", "test");
        o.put("time", Instant.now().toString());
        o.put("ferry", Version.get());
        return new Notice("test", messages.get("notice.test_title"), messages.get("notice.test_text", Version.get()), o.toString());
    }

    /** The notice at the end of a {@code sync}, {@code save} or {@code load}: every image, and what failed with its reason. */
    public Notice job(JobKind kind, String what, JobResult r) {
        String k = kind.name().toLowerCase(Locale.ROOT);
        long bad = r.failed();
        String title = messages.get(bad == 0 && !r.cancelled() ? "notice.job_title_ok" : "notice.job_title_failed", k, r.images().size() - bad, r.images().size());
        StringBuilder md = new StringBuilder("### ").append(title).append("\n\n");
        md.append(messages.get("notice.job_summary", what, Units.bytes(r.bytesMoved()), Units.seconds(r.seconds()))).append("\n\n");
        ObjectNode o = JSON.createObjectNode();
        o.put("event", k);
        o.put("what", dev.ferry.ref.Redaction.redact(what));
        o.put("ok", r.ok());
        o.put("cancelled", r.cancelled());
        o.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        o.put("bytesMoved", r.bytesMoved());
        ArrayNode images = o.putArray("images");
        for (ImageResult i : r.images()) {
            ObjectNode n = images.addObject();
            n.put("source", i.source());
            n.put("target", i.target());
            n.put("status", i.status().name().toLowerCase(Locale.ROOT));
            n.put("digest", i.sourceDigest() == null ? null : i.sourceDigest().toString());
            n.put("bytes", i.bytesMoved());
            n.put("errorKind", i.kind() == null ? null : i.kind().name().toLowerCase(Locale.ROOT));
            n.put("error", i.error());
            md.append(i.ok()
                    ? messages.get("notice.image_ok", i.source(), i.target(), shortDigest(i.sourceDigest()), Units.bytes(i.bytesMoved()), Units.seconds(i.seconds()))
                    : messages.get("notice.image_failed", i.source(), i.target(), i.kind() == null ? "" : messages.title(i.kind()), i.error())).append('\n');
        }
        return new Notice(k, title, md.toString(), o.toString());
    }

    /** {@code sha256:0123456789ab}: enough of a digest to tell builds apart in a chat. */
    public static String shortDigest(Object digest) {
        if (digest == null) return "-";
        String s = digest.toString();
        int colon = s.indexOf(':');
        return s.length() > colon + 13 ? s.substring(0, colon + 13) : s;
    }

    /** Waits up to {@code timeout} for what was sent to go out (a command's last notice before the process ends). */
    public boolean close(Duration timeout) {
        return dispatcher.close(timeout);
    }

    @Override public void close() {
        close(Duration.ofSeconds(10));
    }
}
