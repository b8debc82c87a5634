package dev.ferry.tui;

/** One key of the footer: the key as the person presses it ({@code F5}, {@code Ctrl-S}) and what it does, in the session's language. */
public record KeyHint(String key, String label) {
}
