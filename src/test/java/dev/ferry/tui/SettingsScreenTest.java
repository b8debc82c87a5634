package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings on Lanterna's virtual terminal at 80×24: values shown, one edited and saved by keys, the language switched. */
@Timeout(60)
class SettingsScreenTest {
    static final BrowseRegistries R = BrowseRegistries.get();

    @Test
    void editSaveAndSwitchTheLanguageByKeys() throws Exception {
        Path dir = R.cfgDir("settings-screen");
        Path cfg = dir.resolve("cfg.yaml");
        try (Session session = Session.builder(Map.of()).config(ConfigLoader.load(cfg, Map.of())).workDir(dir).build();
             VirtualScreen v = new VirtualScreen(80, 24, SettingsScreen::new, new Workspace(session, Messages.english()))) {
            String text = v.text();
            Messages en = Messages.english();
            assertTrue(text.startsWith("Changes are written only when you save (F5)"), text);
            int[] first = v.find("source nj address");
            assertNotNull(first, text);
            assertEquals(2, first[1], "after the mark column");
            String row = v.rows().get(first[0]);
            assertTrue(row.endsWith("http://" + R.source.host()), row);
            int[] maxconn = v.find("connections per registry (maxconn)");
            assertTrue(v.rows().get(maxconn[0]).endsWith(" 4"), v.rows().get(maxconn[0]));
            int valueColumn = row.indexOf("http://");
            assertEquals(valueColumn, v.rows().get(maxconn[0]).lastIndexOf(' ') + 1, "values start in one column");

            for (int i = first[0]; i < maxconn[0]; i++) v.press(KeyType.ArrowDown);
            v.press(KeyType.Enter);
            int[] value = v.find(en.get("tui.settings.value"));
            assertEquals("Value: 4", v.rows().get(value[0]).strip());
            v.press(KeyType.End, KeyType.Backspace);
            v.type("9");
            v.press(KeyType.Enter);
            String edited = v.rows().get(v.find("connections per registry (maxconn)")[0]); // the list scrolled to it
            assertTrue(edited.startsWith("* connections per registry (maxconn)") && edited.endsWith(" 9"), edited);
            assertTrue(Files.readString(cfg).contains("maxconn: 4\n"), "not saved before F5");

            v.press(KeyType.F5);
            String saved = v.waitForText("Saved to");
            assertTrue(Files.readString(cfg).contains("maxconn: 9\n"), Files.readString(cfg));
            assertTrue(Files.readString(cfg).startsWith("# the registries of the browser's tests\n"), "the comment stays");
            assertEquals(9, session.config().maxconn());
            assertTrue(v.rows().get(v.find("connections per registry (maxconn)")[0]).startsWith("  connections"), saved);

            Messages zh = Messages.forLocale(Locale.SIMPLIFIED_CHINESE);
            v.press(KeyType.F6);
            String switched = v.text();
            int[] lang = v.find(zh.get("tui.settings.lang"));
            assertNotNull(lang, switched);
            assertTrue(v.rows().get(lang[0]).endsWith("zh_CN"), switched);
            assertTrue(v.rows().get(0).startsWith(zh.get("tui.settings.note").substring(0, 6)), switched);
            assertEquals(zh.get(Keys.SETTINGS_TITLE), v.shown.title());
            assertEquals(zh.get("tui.key.settings.save"), v.shown.keys().get(1).label());
            Files.createDirectories(Path.of("target", "tui-screens"));
            Files.writeString(Path.of("target", "tui-screens", "settings-80x24.txt"), switched + "\n");
            List<String> rows = v.rows();
            assertEquals(24, rows.size());
        }
    }
}
