package dev.ferry.tui;

import dev.ferry.app.Messages;
import dev.ferry.engine.ImageResult;

/** What a line of the list says after a job ran it: found (with platforms and size), missing, at target, copied, or the kind of failure. */
final class Verdicts {
    private Verdicts() {}

    /** @param verify the job was a Verify (a dry run or a check): an image it could read is "found" */
    static String of(Messages m, ImageResult r, boolean verify) {
        String size = Units.size(r.bytesMoved() + r.bytesSkipped());
        String platforms = String.join(",", r.platforms());
        return switch (r.status()) {
            case PLANNED -> !verify ? m.get("tui.release.state_found")
                    : r.platforms().isEmpty() ? m.get("tui.release.verdict_found_digest", shortDigest(r)) : m.get("tui.release.verdict_found", platforms, size);
            // an image already there is known by its digest alone (one HEAD each side): no platforms or size were read
            case UP_TO_DATE -> r.platforms().isEmpty() ? m.get("tui.release.verdict_at_target_digest", shortDigest(r))
                    : m.get("tui.release.verdict_at_target", platforms, size);
            case COPIED -> m.get("tui.release.verdict_copied", Units.size(r.bytesMoved()));
            case INVALID -> m.get("tui.release.state_missing");
            case FAILED, CANCELLED -> m.title(r.kind());
        };
    }

    private static String shortDigest(ImageResult r) {
        String d = r.sourceDigest() == null ? "" : r.sourceDigest().toString();
        return d.startsWith("sha256:") && d.length() > 19 ? d.substring(7, 19) : d;
    }
}
