package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.TokenIssuer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refused authorization says which step failed, against real registries with token auth: the
 * token service refusing the password, the registry refusing a token its token service issued
 * (the registry's fault, not the password's), and a token without the access asked for.
 */
@Timeout(120)
class AuthStepsTest {
    static final String USER = "ferry";
    static final String PASSWORD = "Tk-9s3cret";
    static Path work;
    static Image image;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        work = Files.createTempDirectory("ferry-auth-steps-");
        image = TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 20_000, false);
    }

    @AfterAll
    static void tearDown() {
        TempDirs.deleteRecursively(work);
    }

    private static String source() {
        return "oci:" + work.resolve("images") + ":one";
    }

    private static String tokenService(TokenIssuer issuer) {
        return "127.0.0.1:" + URI.create(issuer.realm()).getPort();
    }

    @Test
    void aTokenTheRegistryRefusesIsTheRegistrysFaultNotTheCredentials() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD)).issueTokensTheRegistryRejects(true);
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            FerryCli.Result r = new FerryCli().run("copy", "-o", "json", "--retries", "0", "--dest-creds", USER + ":" + PASSWORD,
                    source(), reg.host() + "/team/app:1");
            assertEquals(1, r.exit(), r::toString);
            String error = r.json().get("error").asText();
            assertTrue(error.contains("the token service at " + tokenService(issuer) + " issued a token, so the credentials were accepted,"
                    + " then the registry refused that token"), r::toString);
            assertTrue(error.contains("auth.token settings"), r::toString);
            assertFalse(error.contains("check them"), "nothing says the password is wrong: " + error);
            assertEquals("registry", r.json().get("errorKind").asText(), r::toString);
            assertTrue(issuer.requests().stream().allMatch(t -> t.status() == 200), () -> "every token was issued: " + issuer.requests());
            assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD));
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheTokenServiceAndSaysSo() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD));
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            FerryCli.Result r = new FerryCli().run("copy", "-o", "json", "--dest-creds", USER + ":not-" + PASSWORD,
                    source(), reg.host() + "/team/app:1");
            assertEquals(1, r.exit(), r::toString);
            String error = r.json().get("error").asText();
            assertTrue(error.contains("the token service at " + tokenService(issuer) + " rejected the user name and password given for "
                    + reg.host() + "; check them"), r::toString);
            assertEquals("unauthorized", r.json().get("errorKind").asText(), r::toString);
            assertFalse(r.out().contains("not-" + PASSWORD) || r.err().contains("not-" + PASSWORD));
        }
    }

    @Test
    void aTokenWithoutPushRightsSaysTheAccountMayNotDoIt() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD)).restrictUser(USER, "pull");
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            FerryCli.Result r = new FerryCli().run("copy", "-o", "json", "--dest-creds", USER + ":" + PASSWORD,
                    source(), reg.host() + "/team/app:1");
            assertEquals(1, r.exit(), r::toString);
            String error = r.json().get("error").asText();
            assertTrue(error.contains("accepted the credentials but gave a token without this access")
                    && error.contains("the account may not do this"), r::toString);
        }
    }

    @Test
    void noCredentialsForATokenRegistryAsksForThem() {
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, PASSWORD));
             RegistryServer reg = RegistryServer.builder().token(issuer).start()) {
            FerryCli.Result r = new FerryCli().run("copy", "-o", "json", source(), reg.host() + "/team/app:1");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.json().get("error").asText().contains("requires authentication; give credentials"), r::toString);
            assertEquals("unauthorized", r.json().get("errorKind").asText(), r::toString);
        }
    }
}
