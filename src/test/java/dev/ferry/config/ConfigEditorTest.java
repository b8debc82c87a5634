package dev.ferry.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values changed in a cfg.yaml's text, every other byte kept; each result read back by ConfigLoader. */
class ConfigEditorTest {
    static final String CFG = """
            # delivery to the customer
            source:
            - registry: "http://127.0.0.1:5000"   # our side
              name: nj
              user: alice
              password: ${NJ_PASSWORD}
            target:
            - registry: 127.0.0.1:5001
              name: dc
            maxconn: 5   # the customer's link is slow
            unknown_key: kept
            """;

    static FerryConfig read(String text) {
        return ConfigLoader.parse(text, null, Map.of("NJ_PASSWORD", "pw"));
    }

    @Test
    void aValueIsReplacedWhereItIsWrittenAndTheRestStays() {
        String out = new ConfigEditor(CFG).set("8", "maxconn").set("bob", "source", "0", "user").text();
        assertEquals(CFG.replace("maxconn: 5 ", "maxconn: 8 ").replace("user: alice", "user: bob"), out);
        FerryConfig c = read(out);
        assertEquals(8, c.maxconn());
        assertEquals("bob", c.sources().get(0).user());
        assertEquals("pw", c.sources().get(0).password());
        assertTrue(out.contains("password: ${NJ_PASSWORD}"), "the reference stays a reference");
    }

    @Test
    void aQuotedValueStaysQuoted() {
        String out = new ConfigEditor(CFG).set("http://127.0.0.1:6000", "source", "0", "registry").text();
        assertTrue(out.contains("- registry: \"http://127.0.0.1:6000\"   # our side"), out);
        assertEquals("127.0.0.1:6000", read(out).sources().get(0).host());
    }

    @Test
    void missingKeysAreAddedAtTheEndOfTheirMapping() {
        String out = new ConfigEditor(CFG).set("team", "target", "0", "repository").set("zh_CN", "lang").set("3", "cache", "keepdays").text();
        assertTrue(out.contains("  name: dc\n  repository: team\nmaxconn"), out);
        assertTrue(out.endsWith("unknown_key: kept\nlang: zh_CN\ncache:\n  keepdays: 3\n"), out);
        FerryConfig c = read(out);
        assertEquals("team", c.targets().get(0).repository());
        assertEquals("zh_CN", c.lang());
        assertEquals(3, c.cache().keepdays());
        assertEquals(Map.of("unknown_key", "kept"), c.extra());
        assertTrue(out.startsWith("# delivery to the customer\n"));
    }

    @Test
    void aCacheTurnedOnWithTrueBecomesAMapping() {
        String out = new ConfigEditor("cache: true\nretries: 1\n").set("2G", "cache", "keepsize").text();
        assertEquals("cache: \n  keepsize: 2G\nretries: 1\n", out);
        assertEquals(2L << 30, read(out).cache().keepsize());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsStay() {
        String windows = "\uFEFF" + CFG.replace("\n", "\r\n");
        String out = new ConfigEditor(windows).set("7", "maxconn").set("team", "target", "0", "repository").set("3", "cache", "keepdays").text();
        assertEquals(windows.replace("maxconn: 5 ", "maxconn: 7 ").replace("  name: dc\r\n", "  name: dc\r\n  repository: team\r\n")
                + "cache:\r\n  keepdays: 3\r\n", out);
        FerryConfig c = read(out.substring(1));
        assertEquals(7, c.maxconn());
        assertEquals("team", c.targets().get(0).repository());
        assertEquals(3, c.cache().keepdays());
    }

    @Test
    void anEmptyValueRemovesTheKey() {
        String out = new ConfigEditor(CFG).set("", "source", "0", "user").text();
        assertFalse(out.contains("alice"));
        assertNull(read(out).sources().get(0).user());
        assertEquals(null, new ConfigEditor(out).scalar("source", "0", "user"));
    }

    @Test
    void valuesThatWouldReadOtherwiseAreQuoted() {
        String out = new ConfigEditor("").set("a b # c", "outprefix").set("yes", "compressor").text();
        assertEquals("outprefix: \"a b # c\"\ncompressor: \"yes\"\n", out);
    }

    @Test
    void scalarsAreReadAsWritten() {
        ConfigEditor e = new ConfigEditor(CFG);
        assertEquals("${NJ_PASSWORD}", e.scalar("source", "0", "password"));
        assertTrue(e.has("source", "0", "password"));
        assertFalse(e.has("target", "0", "password"));
        assertNull(e.scalar("target", "5", "user"));
        assertThrows(IllegalArgumentException.class, () -> e.set("x", "target", "5", "user"));
        assertThrows(IllegalArgumentException.class, () -> new ConfigEditor("cache: {keepdays: 3}\n").set("4", "cache", "keepdays"));
    }
}
