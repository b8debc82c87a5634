package dev.ferry.cli;

import dev.ferry.app.Job;
import dev.ferry.app.JobSubscriber;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What every transfer command does around its job: progress on standard error, the run's log
 * file, and Ctrl-C (the JVM's shutdown hook) cancelling the job and waiting for it to stop, so
 * nothing half-copied is tagged.
 */
final class JobRun implements AutoCloseable {
    private final ProgressPrinter progress;
    private final RunLog log;
    private final BlobTally tally = new BlobTally();

    /**
     * @param logName the command, for the default log file name; null writes no log
     * @param batch   print a line per finished image (batch jobs)
     */
    JobRun(CliContext ctx, boolean quiet, String logName, Path logFile, boolean batch) {
        this.progress = quiet ? null : new ProgressPrinter(ctx.err(), ctx.messages(), ctx.interactive(), batch, new TerminalWidth(ctx.env(), ctx.interactive()));
        this.log = logName == null ? null : RunLog.open(logFile, logName, ctx.err(), ctx.messages());
    }

    /** The number of parallel transfers: {@code --parallel}, else cfg.yaml's {@code maxconn}; 1 to 64. */
    static int workers(Integer parallel, int fromConfig) {
        return checkWorkers(parallel != null ? parallel : fromConfig);
    }

    static int checkWorkers(int workers) {
        if (workers < 1 || workers > 64) throw UsageException.of("usage.parallel_range");
        return workers;
    }

    /** The {@code --platform} values, parsed. */
    static List<Platform> platforms(List<String> values) {
        // crane's --platform all: every platform, what no --platform means
        if (values.contains("all")) {
            if (values.size() > 1) throw UsageException.of("usage.platform_all_alone");
            return List.of();
        }
        return values.stream().map(Platform::parse).toList();
    }

    /** The subscriber to start the job with: progress and the log see every event from the first. */
    JobSubscriber subscriber() {
        return je -> {
            try {
                tally.on(je.event());
                if (progress != null) progress.on(je.event());
                if (log != null) log.on(je.event());
            } finally {
                synchronized (handled) {
                    handled[0] = Math.max(handled[0], je.seq());
                    handled.notifyAll();
                }
            }
        };
    }

    /** The number of the last event this run's progress and log have handled. */
    private final long[] handled = new long[1];

    /** Waits until this run's own subscriber has handled event {@code seq} (not the job's other subscribers: a shell's status line). */
    private void caughtUp(long seq, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (handled) {
            while (handled[0] < seq) {
                long left = end - System.nanoTime();
                if (left <= 0) return;
                handled.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    RunLog log() { return log; }

    /** What the job did to its targets' blobs. */
    BlobTally tally() { return tally; }

    /** Waits for the job; Ctrl-C cancels it and waits up to 15 s for it to stop. */
    JobResult await(Job job) throws InterruptedException {
        Thread hook = new Thread(() -> {
            job.cancel();
            try {
                job.completion().toCompletableFuture().get(15, TimeUnit.SECONDS);
                closed.await(5, TimeUnit.SECONDS); // the command's last progress and log lines, before the JVM ends
            } catch (Exception ignored) {
                // exiting anyway
            }
        }, "ferry-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            JobResult r = job.await();
            caughtUp(job.snapshot().lastSeq(), Duration.ofSeconds(10)); // the last progress and log lines before the report
            return r;
        } finally {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        }
    }

    @Override public void close() {
        if (!closing.compareAndSet(false, true)) return;
        try {
            if (progress != null) progress.close();
            if (log != null) log.close();
        } finally {
            closed.countDown();
        }
    }

    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
}
