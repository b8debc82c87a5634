package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * image-transfer's registry-secret.yaml and transfer-rule.yaml (seed 003) with its own command
 * line, against registries that ask for the seed's own credentials (xxx / xxx). The seed's registry
 * names are replaced by loopback addresses, its {ns1}/{repo1} placeholders by real names; the key
 * without a registry (Docker Hub's) is read from --from.
 */
@Timeout(180)
class TransferRulesCommandTest {
    static final String USER = "xxx", PASSWORD = "xxx";
    static Path work;
    static Image app, other;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-transfer-rules-");
        Path layout = work.resolve("images");
        app = TestImages.single(layout, "app", "linux", "amd64", 1, 2_000, false);
        other = TestImages.multiArch(layout, "other", 1, 2_000, false);
        src = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
        Options creds = Options.plain().creds(USER, PASSWORD);
        Skopeo.pushOciDir(layout, "app", src.host() + "/demo-ns/nginx:latest", creds, false);
        Skopeo.pushOciDir(layout, "app", src.host() + "/team1/app1:1.0", creds, false);
        Skopeo.pushOciDir(layout, "other", src.host() + "/team1/app1:2.0", creds, true);
        Skopeo.pushOciDir(layout, "other", src.host() + "/team2/app2:v1", creds, true);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static String digestAt(String ref) {
        return Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain().creds(USER, PASSWORD)));
    }

    /** The seed's files with its registries at these addresses. */
    static Path[] files(Path dir, RegistryServer ccr, RegistryServer tcr) throws IOException {
        String secrets = SeedFiles.text("seed003-registry-secret.yaml").replace("ccr.ccs.tencentyun.com", ccr.host())
                .replace("image-transfer.tencentcloudcr.com", tcr.host()).replace("registry.hub.docker.com", src.host())
                .replace("registry.cn-guangzhou.aliyuncs.com", "127.0.0.1:9").replace("acr.cn-guangzhou.cr.aliyuncs.com", "127.0.0.1:7");
        String rules = SeedFiles.text("seed003-transfer-rule.yaml").replace("image-transfer.tencentcloudcr.com", tcr.host())
                .replace("registry.hub.docker.com", src.host())
                .replace("{ns1}", "team1").replace("{repo1}", "app1").replace("{ns2}", "team2").replace("{repo2}", "app2");
        Path s = dir.resolve("registry-secret.yaml"), r = dir.resolve("transfer-rule.yaml");
        Files.writeString(s, secrets);
        Files.writeString(r, rules);
        return new Path[]{s, r};
    }

    @Test
    void seed003sExampleCommandMovesTagAndRepositoryRulesWithTheSecretsCredentials(@TempDir Path tmp) throws IOException {
        try (RegistryServer ccr = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             RegistryServer tcr = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path[] f = files(tmp, ccr, tcr);
            // plan shows what the rules expand to, the repository rules' tags asked of the source with the secrets' credentials
            FerryCli.Result plan = new FerryCli().run("plan", "--securityFile=" + f[0], "--ruleFile=" + f[1], "--from", src.host(), "-o", "json");
            assertEquals(0, plan.exit(), plan::toString);
            java.util.List<String> planned = new java.util.ArrayList<>();
            plan.json().get("images").forEach(i -> planned.add(i.get("target").asText()));
            assertEquals(java.util.Set.of(tcr.host() + "/demo-ns/nginx:latest", tcr.host() + "/team1/app1:1.0", tcr.host() + "/team1/app1:2.0",
                    tcr.host() + "/team2/app2:v1"), new java.util.HashSet<>(planned), plan::toString);

            // the seed's example 1, with --from for the Docker Hub key
            FerryCli.Result r = new FerryCli().run("sync", "--securityFile=" + f[0], "--ruleFile=" + f[1], "--ns=default",
                    "--registry=" + ccr.host(), "--routines=5", "--retry=3", "--from", src.host(), "-o", "json", "--log", tmp.resolve("l").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(4, r.json().get("total").asInt(), "one tag rule, and the repository rules' three tags: " + r);
            assertEquals(app.digest(), digestAt(tcr.host() + "/demo-ns/nginx:latest"));
            assertEquals(app.digest(), digestAt(tcr.host() + "/team1/app1:1.0"));
            assertEquals(other.digest(), digestAt(tcr.host() + "/team1/app1:2.0"));
            assertEquals(other.digest(), digestAt(tcr.host() + "/team2/app2:v1"));
            assertFalse((r.out() + r.err()).contains("xxx@"), "no credentials in output");

            // the seed's example 3 (OCI mode) is the same command without the defaults: all up to date now
            FerryCli.Result again = new FerryCli().run("sync", "--securityFile=" + f[0], "--ruleFile=" + f[1], "--routines=5", "--retry=3",
                    "--from", src.host(), "-o", "json");
            assertEquals(0, again.exit(), again::toString);
            again.json().get("images").forEach(i -> assertEquals("up_to_date", i.get("status").asText(), i::toString));

            // without the secrets the target refuses: the credentials came from the file
            FerryCli.Result none = new FerryCli().run("sync", "--ruleFile=" + f[1], "--from", src.host(), "-q", "--log", tmp.resolve("l2").toString());
            assertEquals(1, none.exit(), none::toString);
        }
    }

    @Test
    void defaultsForEmptyTargetsAndBareNamesAreRegistryAndNs(@TempDir Path tmp) throws IOException {
        try (RegistryServer ccr = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             RegistryServer tcr = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path[] f = files(tmp, ccr, tcr);
            Path rules = tmp.resolve("defaults-rule.yaml");
            Files.writeString(rules, src.host() + "/team2/app2:v1:\n" + "demo-ns/nginx:latest: mirror-nginx\n" + src.host() + "/team1/app1:1.0,2.0: " + tcr.host() + "/multi/app1\n");
            FerryCli.Result r = new FerryCli().run("sync", "--secrets", f[0].toString(), "--rules", rules.toString(), "--ns", "default",
                    "--registry", ccr.host(), "--from", src.host(), "-q", "--log", tmp.resolve("l").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(other.digest(), digestAt(ccr.host() + "/team2/app2:v1"), "empty target: --registry, the key's namespace");
            assertEquals(app.digest(), digestAt(ccr.host() + "/default/mirror-nginx:latest"), "bare name: --registry and --ns, the source's tag");
            assertEquals(app.digest(), digestAt(tcr.host() + "/multi/app1:1.0"), "tag1,tag2: each tag");
            assertEquals(other.digest(), digestAt(tcr.host() + "/multi/app1:2.0"));
        }
    }

    @Test
    void mistakesInEitherFilePointAtTheirLineAndExit2(@TempDir Path tmp) throws IOException {
        try (RegistryServer ccr = RegistryServer.builder().start(); RegistryServer tcr = RegistryServer.builder().start()) {
            Path[] f = files(tmp, ccr, tcr);
            Path bad = tmp.resolve("bad-rule.yaml");
            Files.writeString(bad, "## repo\n" + src.host() + "/team1/app1: " + tcr.host() + "/team1/app1:latest\n");
            FerryCli.Result r = new FerryCli().run("sync", "--secrets", f[0].toString(), "--rules", bad.toString());
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(bad + ":2:1: the rule copies every tag of " + src.host() + "/team1/app1 to the one tag latest"), r::toString);

            Files.writeString(f[0], Files.readString(f[0]).replace("  insecure: true", "  insecure: yes please"));
            FerryCli.Result s = new FerryCli().run("sync", "--secrets", f[0].toString(), "--rules", f[1].toString());
            assertEquals(2, s.exit(), s::toString);
            assertTrue(s.err().contains(f[0] + ":4:13: " + ccr.host() + ".insecure is \"yes please\"; expected true or false"), s::toString);

            Files.writeString(f[0], "registry.example.com:\n  user: xxx\n");
            FerryCli.Result u = new FerryCli().run("sync", "--secrets", f[0].toString(), "--rules", f[1].toString());
            assertEquals(2, u.exit(), u::toString);
            assertTrue(u.err().contains(f[0] + ":2:3: unknown field \"user\" in registry.example.com; did you mean \"username\"?"), u::toString);

            FerryCli.Result both = new FerryCli().run("sync", "img.lst", "--rules", f[1].toString());
            assertEquals(2, both.exit(), both::toString);
            assertTrue(both.err().contains("give either LIST (img.lst) or --rules FILE, not both"), both::toString);
        }
    }

    @Test
    void aMissingSecretsFileIsNamed(@TempDir Path tmp) {
        FerryCli.Result r = new FerryCli().run("sync", "--secrets", tmp.resolve("nope.yaml").toString(), "--rules", tmp.resolve("r.yaml").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(tmp.resolve("nope.yaml") + " does not exist"), r::toString);
        assertTrue(List.of(r.out(), r.err()).stream().noneMatch(s -> s.contains("Exception")), r::toString);
    }
}
