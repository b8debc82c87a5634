package dev.ferry.shell;

import dev.ferry.app.Job;
import dev.ferry.app.JobSnapshot;
import dev.ferry.app.Messages;
import dev.ferry.cli.Format;
import dev.ferry.engine.JobResult;

/** A job in one line, from its snapshot: for {@code jobs}, {@code fg} and the status line. */
final class JobLines {
    private JobLines() {}

    static String describe(Job job, Messages m) {
        JobSnapshot s = job.snapshot();
        var done = job.completion().toCompletableFuture();
        if (done.isDone() && !done.isCompletedExceptionally()) {
            JobResult r = done.join();
            if (r.cancelled()) return m.get("shell.job_cancelled", job.id(), job.title(), s.imagesFinished(), s.images().size());
            if (r.ok()) return m.get("shell.job_done", job.id(), job.title(), m.count(r.images().size(), Messages.Noun.IMAGE), Format.bytes(r.bytesMoved()), Format.seconds(r.seconds()));
            return m.get("shell.job_failed", job.id(), job.title(), r.images().size(), r.failed(), Format.bytes(r.bytesMoved()), Format.seconds(r.seconds()));
        }
        if (done.isDone()) return m.get("shell.job_broken", job.id(), job.title());
        return m.get("shell.job_running", job.id(), job.title(), s.imagesFinished(), s.images().size(),
                Format.bytes(s.bytesDone()), Format.bytes(s.bytesTotal()), percent(s), Format.rate(s.bytesPerSecond()));
    }

    /** The short form for the status line: {@code [2] sync 3/10 42% 12 MB/s}. */
    static String brief(Job job) {
        JobSnapshot s = job.snapshot();
        return "[" + job.id() + "] " + job.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + s.imagesFinished() + "/" + s.images().size()
                + " " + percent(s) + " " + Format.rate(s.bytesPerSecond());
    }

    static boolean running(Job job) {
        return !job.completion().toCompletableFuture().isDone();
    }

    private static String percent(JobSnapshot s) {
        return s.bytesTotal() <= 0 ? "0%" : Math.min(100, s.bytesDone() * 100 / s.bytesTotal()) + "%";
    }
}
