package dev.ferry.tui;

import dev.ferry.app.Batch;
import dev.ferry.app.LoadRequest;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the release screen edits, without a screen: the list (or an opened pack's images) checked as it is typed, the
 * source and target, the parallel and retries fields, and what a verify or a job found of each line. The lines,
 * source and target live in the {@link Workspace}, which tells this draft when they change; the actions on a draft
 * are {@link ReleasePresenter}'s. Used on the GUI thread only.
 */
final class ReleaseDraft {
    /** The pack an upload loads, once chosen: its meta file and its images. */
    record Pack(Path meta, List<LoadRequest.Image> images) {}

    private final Workspace ws;
    private String parallel;
    private String retries;
    private ListChecker.Result checked;
    private Pack pack;
    private final Map<Integer, String> verdicts = new HashMap<>();

    ReleaseDraft(Workspace ws) {
        this.ws = ws;
        this.parallel = String.valueOf(Math.max(1, ws.session().config().maxconn()));
        this.retries = String.valueOf(ws.session().config().retries());
        ws.onChange(w -> recheck());
        recheck();
    }

    private Session session() {
        return ws.session();
    }

    private Messages m() {
        return ws.messages();
    }

    /** The editor's text changed. */
    void text(String text) {
        List<String> lines = List.of(text.split("\r\n|\r|\n", -1));
        if (!lines.equals(ws.releaseLines())) ws.releaseLines(lines); // the workspace tells us back: recheck
    }

    void source(String s) {
        String v = ListChecker.blankToNull(s);
        if (!Objects.equals(v, ws.source())) ws.source(v);
    }

    void target(String t) {
        String v = ListChecker.blankToNull(t);
        if (!Objects.equals(v, ws.target())) ws.target(v);
    }

    void parallel(String p) {
        this.parallel = p;
    }

    void retries(String r) {
        this.retries = r;
    }

    String parallelText() {
        return parallel;
    }

    String retriesText() {
        return retries;
    }

    /** Checks the lines again (the list, the source or the target changed); verdicts of lines that changed go. */
    void recheck() {
        List<String> lines = ws.releaseLines();
        ListChecker.Result before = checked;
        checked = pack == null ? ListChecker.forList(session(), m(), lines, ws.source(), ws.target())
                : ListChecker.forPack(session(), m(), lines, loadRequest(), pack.images());
        if (before != null) {
            for (LineCheck c : before.lines()) {
                LineCheck now = c.line() <= checked.lines().size() ? checked.lines().get(c.line() - 1) : null;
                if (!c.equals(now)) verdicts.remove(c.line());
            }
        }
    }

    List<LineCheck> lines() {
        return checked.lines();
    }

    /** Why the source or target cannot be used now, or null. */
    String problem() {
        return checked.problem();
    }

    /** The valid lines, each planned to its target. */
    List<Batch.Planned> planned() {
        return checked.planned();
    }

    /** How many lines are not valid. */
    long invalid() {
        return checked.invalid();
    }

    /** What a verify or a job found of line {@code line} (found, missing, at target, copied, failed…), or null. */
    String verdict(int line) {
        return verdicts.get(line);
    }

    /** Line {@code line}'s verdict from a finished job. */
    void verdict(int line, String verdict) {
        verdicts.put(line, verdict);
    }

    Optional<Pack> pack() {
        return Optional.ofNullable(pack);
    }

    /** The editor now holds the images of the pack {@code meta}, one a line, to rename before an upload; returns the lines. */
    List<String> openPack(Path meta, List<LoadRequest.Image> images) {
        pack = new Pack(meta, images);
        verdicts.clear(); // they were of the list's lines, not the pack's
        List<String> lines = images.stream().map(LoadRequest.Image::name).toList();
        ws.releaseLines(lines);
        return lines;
    }

    /** Leaves the pack: the editor is a list of images at the source again. */
    void closePack() {
        pack = null;
        verdicts.clear();
        recheck();
    }

    /** The images of the open pack that the editor still lists, into the target, with the editor's renames. */
    LoadRequest loadRequest() {
        List<String> lines = ws.releaseLines();
        List<String> names = ListChecker.names(lines);
        // only the images the editor still lists: a deleted line is not loaded
        return new LoadRequest(pack.meta(), ws.target(), ListChecker.renames(lines), parallelValue(), retriesValue(), true, names);
    }

    int parallelValue() {
        return number(parallel, -1);
    }

    int retriesValue() {
        return number(retries, -1);
    }

    private static int number(String s, int otherwise) {
        try {
            int n = Integer.parseInt(s.strip());
            return n > 64 ? otherwise : n;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
