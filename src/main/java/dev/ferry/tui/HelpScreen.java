package dev.ferry.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import com.googlecode.lanterna.gui2.Component;
import dev.ferry.app.Messages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every key of the window and of each screen, with a few lines on what each screen does; a list that scrolls. The
 * screens come from the frame (their titles and {@link TuiScreen#keys()}), so a screen's keys are listed as its
 * footer lists them; without the frame's screens it lists those {@link Keys} knows.
 */
public final class HelpScreen implements TuiScreen {
    private static final int WRAP = 76;
    private static final int KEY_COLUMN = 20;
    /** What each screen does, by the catalogue key of its title. */
    private static final Map<String, String> ABOUT = Map.of(
            Keys.RELEASE_TITLE, "tui.help.release",
            Keys.BROWSER_TITLE, "tui.help.browser",
            Keys.SETTINGS_TITLE, "tui.help.settings",
            Keys.HELP_TITLE, "tui.help.help");

    private final Workspace ws;
    private final Supplier<List<TuiScreen>> screens;
    private final KeyList<String> list = new KeyList<>((key, line) -> false, line -> line);

    /** Help on the frame's screens, asked for each time help is shown. */
    public HelpScreen(Workspace ws, Supplier<List<TuiScreen>> screens) {
        this.ws = ws;
        this.screens = screens;
        ws.onChange(Watch.onChangeOf(Workspace::messages, this::refresh, ws));
        if (screens == null) refresh(); // the frame's screens may not all be there yet: they are asked for when help is shown
    }

    /** Help on the screens {@link Keys} knows (the release screen's keys are the frame's to give). */
    public HelpScreen(Workspace ws) {
        this(ws, null);
    }

    @Override public String title() {
        return ws.messages().get(Keys.HELP_TITLE);
    }

    @Override public Component component() {
        return list;
    }

    @Override public List<KeyHint> keys() {
        return Keys.help(ws.messages());
    }

    @Override public void shown() {
        refresh();
        list.setSelectedIndex(0);
        list.takeFocus();
    }

    /** The lines shown. */
    public List<String> lines() {
        Messages m = ws.messages();
        List<String> out = new ArrayList<>();
        out.addAll(TerminalTextUtils.getWordWrappedText(WRAP, m.get("tui.help.heading")));
        out.add("");
        section(out, m.get("tui.help.window.title"), "tui.help.window", Keys.window(m));
        if (screens == null) {
            section(out, m.get(Keys.RELEASE_TITLE), ABOUT.get(Keys.RELEASE_TITLE), List.of());
            section(out, m.get(Keys.BROWSER_TITLE), ABOUT.get(Keys.BROWSER_TITLE), Keys.browser(m));
            section(out, m.get(Keys.SETTINGS_TITLE), ABOUT.get(Keys.SETTINGS_TITLE), Keys.settings(m));
            section(out, title(), ABOUT.get(Keys.HELP_TITLE), keys());
        } else {
            for (TuiScreen s : screens.get()) section(out, s.title(), about(m, s.title()), s.keys());
        }
        return out;
    }

    private static String about(Messages m, String title) {
        for (var e : ABOUT.entrySet()) if (m.get(e.getKey()).equals(title)) return e.getValue();
        return null;
    }

    private void section(List<String> out, String title, String aboutKey, List<KeyHint> keys) {
        Messages m = ws.messages();
        out.add(title);
        if (aboutKey != null) {
            for (String l : TerminalTextUtils.getWordWrappedText(WRAP - 2, m.get(aboutKey))) out.add("  " + l);
        }
        for (KeyHint k : keys) {
            out.add("  " + k.key() + " ".repeat(Math.max(1, KEY_COLUMN - k.key().length())) + k.label());
        }
        out.add("");
    }

    private void refresh() {
        list.show(lines());
    }
}
