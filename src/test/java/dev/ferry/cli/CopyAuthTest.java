package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestCa;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copies against registries with htpasswd basic auth, token auth and TLS with a private CA. */
@Timeout(180)
class CopyAuthTest {
    static final String USER = "ferry";
    static final String PASSWORD = "s3cret-Pa55";
    static Path work;
    static Path layout;
    static Image multi;
    static Image single;
    static RegistryServer plain;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-auth-test-");
        layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 120_000, false);
        single = TestImages.single(layout, "single", "linux", "amd64", 2, 120_000, true);
        plain = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, multi.tag(), plain.host() + "/src/multi:1", Options.plain(), true);
        Skopeo.pushOciDir(layout, single.tag(), plain.host() + "/src/single:1", Options.plain(), true);
    }

    @AfterAll
    static void tearDown() {
        if (plain != null) plain.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void basicAuthWithTheRightPasswordCopiesAndAWrongOneIsRefusedWithoutShowingIt() {
        try (RegistryServer reg = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            FerryCli ferry = new FerryCli();
            String to = reg.host() + "/dst/multi:1";
            FerryCli.Result ok = ferry.run("copy", "--dest-creds", USER + ":" + PASSWORD, plain.host() + "/src/multi:1", to);
            assertEquals(0, ok.exit(), ok::toString);
            assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(to, Options.plain().creds(USER, PASSWORD))));

            // password from the environment, as scripts should pass it
            FerryCli.Result env = new FerryCli().env("FERRY_SRC_PASSWORD", PASSWORD)
                    .run("copy", "--src-creds", USER, to, plain.host() + "/back/multi:1");
            assertEquals(0, env.exit(), env::toString);

            FerryCli.Result wrong = ferry.run("copy", "--dest-creds", USER + ":wrong-Secret-9", plain.host() + "/src/multi:1", reg.host() + "/dst/other:1");
            assertEquals(1, wrong.exit(), wrong::toString);
            assertTrue(wrong.err().contains("the registry rejected the user name and password given for " + reg.host()), wrong::toString);
            assertFalse((wrong.out() + wrong.err()).contains("wrong-Secret-9"), "the password is never printed");

            FerryCli.Result none = ferry.run("copy", plain.host() + "/src/multi:1", reg.host() + "/dst/other:1");
            assertEquals(1, none.exit(), none::toString);
            assertTrue(none.err().contains("requires authentication"), none::toString);

            FerryCli.Result noPassword = ferry.run("copy", "--dest-creds", USER, plain.host() + "/src/multi:1", reg.host() + "/dst/other:1");
            assertEquals(2, noPassword.exit(), noPassword::toString);
            assertTrue(noPassword.err().contains("FERRY_DEST_PASSWORD"), noPassword::toString);
        }
    }

    @Test
    void credentialsComeFromDockerConfigWhenNoFlagGivesThem(@TempDir Path dockerConfig) throws IOException {
        try (RegistryServer reg = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            Files.writeString(dockerConfig.resolve("config.json"), "{\"auths\":{\"" + reg.host() + "\":{\"auth\":\"" + auth + "\"}}}");
            FerryCli.Result r = new FerryCli().env("DOCKER_CONFIG", dockerConfig.toString())
                    .run("copy", plain.host() + "/src/single:1", reg.host() + "/dst/single:1");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(single.digest(), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/dst/single:1", Options.plain().creds(USER, PASSWORD))));
        }
    }

    @Test
    void tokenAuthGetsScopedTokensAndMountsAcrossRepositories() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD));
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            FerryCli ferry = new FerryCli();
            String first = reg.host() + "/team/app:1";
            FerryCli.Result r = ferry.run("copy", "--dest-creds", USER + ":" + PASSWORD, plain.host() + "/src/multi:1", first);
            assertEquals(0, r.exit(), r::toString);
            Options creds = Options.plain().creds(USER, PASSWORD);
            assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(first, creds)));
            assertTrue(issuer.requests().stream().anyMatch(t -> t.user() != null && t.user().equals(USER) && t.status() == 200
                    && t.scopes().stream().anyMatch(s -> s.equals("repository:team/app:pull,push"))), () -> issuer.requests().toString());

            issuer.clearRequests();
            String second = reg.host() + "/other/app:1";
            FerryCli.Result m = ferry.run("copy", "-o", "json", "--src-creds", USER + ":" + PASSWORD, "--dest-creds", USER + ":" + PASSWORD, first, second);
            assertEquals(0, m.exit(), m::toString);
            assertEquals(multi.blobDigests().size(), m.json().get("blobs").get("mounted").asInt(), m::toString);
            assertTrue(issuer.requests().stream().anyMatch(t -> t.scopes().contains("repository:other/app:pull,push")
                    && t.scopes().contains("repository:team/app:pull")), () -> "a token for the mount covers both repositories: " + issuer.requests());
            Skopeo.copyAllToOciDir(second, work.resolve("token-check"), creds);

            FerryCli.Result wrong = ferry.run("copy", "--src-creds", USER + ":nope-Nope-1", first, plain.host() + "/x/y:1");
            assertEquals(1, wrong.exit(), wrong::toString);
            assertTrue(wrong.err().contains("the token service at 127.0.0.1:" + java.net.URI.create(issuer.realm()).getPort()
                    + " rejected the user name and password given for " + reg.host()), wrong::toString);
            assertFalse((wrong.out() + wrong.err()).contains("nope-Nope-1"), "the password is never printed");
        }
    }

    @Test
    void tokenServicesAnsweringWithAccessTokenAndShortLifetimesWork() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD)).tokenField(TokenIssuer.TokenField.ACCESS_TOKEN).expiresIn(2);
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            FerryCli.Result r = new FerryCli().run("copy", "--dest-creds", USER + ":" + PASSWORD, plain.host() + "/src/single:1", reg.host() + "/a/b:1");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(single.digest(), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/a/b:1", Options.plain().creds(USER, PASSWORD))));
        }
    }

    @Test
    void tlsWithAPrivateCaWorksWhenTheCaIsGivenAndIsRefusedOtherwise() {
        try (TestCa ca = new TestCa(); RegistryServer reg = RegistryServer.builder().tls(ca).start()) {
            FerryCli ferry = new FerryCli();
            String to = reg.host() + "/tls/multi:1";
            FerryCli.Result refused = ferry.run("copy", "--retries", "0", plain.host() + "/src/multi:1", to);
            assertEquals(1, refused.exit(), refused::toString);
            assertTrue(refused.err().contains("certificate not trusted") && refused.err().contains("--ca"), refused::toString);

            FerryCli.Result ok = ferry.run("copy", "--ca", reg.host() + "=" + ca.caPem(), plain.host() + "/src/multi:1", to);
            assertEquals(0, ok.exit(), ok::toString);
            assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(to, Options.trusting(ca))));
            Skopeo.copyAllToOciDir(to, work.resolve("tls-check"), Options.trusting(ca));

            FerryCli.Result skip = ferry.run("copy", "--skip-tls-verify", to, plain.host() + "/from-tls/multi:1");
            assertEquals(0, skip.exit(), skip::toString);

            FerryCli.Result inspect = ferry.run("inspect", "--ca", reg.host() + "=" + ca.caPem(), "-o", "json", to);
            assertEquals(0, inspect.exit(), inspect::toString);
            assertEquals(multi.digest(), inspect.json().get("digest").asText());

            // the TLS context is built on first use, but a bad CA file is still reported before anything moves
            Path notPem = work.resolve("not-a-ca.pem");
            Files.writeString(notPem, "not a certificate\n");
            FerryCli.Result badCa = ferry.run("copy", "--ca", reg.host() + "=" + notPem, plain.host() + "/src/multi:1", reg.host() + "/tls/bad-ca:1");
            assertEquals(2, badCa.exit(), "bad input: " + badCa);
            assertTrue(badCa.err().contains("CA file " + notPem + " is not a PEM certificate file"), badCa::toString);
            assertTrue(badCa.err().contains("give a file of PEM CA certificates for " + reg.host()), badCa::toString);
            assertEquals(0, reg.countRequests("*", "/v2/tls/bad-ca/.*"), "nothing was sent to the registry");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
