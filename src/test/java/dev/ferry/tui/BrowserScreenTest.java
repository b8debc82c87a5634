package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.spi.ErrorKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry browser on Lanterna's virtual terminal at 80×24 and 160×48, driven by keys against real registries. */
@Timeout(60)
class BrowserScreenTest {
    static final BrowseRegistries R = BrowseRegistries.get();

    Session session;
    Workspace ws;

    @BeforeEach
    void setUp() throws Exception {
        Path dir = R.cfgDir("screen");
        session = Session.builder(Map.of()).config(ConfigLoader.load(dir.resolve("cfg.yaml"), Map.of())).workDir(dir).build();
        ws = new Workspace(session, Messages.english());
        ws.source("nj");
        ws.target("dc");
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    static void save(String name, String text) throws Exception {
        Path out = Path.of("target", "tui-screens");
        Files.createDirectories(out);
        Files.writeString(out.resolve(name + ".txt"), text + "\n");
    }

    @Test
    void registryToRepositoryToTagsToImageAt80x24() throws Exception {
        try (VirtualScreen v = new VirtualScreen(80, 24, BrowserScreen::new, ws)) {
            List<String> rows = v.rows();
            assertTrue(rows.get(0).startsWith("Registry: nj"), rows.get(0));
            assertTrue(rows.get(1).startsWith("Filter:"), rows.get(1));
            assertTrue(rows.get(2).startsWith("Registries (cfg.yaml names"), rows.get(2));
            assertEquals("nj  http://" + R.source.host(), rows.get(3));
            assertEquals("dc  http://" + R.target.host(), rows.get(4));
            assertTrue(rows.get(5).startsWith("gone  http://127.0.0.1:"), rows.get(5));

            v.press(KeyType.Enter); // nj is selected: the workspace's source
            v.waitForText("nj: 4 repositories");
            rows = v.rows();
            assertEquals(List.of("base/multi", "corpus/debian", "many/builds", "tools/jq"), rows.subList(3, 7));

            v.press(KeyType.ArrowDown, KeyType.Enter);
            String tags = v.waitForText("nj / corpus/debian: 5 tags");
            rows = v.rows();
            assertEquals(List.of("[ ] 1.2", "[ ] 1.9", "[ ] 1.10", "[ ] 1.10-rc1", "[ ] latest"), rows.subList(3, 8), tags);

            v.type(" ");
            v.press(KeyType.ArrowDown, KeyType.ArrowDown);
            v.type(" ");
            rows = v.rows();
            assertEquals("[x] 1.2", rows.get(3));
            assertEquals("[x] 1.10", rows.get(5));
            v.press(KeyType.F6);
            v.waitForText("3 of 5 tags missing at dc");
            save("browser-tags-80x24", v.text());
            rows = v.rows();
            assertEquals("[x] 1.2  (missing at target)", rows.get(3));
            assertEquals("[ ] 1.9", rows.get(4));
            assertEquals("[ ] latest", rows.get(7));

            v.press(KeyType.F5);
            v.waitForText("2 added to the release list");
            assertEquals(List.of("corpus/debian:1.2", "corpus/debian:1.10"), ws.releaseLines());

            v.press(KeyType.Enter); // on 1.10
            String image = v.waitForText("single-platform image");
            assertTrue(image.contains("nj / corpus/debian:1.10"), image);
            assertTrue(image.contains("linux/amd64: 2 layers"), image);
            assertEquals(R.single.digest(), v.rows().get(3), "the digest on a row of its own");
            assertEquals("single-platform image (" + R.single.mediaType() + ")", v.rows().get(4));
            assertNotNull(v.find(R.single.layers().get(1).digest().substring(0, 19)), image);
            save("browser-image-80x24", image);

            v.press(KeyType.Backspace);
            v.waitForText("5 tags");
            v.press(KeyType.Backspace);
            v.waitForText("4 repositories");
        }
    }

    @Test
    void aLongListScrollsAndTheLanguageRedrawsTheTexts() throws Exception {
        try (VirtualScreen v = new VirtualScreen(80, 24, BrowserScreen::new, ws)) {
            v.press(KeyType.Enter);
            v.waitForText("4 repositories");
            v.press(KeyType.ArrowDown, KeyType.ArrowDown, KeyType.Enter);
            v.waitForText("nj / many/builds: 40 tags");
            List<String> rows = v.rows();
            assertTrue(rows.get(3).startsWith("[ ] b1 "), rows.get(3));
            assertTrue(rows.get(22).startsWith("[ ] b20"), "the list fills the rows between the fields and the status line: " + v.text());
            assertEquals(-1, v.text().indexOf("b40"));
            v.press(KeyType.End);
            rows = v.rows();
            assertTrue(rows.get(22).startsWith("[ ] b40"), v.text());
            assertEquals(null, v.find("[ ] b1 "), "b1 scrolled away");
            v.type(" ");
            assertTrue(v.rows().get(22).startsWith("[x] b40"), v.text());

            Messages zh = Messages.forLocale(java.util.Locale.SIMPLIFIED_CHINESE);
            ws.messages(zh);
            v.pump();
            assertTrue(v.rows().get(0).startsWith(zh.get("tui.browser.registry")), v.rows().get(0));
            assertTrue(v.rows().get(2).startsWith(zh.get("tui.browser.where.tags", "nj", "many/builds", zh.count(40, Messages.Noun.TAG))), v.rows().get(2));
            v.press(KeyType.Escape);
            assertTrue(v.rows().get(2).startsWith(zh.get("tui.browser.where.repositories", "nj", zh.count(4, Messages.Noun.REPOSITORY))), "Esc goes back too: " + v.rows().get(2));
        }
    }

    @Test
    void loadingIsShownWhileARegistryDoesNotAnswerAndThePersonMayLeave() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); // takes connections, never answers
             VirtualScreen v = new VirtualScreen(80, 24, BrowserScreen::new, ws)) {
            v.press(KeyType.ReverseTab, KeyType.ReverseTab, KeyType.End);
            for (int i = 0; i < 2; i++) v.press(KeyType.Backspace);
            v.type("127.0.0.1:" + silent.getLocalPort());
            v.press(KeyType.Enter);
            List<String> rows = v.rows();
            assertEquals("loading\u2026", rows.get(23), v.text());
            assertEquals("nj  http://" + R.source.host(), rows.get(3), "the list stays usable while it loads");
            v.press(KeyType.Tab, KeyType.Tab, KeyType.Backspace); // to the list, and leave
            assertEquals("", v.rows().get(23), v.text());
            v.press(KeyType.Enter); // nj, meanwhile
            v.waitForText("nj: 4 repositories");
        }
    }

    @Test
    void theFilterNarrowsTheTagsAsYouType() throws Exception {
        try (VirtualScreen v = new VirtualScreen(80, 24, BrowserScreen::new, ws)) {
            v.press(KeyType.Enter);
            v.waitForText("4 repositories");
            v.press(KeyType.ArrowDown, KeyType.Enter);
            v.waitForText("5 tags");
            v.press(KeyType.ReverseTab); // from the list to the filter field
            v.type("1.1");
            List<String> rows = v.rows();
            assertEquals("Filter:   1.1", rows.get(1).substring(0, 13));
            assertEquals(List.of("[ ] 1.10", "[ ] 1.10-rc1", ""), rows.subList(3, 6));
            v.press(KeyType.Enter); // back to the list, still filtered
            v.type(" ");
            assertEquals("[x] 1.10", v.rows().get(3));
        }
    }

    @Test
    void aTypedAddressAndAnUnreachableRegistryAt160x48() throws Exception {
        try (VirtualScreen v = new VirtualScreen(160, 48, BrowserScreen::new, ws)) {
            v.press(KeyType.ReverseTab, KeyType.ReverseTab); // the registry field
            v.press(KeyType.End);
            for (int i = 0; i < 4; i++) v.press(KeyType.Backspace);
            v.type("gone");
            v.press(KeyType.Enter);
            Messages m = Messages.english();
            String text = v.waitForText(m.title(ErrorKind.NETWORK) + ":");
            assertTrue(text.replace("\n", " ").replaceAll(" +", " ").contains(m.hint(ErrorKind.NETWORK)), text);
            assertTrue(v.rows().get(3).startsWith("nj  http://"), "the browser stays on the registries");

            v.press(KeyType.End); // the registry field keeps the focus
            for (int i = 0; i < 4; i++) v.press(KeyType.Backspace);
            v.type(R.source.host());
            v.press(KeyType.Enter);
            v.waitForText(R.source.host() + ": 4 repositories");
            v.press(KeyType.Enter); // base/multi
            v.waitForText("1 tag");
            v.press(KeyType.Enter);
            String image = v.waitForText("index of 2 platforms (" + R.multi.mediaType() + ")");
            int[] arm = v.find("linux/arm64: 2 layers");
            int[] amd = v.find("linux/amd64: 2 layers");
            assertNotNull(arm, image);
            assertTrue(arm[0] > amd[0] + 2, "amd64's layers are listed before arm64: " + image);
            assertFalse(image.contains("loading"), image);
            save("browser-multiarch-160x48", image);
            assertArrayEquals(new int[] {0, 0}, v.find("Registry:"));
        }
    }
}
