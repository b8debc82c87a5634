/**
 * The full-screen terminal UI ({@code ferry tui}, Lanterna gui2): the release screen (source, target, image list,
 * Verify / Transmit / Download / Upload, live progress), the registry browser, settings and help. Presentation only:
 * every screen has a presenter that turns key presses into session calls and job events into a model the
 * components draw; presenters are tested without a screen. The UI holds no transfer logic of its own.
 */
package dev.ferry.tui;
