package dev.ferry.tui;

import dev.ferry.app.Batch;
import dev.ferry.app.Job;
import dev.ferry.app.JobKind;
import dev.ferry.app.LoadRequest;
import dev.ferry.app.Messages;
import dev.ferry.app.SaveRequest;
import dev.ferry.app.Session;
import dev.ferry.config.ImageListEntry;
import dev.ferry.engine.JobResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the release screen does, without a screen: the actions — Verify, Transmit, Download, Upload, Stop, Retry
 * failed — as session calls on what the {@link ReleaseDraft} holds (the list checked as it is typed, the target name of
 * each line), and the job's progress as a {@link ProgressView}. Used on the GUI thread only; the jobs' events reach it
 * through its {@link ProgressModel}, which tells {@code changed} (on a session thread) that there is something new to draw.
 */
final class ReleasePresenter {
    /** What an action did: started a job, or why not. */
    enum Action { VERIFY, TRANSMIT, DOWNLOAD, UPLOAD }

    /** Download's choices: compression ({@code none}, {@code lz4}, {@code xz}), one data file, docker's format, the parent pack of an incremental one. */
    record DownloadOptions(String compression, boolean singleFile, boolean dockerFormat, Path parent) {}

    private final Workspace ws;
    private final Runnable changed;
    private final ReleaseDraft draft;
    private String notice = "";

    private Job job;
    private ProgressModel progress;
    private ProgressModel next;
    private Action lastAction;
    private List<Batch.Planned> lastPlanned = List.of();
    private DownloadOptions lastDownload;
    private LoadRequest lastLoad;
    private boolean applied;

    ReleasePresenter(Workspace ws, Runnable changed) {
        this.ws = ws;
        this.changed = changed;
        this.draft = new ReleaseDraft(ws);
    }

    private Session session() {
        return ws.session();
    }

    private Messages m() {
        return ws.messages();
    }

    // ------------------------------------------------------------------ editing: the draft's

    void text(String text) { draft.text(text); }

    void source(String s) { draft.source(s); }

    void target(String t) { draft.target(t); }

    void parallel(String p) { draft.parallel(p); }

    void retries(String r) { draft.retries(r); }

    String parallelText() { return draft.parallelText(); }

    String retriesText() { return draft.retriesText(); }

    List<LineCheck> lines() { return draft.lines(); }

    /** Why the source or target cannot be used now, or null. */
    String problem() { return draft.problem(); }

    /** What a verify or a job found of line {@code line}, or null. */
    String verdict(int line) { return draft.verdict(line); }

    Optional<ReleaseDraft.Pack> pack() { return draft.pack(); }

    /** The last thing to tell the person (a job could not start, a pack was opened); "" for nothing. */
    String notice() {
        return notice;
    }

    /** Tells the person {@code text} in the notice line (a login's outcome). */
    void note(String text) {
        notice = text;
    }

    // ------------------------------------------------------------------ actions

    boolean running() {
        return job != null && !job.isDone();
    }

    Optional<Job> job() {
        return Optional.ofNullable(job);
    }

    /** Looks every line up at the source, and at the target when it is a registry: found, missing, already there; platforms, size. */
    boolean verify() {
        List<Batch.Planned> planned = ready(Action.VERIFY);
        return planned != null && verify(planned);
    }

    private boolean verify(List<Batch.Planned> planned) {
        return start(Action.VERIFY, planned, () -> {
            boolean daemon = planned.get(0).to().isDaemon();
            ProgressModel pm = model(JobKind.CHECK, m().get("tui.release.job_verify", planned.size()));
            return daemon ? session().check(planned, draft.parallelValue(), pm)
                    : session().sync(new Batch.SyncRequest(planned, List.of(), draft.parallelValue(), draft.retriesValue(), true), pm);
        });
    }

    /** Copies every valid line to the target (a sync job). */
    boolean transmit() {
        List<Batch.Planned> planned = ready(Action.TRANSMIT);
        return planned != null && transmit(planned);
    }

