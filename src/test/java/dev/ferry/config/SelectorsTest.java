package dev.ferry.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value rules behind --semver, --newest, --shard, compose variables and image-transfer's defaults. */
class SelectorsTest {
    static final List<String> TAGS = List.of("1.0", "1.2.0", "v1.3", "1.10.1", "2.0", "2.0.0-rc1", "latest", "dev", "1.2.0-beta.2");

    static List<String> matching(String range) {
        SemverRange r = SemverRange.parse(range);
        return TAGS.stream().filter(r::matches).toList();
    }

    @Test
    void semverRangesAsNpmReadsThem() {
        assertEquals(List.of("1.2.0", "v1.3", "1.10.1"), matching(">=1.2 <2"));
        assertEquals(List.of("1.0", "1.2.0", "v1.3", "1.10.1"), matching("^1.0.0"));
        assertEquals(List.of("1.2.0"), matching("~1.2"));
        assertEquals(List.of("1.0", "2.0"), matching("1.0 || 2.0.0"));
        assertEquals(List.of("1.2.0", "v1.3", "1.10.1"), matching("1.x >1.0"));
        assertEquals(List.of("2.0", "2.0.0-rc1"), matching(">=2.0.0-rc1"), "a pre-release only where the range names one of its release");
        assertEquals(List.of("1.2.0-beta.2"), matching("1.2.0-beta.2"));
        assertThrows(IllegalArgumentException.class, () -> SemverRange.parse(">=1.x.y"));
        assertThrows(IllegalArgumentException.class, () -> SemverRange.parse("1 ||"));
    }

    @Test
    void newestByTagOrderOrByCreationTime() {
        TagSelector byTag = new TagSelector(null, Pattern.compile("^dev$"), null, 3, false);
        // TagOrder: numbers as numbers (1.9 < 1.10), a pre-release after its release, digits before text (2.0 < v1.3), latest last
        assertEquals(List.of("2.0.0-rc1", "v1.3", "latest"), byTag.select(TAGS, Map.of()));
        assertEquals(List.of("1.10.1", "2.0", "2.0.0-rc1"), new TagSelector(Pattern.compile("^\\d"), null, null, 3, false).select(TAGS, Map.of()));
        Map<String, String> created = new HashMap<>();
        created.put("1.0", "2026-03-01T00:00:00Z");
        created.put("2.0", "2025-01-01T00:00:00Z");
        created.put("v1.3", "2026-01-01T00:00:00Z");
        TagSelector byCreated = new TagSelector(Pattern.compile("^v?\\d+\\.\\d+$"), null, null, 2, true);
        assertEquals(List.of("v1.3", "1.0"), byCreated.select(TAGS, created));
        assertEquals("/^v?\\d+\\.\\d+$/, newest 2 by created", byCreated.toString());
    }

    @Test
    void shardsSplitEveryRepositoryToExactlyOneAndNeverChange() {
        int[] counts = new int[3];
        for (int i = 0; i < 300; i++) {
            String repo = "team/repo-" + i;
            int owners = 0;
            for (int s = 0; s < 3; s++) {
                if (new Shard(s, 3).owns(repo)) {
                    owners++;
                    counts[s]++;
                }
            }
            assertEquals(1, owners, repo);
        }
        for (int c : counts) assertTrue(c > 70 && c < 130, "fair shares: " + java.util.Arrays.toString(counts));
        assertEquals(0xcbf29ce484222325L, Shard.hash(""), "FNV-1a's offset basis");
        assertEquals(0xaf63dc4c8601ec8cL, Shard.hash("a"), "the published FNV-1a 64 value of \"a\"");
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("8/8"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("1-of-3"));
    }

    @Test
    void composeVariablesAsDockerComposeFillsThemIn() {
        ComposeVariables v = ComposeVariables.of(Map.of("TAG", "1.2", "EMPTY", ""), "# comment\nexport REG=\"reg.example.com\"\nTAG=from-dotenv\nX=1 # note\n");
        assertEquals("reg.example.com/app:1.2", v.interpolate("${REG}/app:${TAG}"), "the environment over .env");
        assertEquals("app:dflt", v.interpolate("app:${EMPTY:-dflt}"));
        assertEquals("app:", v.interpolate("app:${EMPTY-dflt}"));
        assertEquals("app:1", v.interpolate("app:$X"));
        assertEquals("cost $5", v.interpolate("cost $$5"));
        assertEquals("the variable NOPE is not set: say it", assertThrows(IllegalArgumentException.class, () -> v.interpolate("${NOPE:?say it}")).getMessage());
    }

    @Test
    void composeNamesAsTheSeedsTableShowsThem() {
        assertEquals("p/nginx:latest", ComposeFile.mirrorName("nginx:latest", "p", true));
        assertEquals("p/langgenius-dify-api:2.0.0-beta.2", ComposeFile.mirrorName("langgenius/dify-api:2.0.0-beta.2", "p", true));
        assertEquals("p/chroma-core-chroma:0.5.20", ComposeFile.mirrorName("ghcr.io/chroma-core/chroma:0.5.20", "p/", true));
        assertEquals("p/chroma-core/chroma:latest", ComposeFile.mirrorName("ghcr.io/chroma-core/chroma", "p", false));
        assertEquals("redis@sha256:" + "a".repeat(64), ComposeFile.mirrorName("localhost:5000/redis@sha256:" + "a".repeat(64), null, true));
        assertTrue(ComposeFile.ignores("vastdata/vastbase-vector", "vastdata/vastbase-vector:2.2"));
        assertTrue(ComposeFile.ignores("docker.io/vastdata/vastbase-vector", "vastdata/vastbase-vector"));
        assertFalse(ComposeFile.ignores("vastdata/vastbase-vector:1", "vastdata/vastbase-vector:2"));
        assertFalse(ComposeFile.ignores("vastdata/vastbase", "vastdata/vastbase-vector"));
    }

    @Test
    void imageTransfersDefaults() {
        TransferRules.Defaults d = new TransferRules.Defaults(null, "ccr.example.com", "default");
        TransferRules.Resolved tag = TransferRules.resolve(new TransferRules.Rule("demo-ns/nginx:latest", "tcr.example.com/demo-ns/nginx:latest", 2, 1), d, "r");
        assertEquals("docker.io/demo-ns/nginx", tag.source());
        assertEquals(List.of("latest"), tag.sourceTags());
        TransferRules.Resolved repo = TransferRules.resolve(new TransferRules.Rule("registry.hub.docker.com/ns1/repo1", "tcr.example.com/ns1/repo1", 4, 1), d, "r");
        assertEquals("docker.io/ns1/repo1", repo.source());
        assertTrue(repo.wholeRepository());
        TransferRules.Resolved empty = TransferRules.resolve(new TransferRules.Rule("nginx:1.21", null, 1, 1), d, "r");
        assertEquals("docker.io/library/nginx", empty.source());
        assertEquals("ccr.example.com/default/nginx", empty.target(), "no namespace in the key: --ns");
        assertEquals("ccr.example.com/default/web", TransferRules.resolve(new TransferRules.Rule("a.example.com/x/web:1", "web", 1, 1), d, "r").target());
        ConfigException e = assertThrows(ConfigException.class,
                () -> TransferRules.resolve(new TransferRules.Rule("nginx:1", null, 3, 1), TransferRules.Defaults.NONE, "rules.yaml"));
        assertTrue(e.getMessage().startsWith("rules.yaml:3:1: the rule nginx:1 has no target and no --registry is given"), e.getMessage());
    }
}
