package dev.ferry.tui;

import com.googlecode.lanterna.TextColor;
import dev.ferry.app.DisplayWidth;
import dev.ferry.app.Messages;

import java.util.ArrayList;
import java.util.List;

/** The release screen's text: the line checks beside the editor, the notice, counters and overall bar, the image rows. */
final class ReleaseRows {
    private ReleaseRows() {}

    /** The checks of the lines {@code first}… (the editor's top visible line on), one row each, {@code rows} at most. */
    static List<TextPane.Row> checks(Messages m, ReleasePresenter p, int first, int rows) {
        List<TextPane.Row> out = new ArrayList<>();
        List<LineCheck> lines = p.lines();
        for (int i = first; i < lines.size() && out.size() < rows; i++) {
            LineCheck c = lines.get(i);
            String verdict = p.verdict(c.line());
            out.add(switch (c.state()) {
                case BLANK, COMMENT -> TextPane.Row.plain("");
                case INVALID -> TextPane.Row.of(TextPane.Span.colour(m.get("tui.release.line_invalid") + " ", TextColor.ANSI.RED), TextPane.Span.plain(c.detail()));
                case VALID -> verdict == null
                        ? TextPane.Row.of(TextPane.Span.colour(m.get("tui.release.line_valid") + " ", TextColor.ANSI.GREEN), TextPane.Span.plain(c.detail()))
                        : TextPane.Row.of(TextPane.Span.colour(verdict + " ", TextColor.ANSI.CYAN), TextPane.Span.plain(c.detail()));
            });
        }
        return out;
    }

    /** The notice (or the source's or target's problem), image-transmit's counters, and the overall bar. */
    static List<TextPane.Row> status(Messages m, ReleasePresenter p, ProgressView v, int width) {
        List<TextPane.Row> out = new ArrayList<>();
        String notice = !p.notice().isEmpty() ? p.notice() : p.problem() != null ? p.problem()
                : m.get("tui.release.notice_lines", m.count(p.lines().stream().filter(LineCheck::valid).count(), Messages.Noun.IMAGE),
                m.count(p.lines().stream().filter(l -> l.state() == LineCheck.State.INVALID).count(), Messages.Noun.BAD_LINE));
        out.add(TextPane.Row.of(TextPane.Span.colour(notice, p.problem() != null && p.notice().isEmpty() ? TextColor.ANSI.RED : TextColor.ANSI.YELLOW)));
        if (v == null) {
            out.add(TextPane.Row.plain(m.get("tui.release.counters", p.lines().stream().filter(l -> l.state() == LineCheck.State.INVALID).count(),
                    0, 0, 0, 0, Units.rate(0), Units.rate(0))));
            return out;
        }
        ProgressView.Counters c = v.counters();
        out.add(TextPane.Row.plain(m.get("tui.release.counters", c.invalid(), c.total(), c.success(), c.failed(), c.doing(), Units.rate(c.down()), Units.rate(c.up()))));
        String tail = " " + Units.percent(v.bytesDone(), v.bytesTotal()) + "% " + Units.size(v.bytesDone()) + "/" + Units.size(v.bytesTotal())
                + " " + Units.rate(v.bytesPerSecond()) + " " + (v.finished() ? m.get("tui.release.elapsed", Units.clock(v.elapsed()))
                : m.get("tui.release.eta", v.eta().map(Units::clock).orElse("-")));
        String head = v.title() + " ";
        int barWidth = Math.max(10, width - DisplayWidth.of(head) - DisplayWidth.of(tail) - 2);
        TextColor colour = !v.finished() ? TextColor.ANSI.YELLOW : v.cancelled() || !v.failures().isEmpty() ? TextColor.ANSI.RED : TextColor.ANSI.GREEN;
        out.add(TextPane.Row.of(TextPane.Span.plain(head), TextPane.Span.colour("[" + Units.bar(v.bytesDone(), v.bytesTotal(), barWidth) + "]", colour),
                TextPane.Span.plain(tail)));
        return out;
    }

    /** One row per image, from the first one still going (or the last ones) on, {@code rows} at most. */
    static List<TextPane.Row> images(ProgressView v, int width, int rows) {
        if (v == null || rows <= 0) return List.of();
        List<ProgressView.Row> all = v.rows();
        int firstBusy = 0;
        while (firstBusy < all.size() && all.get(firstBusy).tone() != ProgressView.Tone.BUSY && all.get(firstBusy).tone() != ProgressView.Tone.PLAIN) firstBusy++;
        int start = Math.max(0, Math.min(firstBusy, all.size() - rows));
        int stateWidth = 10, bar = Math.max(10, width / 6);
        int nameWidth = Math.max(10, width - stateWidth - bar - 2 - 14 - 9 - 4);
        List<TextPane.Row> out = new ArrayList<>();
        for (int i = start; i < all.size() && out.size() < rows; i++) {
            ProgressView.Row r = all.get(i);
            TextColor colour = switch (r.tone()) {
                case GOOD -> TextColor.ANSI.GREEN;
                case BAD -> TextColor.ANSI.RED;
                case BUSY -> TextColor.ANSI.YELLOW;
                case PLAIN -> null;
            };
            String bytes = Units.size(r.bytesDone()) + "/" + Units.size(r.bytesTotal());
            out.add(TextPane.Row.of(TextPane.Span.plain(Units.fit(r.name(), nameWidth) + " "),
                    TextPane.Span.colour(Units.fit(r.state(), stateWidth), colour),
                    TextPane.Span.plain(" [" + Units.bar(r.bytesDone(), r.bytesTotal(), bar) + "] " + Units.fit(bytes, 13) + " "
                            + (r.bytesPerSecond() > 0 ? Units.rate(r.bytesPerSecond()) : ""))));
        }
        return out;
    }
}
