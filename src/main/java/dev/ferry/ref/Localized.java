package dev.ferry.ref;

/**
 * A failure whose message for people is a catalogue {@link Text}: the face writes it in the person's language, while
 * {@link Throwable#getMessage()} stays the English one (logs, JSON reports).
 */
public interface Localized {
    /** The text for people; null when there is none beyond the message. */
    Text text();
}
