package dev.ferry.app.watch;

import dev.ferry.oci.Digest;
import dev.ferry.spi.ErrorKind;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one watch round did.
 *
 * @param number   1 for the first round of this process
 * @param checked  repositories (and watched digests) looked at
 * @param shipped  images that reached a target (or a pack)
 * @param failed   what could not be looked up or shipped, each with its reason
 * @param cancelled the round was stopped (SIGTERM) before it ended
 * @param pack     the pack's meta file written by the round ({@code --save}), or null
 */
public record RoundReport(int number, Instant started, Instant ended, int checked, List<Shipped> shipped, List<Failure> failed,
                          boolean cancelled, Path pack) {
    public RoundReport {
        shipped = List.copyOf(shipped);
        failed = List.copyOf(failed);
    }

    /**
     * One image shipped.
     *
     * @param previous the digest shipped before when the tag's digest changed at the source, else null
     */
    public record Shipped(String source, String target, String tag, Digest digest, long bytes, double seconds, Digest previous) {
        public boolean again() { return previous != null; }
    }

    /** What failed: a repository that could not be listed, or an image that could not be shipped. */
    public record Failure(String what, ErrorKind kind, String reason) {}

    public boolean ok() { return failed.isEmpty() && !cancelled; }

    public Duration duration() { return Duration.between(started, ended); }

    public long bytes() { return shipped.stream().mapToLong(Shipped::bytes).sum(); }

    /** The reason of the round's failure: the first failure's that makes an outage, else the first's. */
    public String reason() {
        return failed.stream().filter(Outage::passing).findFirst().or(() -> failed.stream().findFirst()).map(Failure::reason).orElse(null);
    }
}
