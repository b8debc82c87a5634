package dev.ferry.tui;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The live progress of one job as the release screen draws it, at one moment: a row per image, the overall bar,
 * image-transmit's counters, the log, and once it ended the failed images with their reasons.
 */
record ProgressView(String title, List<Row> rows, Counters counters, long bytesDone, long bytesTotal, double bytesPerSecond,
                    Optional<Duration> eta, Duration elapsed, boolean finished, boolean cancelled, List<String> log, List<Failure> failures) {

    /** One image: its name, its state in words, its bytes and speed. */
    record Row(String name, String state, Tone tone, long bytesDone, long bytesTotal, double bytesPerSecond) {}

    /** image-transmit's status line: Invalid / Total / Success / Failed / Doing / Down / Up. */
    record Counters(long invalid, long total, long success, long failed, long doing, double down, double up) {}

    /** A failed image: the kind of failure in the person's language, and what happened. */
    record Failure(String image, String kind, String message) {}

    /** How a row is coloured. */
    enum Tone { PLAIN, BUSY, GOOD, BAD }
}
