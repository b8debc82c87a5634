package dev.ferry.app.watch;

import dev.ferry.ref.Text;

import java.time.Duration;

/** What a watch tells its face (and its notifications) as it goes; called on the watch's thread. */
public interface WatchListener {
    /** A round begins. */
    default void roundStarted(int number) {}

    /** A new tag (or changed digest) was found and is about to be shipped; {@code again} when its digest changed. */
    default void found(String source, String target, boolean again) {}

    /** A round ended; {@code change} says what it did to the outage state. */
    default void roundEnded(RoundReport report, Outage.Change change, Outage outage) {}

    /** The watch waits {@code delay} before the next round. */
    default void waiting(Duration delay, boolean backingOff) {}

    /** cfg.yaml and the list were read again ({@code error} null), or could not be and the old ones stay. */
    default void reloaded(int lines, String error) {}

    /** A record could not be written (the history or status file); the watch goes on. */
    default void warning(Text message) {}

    /** The warning that {@code file} could not be written: the failure's reason, or its kind when it names only a path. */
    static Text notRecorded(java.nio.file.Path file, java.io.IOException e) {
        Text why = e instanceof java.nio.file.FileSystemException f && f.getReason() == null
                ? Text.verbatim(e.getClass().getSimpleName() + ": " + f.getFile()) : Text.of(e);
        return Text.of("watch.record_failed", file, why);
    }
}