    private boolean transmit(List<Batch.Planned> planned) {
        return start(Action.TRANSMIT, planned, () -> session().sync(new Batch.SyncRequest(planned, List.of(), draft.parallelValue(), draft.retriesValue(), false,
                session().config().cache()), model(JobKind.SYNC, m().get("tui.release.job_transmit", planned.size(), planned.get(0).to().label()))));
    }

    /** Saves every valid line into a new pack under {@code data/}. */
    boolean download(DownloadOptions o) {
        List<Batch.Planned> planned = ready(Action.DOWNLOAD);
        return planned != null && download(planned, o);
    }

    private boolean download(List<Batch.Planned> planned, DownloadOptions o) {
        lastDownload = o;
        List<ImageListEntry> entries = ListChecker.entries(planned);
        return start(Action.DOWNLOAD, planned, () -> {
            var cfg = session().config();
            ProgressModel pm = model(JobKind.SAVE, m().get("tui.release.job_download", planned.size()));
            var save = session().save(new SaveRequest(entries, m().get("tui.release.list_name"), ws.source(), Path.of("data"), cfg.outprefix(),
                    o.compression(), o.singleFile(), o.dockerFormat(), o.parent() == null ? List.of() : List.of(o.parent()), List.of(),
                    draft.parallelValue(), draft.retriesValue(), cfg.cache()), pm);
            pm.note(m().get("tui.release.log_pack", save.plannedMetaFile()));
            return save.job();
        });
    }

    /**
     * Opens a pack for upload: the editor then holds its images, one a line, to rename ({@code NAME -> NEW}) before
     * {@link #upload} loads it. Returns the lines for the editor, or null when the pack cannot be read (see the notice).
     */
    List<String> openPack(Path meta) {
        if (running()) {
            notice = m().get("tui.release.notice_running");
            return null;
        }
        try {
            List<LoadRequest.Image> images = session().contents(new LoadRequest(meta, ws.target(), "", draft.parallelValue(), draft.retriesValue()));
            notice = m().get("tui.release.notice_pack", meta.getFileName(), m().count(images.size(), Messages.Noun.IMAGE));
            return draft.openPack(meta, images);
        } catch (Exception e) {
            notice = m().get("tui.release.notice_no_pack", meta, e.getMessage());
            return null;
        }
    }

    /** Leaves the pack: the editor is a list of images at the source again. */
    void closePack() {
        draft.closePack();
    }

    /** Loads the images of the pack opened with {@link #openPack} that the editor still lists into the target, with its renames. */
    boolean upload() {
        if (draft.pack().isEmpty()) {
            notice = m().get("tui.release.notice_choose_pack");
            return false;
        }
        if (running()) {
            notice = m().get("tui.release.notice_running");
            return false;
        }
        if (draft.invalid() > 0) {
            notice = m().get("tui.release.notice_invalid_lines", draft.invalid());
            return false;
        }
        List<String> names = ListChecker.names(ws.releaseLines());
        if (names.isEmpty()) {
            notice = m().get("tui.release.notice_pack_empty");
            changed.run();
            return false;
        }
        LoadRequest req = draft.loadRequest();
        lastLoad = req;
        return start(Action.UPLOAD, List.of(), () -> session().load(req,
                model(JobKind.LOAD, m().get("tui.release.job_upload", req.meta().getFileName(), req.to() == null ? "-" : req.to()))));
    }

    /** Cancels the running job: nothing half-copied is tagged. */
    void stop() {
        if (running()) {
            job.cancel();
            notice = m().get("tui.release.notice_stopping");
        }
    }

