package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.FerryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The help screen on Lanterna's virtual terminal lists every key of the window and of each screen. */
@Timeout(30)
class HelpScreenTest {

    static List<KeyHint> everyKey(Messages m) {
        List<KeyHint> all = new ArrayList<>(Keys.window(m));
        all.addAll(Keys.browser(m));
        all.addAll(Keys.settings(m));
        all.addAll(Keys.help(m));
        return all;
    }

    static void assertListed(Set<String> rows, KeyHint k) {
        String expected = "  " + k.key() + " ".repeat(Math.max(1, 20 - k.key().length())) + k.label();
        assertTrue(rows.contains(expected), "\"" + expected + "\" is not shown in:\n" + String.join("\n", rows));
    }

    /** The rows without the list's last column, where its scroll bar is. */
    static List<String> withoutScrollBar(VirtualScreen v) {
        return v.rows().stream().map(r -> r.length() < 80 ? r : r.substring(0, 79).stripTrailing()).toList();
    }

    @Test
    void everyKeyAt80x24ScrollingThroughTheList() throws Exception {
        try (Session s = Session.builder(Map.of()).config(FerryConfig.empty()).build();
             VirtualScreen v = new VirtualScreen(80, 24, HelpScreen::new, new Workspace(s, Messages.english()))) {
            assertEquals("ferry tui: the keys of every screen (the footer shows those of the screen", withoutScrollBar(v).get(0));
            assertEquals("you are on)", withoutScrollBar(v).get(1));
            assertTrue(v.rows().get(0).endsWith("\u25b2"), "a scroll bar in the last column: " + v.rows().get(0));
            Set<String> seen = new LinkedHashSet<>(withoutScrollBar(v));
            for (int i = 0; i < 5; i++) {
                v.press(KeyType.PageDown);
                seen.addAll(withoutScrollBar(v));
            }
            for (KeyHint k : everyKey(Messages.english())) assertListed(seen, k);
            assertTrue(seen.contains("Registry browser"), String.join("\n", seen));
            assertTrue(seen.contains("  F10                 quit"), String.join("\n", seen));
        }
    }

    @Test
    void theFramesScreensAt160x48() throws Exception {
        try (Session s = Session.builder(Map.of()).config(FerryConfig.empty()).build()) {
            Workspace ws = new Workspace(s, Messages.english());
            BrowserScreen browser = new BrowserScreen(ws);
            SettingsScreen settings = new SettingsScreen(ws);
            List<TuiScreen> screens = new ArrayList<>(List.of(browser, settings));
            try (VirtualScreen v = new VirtualScreen(160, 48, w -> {
                HelpScreen h = new HelpScreen(w, () -> screens);
                screens.add(h);
                return h;
            }, ws)) {
                v.shown.shown();
                v.pump();
                Set<String> rows = new LinkedHashSet<>(v.rows());
                for (KeyHint k : everyKey(ws.messages())) assertListed(rows, k);
                assertTrue(rows.contains("  Look around a registry: its repositories, a repository's tags (oldest"), String.join("\n", rows));
                Files.createDirectories(Path.of("target", "tui-screens"));
                Files.writeString(Path.of("target", "tui-screens", "help-160x48.txt"), v.text() + "\n");
            } finally {
                browser.close();
            }
        }
    }
}
