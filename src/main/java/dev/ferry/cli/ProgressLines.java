package dev.ferry.cli;

import dev.ferry.app.DisplayWidth;
import dev.ferry.app.Messages;
import dev.ferry.engine.ImageResult;

import java.util.Locale;

/**
 * The lines of the progress display for a terminal {@code columns} wide: each fits in one row (one
 * column is left free, so no terminal wraps it and redrawing in place never leaves a stale row), and
 * an image name too long for its place is shortened in the middle, keeping the repository's last
 * part and the tag ({@code 10.45…/web:3.2}); a {@code SOURCE -> TARGET} name shortens each side.
 */
final class ProgressLines {
    /** The ETA appears only once the speed has been measured for this long. */
    static final double ETA_AFTER_SECONDS = 3;

    private final Messages messages;

    ProgressLines(Messages messages) {
        this.messages = messages;
    }

    /** The widest a drawn line may be on a terminal {@code columns} wide. */
    static int usable(int columns) {
        return Math.max(20, columns - 1);
    }

    /** One image's bar: {@code [####......]  42%  1.2 MB / 3.4 MB  NAME}. */
    String bar(String name, long done, long total, int columns) {
        int max = usable(columns);
        int width = Math.max(10, Math.min(30, max / 8));
        double f = total > 0 ? Math.min(1.0, Math.max(0, (double) done / total)) : 1.0;
        int full = (int) Math.round(f * width);
        String bar = "#".repeat(full) + ".".repeat(width - full);
        String pct = String.format(Locale.ROOT, "%3d", (int) (f * 100));
        String d = DisplayWidth.padLeft(Format.bytes(Math.max(0, done)), 9), t = DisplayWidth.pad(Format.bytes(total), 9);
        String bare = "  " + messages.get("progress.bar", bar, pct, d, t, "");
        String label = shorten(name, max - DisplayWidth.of(bare));
        return DisplayWidth.fit("  " + messages.get("progress.bar", bar, pct, d, t, label), max);
    }

    /**
     * The overall line: images done of all, failed, bytes read, speed, time, and an ETA once the speed is known.
     * {@code progress} is the rate at which the bytes {@code left} get done (read, or found at the target already),
     * measured over {@code measured} seconds: it is not the read speed when most blobs are there already.
     */
    String overall(int finished, int total, int failed, long read, double rate, double seconds, long left, double progress,
                   double measured, int columns) {
        boolean eta = measured >= ETA_AFTER_SECONDS && progress > 0 && left > 0;
        Object[] args = {finished, total, failed, Format.bytes(read), Format.rate(rate), Format.seconds(seconds),
                eta ? Format.seconds(left / progress) : ""};
        return DisplayWidth.fit(eta ? messages.get("progress.overall_eta", args) : messages.get("progress.overall", args), usable(columns));
    }

    /**
     * The line of a finished image; on a terminal ({@code columns > 0}) its names are shortened in the middle so that it
     * fits in a row, as long as each keeps its repository's last part and tag; narrower still, and in a log
     * ({@code columns == 0}), it is whole (it scrolls, so a wrapped row harms nothing).
     */
    String done(ImageResult r, int columns) {
        String key = switch (r.status()) {
            case UP_TO_DATE -> "progress.image_up_to_date";
            case PLANNED -> "progress.image_planned";
            default -> "progress.image_copied";
        };
        Object[] args = {r.source(), r.target(), r.targetDigest() == null ? "" : r.targetDigest().shortForm(),
                Format.bytes(r.bytesMoved()), Format.bytes(r.bytesSkipped()), Format.seconds(r.seconds())};
        String line = messages.get(key, args);
        if (columns <= 0 || DisplayWidth.of(line) <= usable(columns)) return line;
        args[0] = args[1] = "";
        int room = Math.max(2, usable(columns) - DisplayWidth.of(messages.get(key, args)));
        String from = String.valueOf(r.source()), target = String.valueOf(r.target());
        if (room < 2 + DisplayWidth.of(lastPart(from)) + DisplayWidth.of(lastPart(target))) return line;
        int to = Math.min(DisplayWidth.of(target), Math.max(room / 2, room - DisplayWidth.of(from)));
        to = Math.max(to, DisplayWidth.of(lastPart(target)) + 1);
        args[0] = DisplayWidth.middle(from, room - to);
        args[1] = DisplayWidth.middle(target, to);
        return DisplayWidth.fit(messages.get(key, args), usable(columns));
    }

    /**
     * An image name in at most {@code columns} columns, shortened in the middle. A {@code SOURCE -> TARGET} name keeps
     * both sides while each side's last part and tag fit; narrower, it shows the source alone, which names the image.
     */
    static String shorten(String name, int columns) {
        if (DisplayWidth.of(name) <= columns) return name;
        int arrow = name.indexOf(" -> ");
        if (arrow < 0) return DisplayWidth.middle(name, Math.max(1, columns));
        String from = name.substring(0, arrow), to = name.substring(arrow + 4);
        int room = columns - 4;
        if (room < 2 + DisplayWidth.of(lastPart(from)) + DisplayWidth.of(lastPart(to))) return DisplayWidth.middle(from, Math.max(1, columns));
        int toCols = Math.min(DisplayWidth.of(to), Math.max(room / 2, room - DisplayWidth.of(from)));
        toCols = Math.max(toCols, DisplayWidth.of(lastPart(to)) + 1);
        return DisplayWidth.middle(from, room - toCols) + " -> " + DisplayWidth.middle(to, toCols);
    }

    /** The last part of a repository with its tag: {@code /web:3.2}. */
    private static String lastPart(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash);
    }
}
