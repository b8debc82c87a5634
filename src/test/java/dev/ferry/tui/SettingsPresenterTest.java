package dev.ferry.tui;

import dev.ferry.app.Messages;
import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings' presenter on a real cfg.yaml and a session over real registries, without any terminal. */
@Timeout(60)
class SettingsPresenterTest {
    static final BrowseRegistries R = BrowseRegistries.get();
    static final Map<String, String> ENV = Map.of("NJ_PW", "pw-from-the-environment");

    Path dir;
    Path cfg;
    String original;
    Session session;
    Workspace ws;
    SettingsPresenter p;

    static String cfgText() {
        return "# the customer's delivery\n"
                + "source:\n"
                + "- registry: \"http://" + R.source.host() + "\"   # our side\n"
                + "  name: nj\n"
                + "  user: alice\n"
                + "  password: ${NJ_PW}\n"
                + "target:\n"
                + "- registry: \"http://" + R.target.host() + "\"\n"
                + "  name: dc\n"
                + "  user: bob\n"
                + "  password: clear-secret\n"
                + "maxconn: 4   # a slow link\n";
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory(R.work, "settings-");
        cfg = dir.resolve("cfg.yaml");
        original = cfgText();
        Files.writeString(cfg, original);
        session = Session.builder(ENV).config(ConfigLoader.load(cfg, ENV)).workDir(dir).build();
        ws = new Workspace(session, Messages.english());
        p = new SettingsPresenter(ws);
    }

    @AfterEach
    void tearDown() {
        session.close();
    }

    String value(String id) {
        return p.settings().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().value();
    }

    @Test
    void theFilesValuesAreShownAndNoPasswordIs() {
        List<SettingsPresenter.Setting> all = p.settings();
        assertEquals("http://" + R.source.host(), value("source/0/registry"));
        assertEquals("alice", value("source/0/user"));
        assertEquals("${NJ_PW}", value("source/0/password"), "a reference is shown as written");
        assertEquals("******** (in cfg.yaml)", value("target/0/password"));
        assertEquals("4", value("maxconn"));
        assertEquals(Integer.toString(FerryConfig.DEFAULT_RETRIES), value("retries"));
        assertEquals("en_US", value("lang"));
        assertEquals("10.0 GB", value("cache/keepsize"));
        assertEquals("source nj address", all.get(0).label());
        for (SettingsPresenter.Setting s : all) {
            assertFalse(s.value().contains("clear-secret") || s.value().contains("pw-from-the-environment"), s.toString());
        }
    }

    @Test
    void editsAreSavedInPlaceAndTheSessionReloads() throws Exception {
        assertTrue(p.edit("maxconn", "8"));
        assertTrue(p.edit("target/0/repository", "team"));
        assertTrue(p.edit("source/0/user", "carol"));
        assertTrue(p.edit("cache/keepdays", "3"));
        assertTrue(p.edit("target/0/registry", "http://" + R.source.host()));
        assertTrue(p.dirty());
        assertEquals(original, Files.readString(cfg), "nothing is written before Save");
        assertEquals(4, session.config().maxconn());

        assertTrue(p.save(), p.status());
        assertFalse(p.dirty());
        String saved = Files.readString(cfg);
        assertTrue(saved.startsWith("# the customer's delivery\n"), saved);
        assertTrue(saved.contains("maxconn: 8   # a slow link"), saved);
        assertTrue(saved.contains("password: ${NJ_PW}"), saved);
        assertFalse(saved.contains("pw-from-the-environment"), saved);
        FerryConfig c = ConfigLoader.load(cfg, ENV);
        assertEquals(8, c.maxconn());
        assertEquals("team", c.targets().get(0).repository());
        assertEquals("carol", c.sources().get(0).user());
        assertEquals("pw-from-the-environment", c.sources().get(0).password());
        assertEquals("clear-secret", c.targets().get(0).password());
        assertEquals(3, c.cache().keepdays());

        assertEquals(8, session.config().maxconn(), "the session reloaded");
        assertTrue(session.catalog("@dc", 0).contains("corpus/debian"), "dc is now the source's registry, for the session too");
        assertTrue(p.status().startsWith("Saved to " + cfg), p.status());
    }

    @Test
    void aPasswordNotInClearIsNeverWritten() throws Exception {
        assertTrue(p.edit("source/0/password", "typed-secret"));
        assertTrue(p.status().contains("this session only"), p.status());
        assertEquals("******** (this session only)", value("source/0/password"));
        assertTrue(p.edit("retries", "1"));
        assertTrue(p.save(), p.status());
        String saved = Files.readString(cfg);
        assertFalse(saved.contains("typed-secret"), saved);
        assertTrue(saved.contains("password: ${NJ_PW}"), saved);

        assertTrue(p.edit("target/0/password", "new-clear-secret"), "a password in clear may be changed in clear");
        assertTrue(p.save(), p.status());
        saved = Files.readString(cfg);
        assertTrue(saved.contains("  password: new-clear-secret\n"), saved);
        assertFalse(saved.contains("typed-secret"), saved);
        assertEquals("new-clear-secret", ConfigLoader.load(cfg, ENV).targets().get(0).password());
    }

