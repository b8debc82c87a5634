package dev.ferry.app;

import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageTask;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RetryListener;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A job being put together: its number, the scope its requests run in (so that one cancel
 * stops them all) and its event hub, before its tasks are known and it starts.
 */
final class PendingJob {
    final String id;
    final JobKind kind;
    final String title;
    final CallScope scope;
    final JobEvents events;

    /** @param first a subscriber that sees the job from its first event on (null: none) */
    PendingJob(String id, JobKind kind, String title, Executor executor, JobSubscriber first) {
        this.id = id;
        this.kind = kind;
        this.title = title;
        this.events = new JobEvents(id, kind, List.of(), executor);
        this.scope = CallScope.create(new RetryListener() {
            @Override public void retrying(String op, int attempt, Duration delay, String reason) { }

            @Override public void warning(dev.ferry.ref.Text message) {
                events.on(new Event.Warning("", message));
            }
        });
        if (first != null) events.subscribe(first);
    }

    /** The scope for one image's requests: its retries are reported to this job, for that image. */
    CallScope scopeFor(String image) {
        return scopeFor(() -> image);
    }

    /** The same, for an image whose name is known only once its source is open. */
    CallScope scopeFor(java.util.function.Supplier<String> image) {
        return scope.child(new RetryListener() {
            @Override public void retrying(String op, int attempt, Duration delay, String reason) {
                events.on(new Event.Retrying(image.get(), op, attempt, delay, reason));
            }

            @Override public void retrying(dev.ferry.ref.Text op, int attempt, Duration delay, dev.ferry.ref.Text reason) {
                events.on(new Event.Retrying(image.get(), op.english(), attempt, delay, reason.english(), op, reason));
            }

            @Override public void warning(dev.ferry.ref.Text message) {
                events.on(new Event.Warning("", message)); // about a registry, not this image
            }
        });
    }

    EventListener listener() { return events; }

    /** Names the job's images in the order the person listed them, before any event about them. */
    void expect(List<ImageTask> tasks) {
        List<String[]> names = new ArrayList<>();
        for (ImageTask t : tasks) names.add(new String[]{t.image(), t.sourceName(), t.targetName()});
        events.expect(names);
    }

    /** The same for a job without engine tasks: {image, source, target} each. */
    void expectNames(List<String[]> names) {
        events.expect(names);
    }
}
