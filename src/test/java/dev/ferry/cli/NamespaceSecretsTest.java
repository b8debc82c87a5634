package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.TokenIssuer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * image-transfer's registry-secret.yaml keyed by {@code registry/namespace}: the namespace's
 * credentials win over the registry's for its repositories. The target is a token-auth registry
 * whose token service gives user A access to {@code a/*} only and user B to {@code b/*} only, so
 * only the right credentials for each namespace can push there.
 */
@Timeout(180)
class NamespaceSecretsTest {
    static final String A = "user-a", B = "user-b", PASSWORD_A = "Pa55-of-A", PASSWORD_B = "Pa55-of-B";
    static Path work;
    static Image app;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-ns-secrets-");
        Path layout = work.resolve("images");
        app = TestImages.single(layout, "app", "linux", "amd64", 2, 4_000, false);
        src = RegistryServer.builder().start();
        // the same image in both namespaces: the second one's blobs are not mounted from the first's, which its user may not read
        Skopeo.pushOciDir(layout, "app", src.host() + "/team-a/app:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, "app", src.host() + "/team-b/app:1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    /** A gets a/*, B gets b/*, each nothing else. */
    static TokenIssuer issuer() {
        return new TokenIssuer(Map.of(A, PASSWORD_A, B, PASSWORD_B)).policy((user, req) -> {
            String mine = A.equals(user) ? "a/" : B.equals(user) ? "b/" : null;
            return mine != null && req.type().equals("repository") && req.name().startsWith(mine) ? Set.copyOf(req.actions()) : Set.of();
        });
    }

    static Path files(Path dir, RegistryServer dst, String secrets) throws IOException {
        Path s = dir.resolve("registry-secret.yaml"), r = dir.resolve("transfer-rule.yaml");
        Files.writeString(s, secrets);
        Files.writeString(r, src.host() + "/team-a/app:1: " + dst.host() + "/a/app:1\n"
                + src.host() + "/team-b/app:1: " + dst.host() + "/b/app:1\n");
        return dir;
    }

    static Map<String, JsonNode> byTarget(FerryCli.Result r) {
        Map<String, JsonNode> out = new HashMap<>();
        r.json().get("images").forEach(i -> out.put(i.get("target").asText(), i));
        return out;
    }

    @Test
    void theNamespacesSecretWinsOverTheRegistrysForItsRepositories(@TempDir Path tmp) throws IOException {
        try (TokenIssuer issuer = issuer(); RegistryServer dst = RegistryServer.builder().token(issuer).start()) {
            Path d = files(tmp, dst, dst.host() + ":\n  username: " + A + "\n  password: " + PASSWORD_A + "\n"
                    + dst.host() + "/b:\n  username: " + B + "\n  password: " + PASSWORD_B + "\n");
            FerryCli.Result r = new FerryCli().run("sync", "--secrets", d.resolve("registry-secret.yaml").toString(),
                    "--rules", d.resolve("transfer-rule.yaml").toString(), "-o", "json", "--log", tmp.resolve("l").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(app.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/a/app:1", Options.plain().creds(A, PASSWORD_A))));
            assertEquals(app.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/b/app:1", Options.plain().creds(B, PASSWORD_B))));
            // every push to b/ went with a token B asked for, every push to a/ with A's; what each got is only its own namespace
            // (a mount of b/app's blobs from a/app asks B's token for a/app:pull too, is granted nothing there, and the blobs are uploaded)
            for (TokenIssuer.TokenRequest t : issuer.requests()) {
                for (String scope : t.scopes()) {
                    if (scope.startsWith("repository:b/") && scope.contains("push")) assertEquals(B, t.attempted(), t::toString);
                    if (scope.startsWith("repository:a/") && scope.contains("push")) assertEquals(A, t.attempted(), t::toString);
                }
                String mine = A.equals(t.user()) ? "a/" : "b/";
                t.granted().forEach(g -> assertTrue(g.name().startsWith(mine), t::toString));
            }
            assertTrue(issuer.requests().stream().anyMatch(t -> A.equals(t.user())) && issuer.requests().stream().anyMatch(t -> B.equals(t.user())),
                    () -> issuer.requests().toString());
            assertFalse((r.out() + r.err()).contains(PASSWORD_A) || (r.out() + r.err()).contains(PASSWORD_B), "no password printed");

            // a repository-level rule lists the tags of b/app with B's credentials (A may not list them)
            Path back = tmp.resolve("back-rule.yaml");
            Files.writeString(back, dst.host() + "/b/app: " + src.host() + "/back/app\n" + dst.host() + "/a/app: " + src.host() + "/back/a-app\n");
            FerryCli.Result plan = new FerryCli().run("plan", "--secrets", d.resolve("registry-secret.yaml").toString(), "--rules", back.toString(), "-o", "json");
            assertEquals(0, plan.exit(), plan::toString);
            Set<String> targets = new java.util.HashSet<>();
            plan.json().get("images").forEach(i -> targets.add(i.get("target").asText()));
            assertEquals(Set.of(src.host() + "/back/app:1", src.host() + "/back/a-app:1"), targets, plan::toString);
        }
    }

    @Test
    void swappedTheNamespacesSecretStillWinsAndTheWrongUserIsRefusedClearly(@TempDir Path tmp) throws IOException {
        try (TokenIssuer issuer = issuer(); RegistryServer dst = RegistryServer.builder().token(issuer).start()) {
            // the registry's secret (A) would do for a/app, but a/'s own (B) is the one used: a/app fails, and b/app (A) too
            Path d = files(tmp, dst, dst.host() + ":\n  username: " + A + "\n  password: " + PASSWORD_A + "\n"
                    + dst.host() + "/a:\n  username: " + B + "\n  password: " + PASSWORD_B + "\n");
            FerryCli.Result r = new FerryCli().run("sync", "--secrets", d.resolve("registry-secret.yaml").toString(),
                    "--rules", d.resolve("transfer-rule.yaml").toString(), "-o", "json", "--retries", "0", "--log", tmp.resolve("l").toString());
            assertEquals(1, r.exit(), r::toString);
            Map<String, JsonNode> images = byTarget(r);
            for (String repo : new String[]{"a/app", "b/app"}) {
                JsonNode i = images.get(dst.host() + "/" + repo + ":1");
                assertEquals("failed", i.get("status").asText(), r::toString);
                assertTrue(i.get("error").asText().contains("accepted the credentials but gave a token without this access"), i::toString);
            }
            assertFalse((r.out() + r.err()).contains(PASSWORD_A) || (r.out() + r.err()).contains(PASSWORD_B), "no password printed");

            // the inverse file (B for the registry, A for a/) serves both
            Files.writeString(d.resolve("registry-secret.yaml"), dst.host() + ":\n  username: " + B + "\n  password: " + PASSWORD_B + "\n"
                    + dst.host() + "/a:\n  username: " + A + "\n  password: " + PASSWORD_A + "\n");
            FerryCli.Result ok = new FerryCli().run("sync", "--secrets", d.resolve("registry-secret.yaml").toString(),
                    "--rules", d.resolve("transfer-rule.yaml").toString(), "-o", "json", "--log", tmp.resolve("l2").toString());
            assertEquals(0, ok.exit(), ok::toString);
            assertEquals(app.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/a/app:1", Options.plain().creds(A, PASSWORD_A))));
            assertEquals(app.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/b/app:1", Options.plain().creds(B, PASSWORD_B))));
        }
    }
}