    @Test
    void aPasswordFromAFileStaysInItsFile() throws Exception {
        Files.writeString(dir.resolve("dc.pw"), "from-the-file\n");
        Files.writeString(cfg, original.replace("  password: clear-secret\n", "  password_file: dc.pw\n"));
        session.reload();
        SettingsPresenter q = new SettingsPresenter(ws);
        assertEquals("password_file: dc.pw", q.settings().stream().filter(x -> x.id().equals("target/0/password")).findFirst().orElseThrow().value());
        assertTrue(q.edit("target/0/password", "typed"));
        assertTrue(q.status().contains("this session only"), q.status());
        assertTrue(q.edit("maxconn", "6"));
        assertTrue(q.save(), q.status());
        String saved = Files.readString(cfg);
        assertTrue(saved.contains("  password_file: dc.pw\n"), saved);
        assertFalse(saved.contains("typed") || saved.contains("from-the-file"), saved);
        assertEquals("from-the-file", ConfigLoader.load(cfg, ENV).targets().get(0).password());
    }

    @Test
    void aResultTheSessionRefusesIsTakenBack() throws Exception {
        FerryConfig before = session.config();
        // a user and password over plain HTTP to another machine: cfg.yaml's own rules refuse it
        assertTrue(p.edit("source/0/registry", "http://192.0.2.7:5000"));
        assertFalse(p.save());
        assertTrue(p.status().startsWith("Not saved: "), p.status());
        assertTrue(p.status().contains("plain HTTP"), p.status());
        assertEquals(original, Files.readString(cfg), "the file is as it was");
        assertSame(before, session.config(), "the session keeps its configuration");
        assertTrue(p.dirty(), "the change is still there to correct");
    }

    @Test
    void aFileThatIsNotUtf8IsNeverWritten() throws Exception {
        byte[] utf16 = ("\uFEFF" + original).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        Files.write(cfg, utf16); // what Windows PowerShell writes; ConfigLoader reads it, the editor does not
        SettingsPresenter q = new SettingsPresenter(ws);
        assertTrue(q.edit("maxconn", "9"));
        assertFalse(q.save());
        assertTrue(q.status().contains("cannot be read as UTF-8"), q.status());
        assertTrue(java.util.Arrays.equals(utf16, Files.readAllBytes(cfg)), "the file is untouched");
    }

    @Test
    void forgettingTheChangesBringsTheLanguageBack() {
        Messages before = ws.messages();
        assertTrue(p.switchLanguage());
        assertTrue(p.edit("maxconn", "2"));
        p.revert();
        assertSame(before, ws.messages());
        assertEquals("en_US", value("lang"));
        assertEquals("4", value("maxconn"));
        assertEquals("Changes not saved are forgotten.", p.status());
    }

    @Test
    void withoutACfgYamlSaveWritesOneInTheWorkingDirectory() throws Exception {
        Path bare = Files.createTempDirectory(R.work, "no-cfg-");
        try (Session s = Session.builder(ENV).config(FerryConfig.empty()).workDir(bare).build()) {
            Workspace w = new Workspace(s, Messages.english());
            SettingsPresenter q = new SettingsPresenter(w);
            assertEquals(bare.resolve("cfg.yaml"), q.file());
            assertEquals(List.of("maxconn", "retries", "compressor", "lang", "cache/pathname", "cache/keepdays", "cache/keepsize"),
                    q.settings().stream().map(SettingsPresenter.Setting::id).toList(), "no registry to show");
            assertTrue(q.edit("maxconn", "3"));
            assertTrue(q.next("compressor"));
            assertTrue(q.save(), q.status());
            assertEquals("maxconn: 3\ncompressor: tar\n", Files.readString(bare.resolve("cfg.yaml")));
            assertEquals(3, s.config().maxconn());
            assertEquals("tar", s.config().compressor());
            assertEquals(bare.resolve("cfg.yaml"), s.config().file());
        }
    }

    @Test
    void valuesThatCannotBeAreRefusedAtOnce() {
        assertFalse(p.edit("maxconn", "0"));
        assertEquals("connections per registry (maxconn): must be 1 or more", p.status());
        assertFalse(p.edit("retries", "many"));
        assertFalse(p.edit("cache/keepsize", "12 parsecs"));
        assertFalse(p.edit("compressor", "zip"));
        assertFalse(p.dirty());
        assertTrue(p.next("compressor"));
        assertEquals("tar", value("compressor"));
        assertTrue(p.dirty());
    }

    @Test
    void theLanguageSwitchesEveryScreenAndIsSaved() throws Exception {
        AtomicInteger told = new AtomicInteger();
        ws.onChange(w -> told.incrementAndGet());
        assertTrue(p.switchLanguage());
        assertEquals("zh_CN", value("lang"));
        Messages zh = Messages.forLocale(Locale.SIMPLIFIED_CHINESE);
        assertEquals(zh.locale(), ws.messages().locale());
        assertEquals(1, told.get(), "the other screens hear of it");
        assertEquals(zh.get("tui.settings.source", "nj") + " " + zh.get("tui.settings.address"), p.settings().get(0).label());
        assertTrue(p.save(), p.status());
        assertEquals("zh_CN", ConfigLoader.load(cfg, ENV).lang());
        assertEquals("zh_CN", session.config().lang());

        assertTrue(p.switchLanguage());
        assertTrue(p.edit("retries", "0"));
        assertEquals("en_US", value("lang"));
        p.revert();
        assertFalse(p.dirty());
        assertEquals("zh_CN", value("lang"), "back to the file's");
        assertEquals(zh.locale(), ws.messages().locale());
        assertEquals(Integer.toString(FerryConfig.DEFAULT_RETRIES), value("retries"));
    }
}
