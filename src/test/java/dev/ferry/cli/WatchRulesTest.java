package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry watch --rules transfer-rule.yaml --secrets registry-secret.yaml}: image-transfer's files as sync takes
 * them, in a watch run by cron ({@code --once}, a real ferry process each time). The target asks for a password that
 * only the secrets file gives; what it holds is read with skopeo.
 */
@Timeout(240)
class WatchRulesTest {
    static final String USER = "mirror", PASSWORD = "s3cret-Watch";
    static RegistryServer src, dst;
    static Options creds;

    @BeforeAll
    static void setUp() {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
        creds = Options.plain().creds(USER, PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
    }

    static String push(String ref) throws IOException {
        Path layout = Files.createTempDirectory("ferry-watch-rules-image-");
        try {
            TestImages.Image i = TestImages.single(layout, "t", "linux", "amd64", 1, 3000, false);
            Skopeo.pushOciDir(layout, "t", src.host() + "/" + ref, Options.plain(), false);
            return i.digest();
        } finally {
            TempDirs.deleteRecursively(layout);
        }
    }

    static String at(String ref) {
        var r = Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", USER + ":" + PASSWORD, "docker://" + dst.host() + "/" + ref));
        return r.exitCode() == 0 ? Skopeo.digest(r.stdout()) : null;
    }

    @Test
    void aRulesFileIsWatchedUnderTheMappedNamesWithTheSecretsCredentials(@TempDir Path dir) throws Exception {
        String app10 = push("r/app:1.0"), app11 = push("r/app:1.1"), tool = push("r/tool:v2");
        Files.writeString(dir.resolve("transfer-rule.yaml"), "# a repository rule and a tag rule\n"
                + src.host() + "/r/app: " + dst.host() + "/mirror/app\n"
                + src.host() + "/r/tool:v2: " + dst.host() + "/tools/tool:stable\n");
        Files.writeString(dir.resolve("registry-secret.yaml"), dst.host() + ":\n  username: " + USER + "\n  password: " + PASSWORD + "\n");
        String[] once = {"watch", "--rules", "transfer-rule.yaml", "--secrets", "registry-secret.yaml", "--once"};

        // without the secrets the target refuses: the credentials come from the file
        try (FerryProcess w = FerryProcess.start(dir, "watch", "--rules", "transfer-rule.yaml", "--once", "--history", "data/no-secrets.yaml")) {
            assertEquals(1, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertTrue(w.output().contains("unauthorized") || w.output().contains("authentication"), w.output());
        }
        assertEquals(null, at("mirror/app:1.0"));

        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertTrue(w.output().contains("Watching transfer-rule.yaml (2 lines) from " + src.host() + " to " + dst.host() + ","), w.output());
            assertTrue(w.output().contains("Round 1: 3 shipped"), w.output());
            assertFalse(w.output().contains(PASSWORD), "the password is never printed: " + w.output());
        }
        assertEquals(app10, at("mirror/app:1.0"), "a repository rule ships each tag under the mapped repository");
        assertEquals(app11, at("mirror/app:1.1"));
        assertEquals(tool, at("tools/tool:stable"), "a tag rule ships under its target tag");
        assertEquals(null, at("tools/tool:v2"), "not under the source's tag");

        // a new tag of the watched repository is shipped by the next run, and nothing else is
        String app12 = push("r/app:1.2");
        long puts = dst.countRequests("PUT", "/v2/.*/manifests/.*");
        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertTrue(w.output().contains("Round 1: 1 shipped"), w.output());
        }
        assertEquals(app12, at("mirror/app:1.2"));
        assertEquals(puts + 1, dst.countRequests("PUT", "/v2/.*/manifests/.*"), "one manifest more: the new tag's");
    }

    @Test
    void rulesWithAListOrWithSaveAreBadUsage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("transfer-rule.yaml"), src.host() + "/r/app: " + dst.host() + "/mirror/app\n");
        Files.writeString(dir.resolve("release.lst"), "r/app:1.0\n");
        FerryCli.Result both = new FerryCli().run("watch", dir.resolve("release.lst").toString(), "--rules", dir.resolve("transfer-rule.yaml").toString(), "--once");
        assertEquals(2, both.exit(), both::toString);
        assertTrue(both.err().contains("give either LIST (" + dir.resolve("release.lst") + ") or --rules FILE, not both"), both::toString);
        FerryCli.Result save = new FerryCli().run("watch", "--rules", dir.resolve("transfer-rule.yaml").toString(), "--save", "--once");
        assertEquals(2, save.exit(), save::toString);
        assertTrue(save.err().contains("--rules ships to the targets the rules name: it takes no --save"), save::toString);
        FerryCli.Result missing = new FerryCli().run("watch", "--rules", dir.resolve("nope.yaml").toString(), "--once");
        assertEquals(2, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("nope.yaml"), missing::toString);
    }
}