    /** Runs the last action again for the images that failed in it (a load again as a whole: what the target has is skipped). */
    boolean retryFailed() {
        JobResult r = result();
        if (r == null || running()) {
            notice = m().get(running() ? "tui.release.notice_running" : "tui.release.notice_nothing_to_retry");
            return false;
        }
        if (lastAction == Action.UPLOAD) {
            LoadRequest req = lastLoad;
            return start(Action.UPLOAD, List.of(), () -> session().load(req, model(JobKind.LOAD, m().get("tui.release.job_upload", req.meta().getFileName(), req.to()))));
        }
        List<Batch.Planned> failed = new ArrayList<>();
        for (int i = 0; i < r.images().size() && i < lastPlanned.size(); i++) {
            if (!r.images().get(i).ok()) failed.add(lastPlanned.get(i));
        }
        if (failed.isEmpty()) {
            notice = m().get("tui.release.notice_nothing_to_retry");
            return false;
        }
        return switch (lastAction) {
            case VERIFY -> verify(failed);
            case TRANSMIT -> transmit(failed);
            case DOWNLOAD -> download(failed, lastDownload);
            case UPLOAD -> false;
        };
    }

    // ------------------------------------------------------------------ progress

    /** What to draw of the current (or last) job, or empty before the first; applies a finished job's results to the lines. */
    Optional<ProgressView> progress() {
        if (job == null) return Optional.empty();
        if (job.isDone() && !applied) apply();
        return Optional.of(progress.view(job.snapshot()));
    }

    private JobResult result() {
        if (job == null || !job.isDone()) return null;
        try {
            return job.completion().toCompletableFuture().getNow(null);
        } catch (RuntimeException e) {
            return null; // the job could not run: its reason is in the log
        }
    }

    /** A finished job's outcome, line by line (verify: found, missing, at target with platforms and size). */
    private void apply() {
        applied = true;
        JobResult r = result();
        if (r == null) {
            job.completion().exceptionally(e -> {
                Throwable c = e.getCause() != null ? e.getCause() : e;
                progress.note(m().get("tui.release.log_job_broken", c.getMessage()));
                return null;
            });
            return;
        }
        for (int i = 0; i < r.images().size() && i < lastPlanned.size(); i++) draft.verdict(lastPlanned.get(i).line(), Verdicts.of(m(), r.images().get(i), lastAction == Action.VERIFY));
        notice = r.cancelled() ? m().get("tui.release.notice_stopped") : r.failed() == 0 ? m().get("tui.release.notice_done")
                : m().get("tui.release.notice_failed", r.failed(), r.images().size());
    }

    // ------------------------------------------------------------------ helpers

    /** Says why an action cannot run now; null, for {@link #ready}. */
    private <T> T refuse(String why) {
        notice = why;
        changed.run();
        return null;
    }

    /** The planned lines for an action, or null (and a notice) when it cannot run now. */
    private List<Batch.Planned> ready(Action a) {
        if (running()) return refuse(m().get("tui.release.notice_running"));
        if (draft.pack().isPresent()) return refuse(m().get("tui.release.notice_pack_open"));
        if (draft.problem() != null) return refuse(draft.problem());
        if (draft.planned().isEmpty()) return refuse(m().get("tui.release.notice_empty"));
        if (draft.parallelValue() < 1 || draft.retriesValue() < 0) return refuse(m().get("tui.release.notice_numbers"));
        if (a == Action.DOWNLOAD && ws.source() == null && session().config().sources().isEmpty()) return refuse(m().get("tui.release.notice_no_source"));
        return draft.planned();
    }

    @FunctionalInterface
    private interface Starter {
        Job start() throws Exception;
    }

    private boolean start(Action a, List<Batch.Planned> planned, Starter starter) {
        try {
            Job j = starter.start();
            j.completion().whenComplete((r, e) -> changed.run()); // the end comes after the last event: draw it too
            this.job = j;
            this.progress = next;
            this.lastAction = a;
            this.lastPlanned = List.copyOf(planned);
            this.applied = false;
            this.notice = "";
            return true;
        } catch (Exception e) {
            notice = m().get("tui.release.notice_not_started", e.getMessage());
            return false;
        } finally {
            changed.run();
        }
    }

    /** The model of the job about to start: its events go there, and it becomes the one drawn. */
    private ProgressModel model(JobKind kind, String title) {
        next = new ProgressModel(m(), kind, title, draft.invalid(), changed);
        return next;
    }
}
