package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class DockerCredentialStoreTest {
    static final String HUB = "https://index.docker.io/v1/";

    @TempDir Path tmp;

    Path config(String json) throws IOException {
        Path f = tmp.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Credentials basic(Optional<Credentials> c) {
        assertTrue(c.isPresent(), "credentials expected");
        assertFalse(c.get().isIdentityToken());
        return c.get();
    }

    // ---------------------------------------------------------------- auths

    @Test
    void authsWithBase64Auth() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"registry.example:5000": {"auth": "%s"}}}""".formatted(b64("ci-bot:pa:ss:word"))));
        Credentials c = basic(s.lookup("registry.example:5000"));
        assertEquals("ci-bot", c.username());
        assertEquals("pa:ss:word", c.password(), "the password may contain colons");
        assertEquals(Optional.empty(), s.lookup("other.example"));
    }

    @Test
    void authsWithUsernameAndPassword() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"registry.example": {"username": "alice", "password": "wonderland"}}}"""));
        Credentials c = basic(s.lookup("registry.example"));
        assertEquals("alice", c.username());
        assertEquals("wonderland", c.password());
    }

    @Test
    void authsWithIdentityToken() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"registry.example": {"auth": "%s", "identitytoken": "refresh-me"}}}""".formatted(b64("u:p"))));
        Credentials c = s.lookup("registry.example").orElseThrow();
        assertTrue(c.isIdentityToken(), "the identity token wins over auth, as in docker");
        assertEquals("refresh-me", c.identityToken());
        assertNull(c.password());
    }

    @Test
    void emptyEntryIsNoCredentials() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"registry.example": {}, "other.example": {"auth": ""}}}"""));
        assertEquals(Optional.empty(), s.lookup("registry.example"));
        assertEquals(Optional.empty(), s.lookup("other.example"));
    }

    @Test
    void dockerHubIsStoredUnderTheV1Url() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"%s": {"auth": "%s"}}}""".formatted(HUB, b64("hubuser:hubpass"))));
        Credentials c = basic(s.lookup("docker.io"));
        assertEquals("hubuser", c.username());
        assertEquals("hubpass", c.password());
        assertEquals("hubuser", basic(s.lookup("index.docker.io")).username());
        assertEquals("hubuser", basic(s.lookup("registry-1.docker.io")).username());
    }

    @Test
    void dockerHubV1UrlWinsOverOtherSpellings() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"docker.io": {"auth": "%s"}, "%s": {"auth": "%s"}}}""".formatted(
                b64("old:x"), HUB, b64("current:y"))));
        assertEquals("current", basic(s.lookup("docker.io")).username());
    }

    @Test
    void urlShapedKeys() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {
                  "http://10.45.80.1:5000": {"auth": "%s"},
                  "https://harbor.example": {"auth": "%s"},
                  "https://quay.example/v2/": {"auth": "%s"},
                  "https://old.example/v1/": {"auth": "%s"}
                }}""".formatted(b64("plain:1"), b64("harbor:2"), b64("quay:3"), b64("old:4"))));
        assertEquals("plain", basic(s.lookup("10.45.80.1:5000")).username());
        assertEquals("harbor", basic(s.lookup("harbor.example")).username());
        assertEquals("quay", basic(s.lookup("quay.example")).username());
        assertEquals("old", basic(s.lookup("old.example")).username());
        assertEquals(Optional.empty(), s.lookup("10.45.80.1"), "the port is part of the name");
    }

    @Test
    void bareKeyWinsOverUrlKey() throws IOException {
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"https://r.example": {"auth": "%s"}, "r.example": {"auth": "%s"}}}""".formatted(
                b64("url:1"), b64("bare:2"))));
        assertEquals("bare", basic(s.lookup("r.example")).username());
    }

    @Test
    void invalidBase64IsAClearErrorNamingTheFile() throws IOException {
        Path f = config("""
                {"auths": {"registry.example": {"auth": "not base64 !!"}}}""");
        IOException e = assertThrows(IOException.class, () -> new DockerCredentialStore(f).lookup("registry.example"));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("registry.example"), e.getMessage());
        assertTrue(e.getMessage().contains("not base64"), e.getMessage());
    }

    @Test
    void authWithoutColonIsAClearError() throws IOException {
        Path f = config("""
                {"auths": {"registry.example": {"auth": "%s"}}}""".formatted(b64("justauser")));
        IOException e = assertThrows(IOException.class, () -> new DockerCredentialStore(f).lookup("registry.example"));
        assertTrue(e.getMessage().contains("user:password"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("justauser"), "the decoded secret is not echoed: " + e.getMessage());
    }

    @Test
    void invalidJsonNamesTheFile() throws IOException {
        Path f = config("{\"auths\": {");
        IOException e = assertThrows(IOException.class, () -> new DockerCredentialStore(f).lookup("registry.example"));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void missingOrEmptyFileHasNoCredentials() throws IOException {
        assertEquals(Optional.empty(), new DockerCredentialStore(tmp.resolve("nope.json")).lookup("registry.example"));
        assertEquals(Optional.empty(), new DockerCredentialStore(config("")).lookup("registry.example"));
        assertEquals(Optional.empty(), new DockerCredentialStore(config("{}")).lookup("registry.example"));
    }

    // ---------------------------------------------------------------- environment

    @Test
    void fromEnvironmentHonoursDockerConfig() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(dir.resolve("config.json"), """
                {"auths": {"registry.example": {"auth": "%s"}}}""".formatted(b64("env:pw")));
        DockerCredentialStore s = DockerCredentialStore.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString()));
        assertEquals(dir.resolve("config.json"), s.configFile());
        assertEquals("env", basic(s.lookup("registry.example")).username());
    }

    @Test
    void fromEnvironmentDefaultsToTheHomeDirectory() {
        Path expected = Path.of(System.getProperty("user.home"), ".docker", "config.json");
        assertEquals(expected, DockerCredentialStore.fromEnvironment(Map.of()).configFile());
        assertEquals(expected, DockerCredentialStore.fromEnvironment(Map.of("DOCKER_CONFIG", "  ")).configFile());
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A real credential helper speaking docker's protocol: {@code get} with the server URL on stdin,
     * JSON on stdout, "credentials not found" and exit 1 when it has nothing. It records what it was asked.
     */
    Path helpers() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bin"));
        Path log = tmp.resolve("asked.log");
        writeScript(dir.resolve("docker-credential-testhelper"), """
                #!/bin/sh
                [ "$1" = get ] || { echo "unexpected command $1" >&2; exit 2; }
                url=$(cat)
                printf '%%s\\n' "$url" >> '%s'
                case "$url" in
                  'https://index.docker.io/v1/') echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hub-secret"}' ;;
                  registry.example) echo '{"ServerURL":"registry.example","Username":"helper-user","Secret":"helper-secret"}' ;;
                  token.example) echo '{"ServerURL":"token.example","Username":"<token>","Secret":"refresh-token"}' ;;
                  empty.example) echo '{"ServerURL":"empty.example","Username":"u","Secret":""}' ;;
                  *) echo 'credentials not found in native keychain'; exit 1 ;;
                esac
                """.formatted(log));
        writeScript(dir.resolve("docker-credential-broken"), """
                #!/bin/sh
                cat > /dev/null
                echo 'the keychain is locked'
                exit 3
                """);
        return dir;
    }

    static void writeScript(Path p, String text) throws IOException {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    List<String> asked() throws IOException {
        Path log = tmp.resolve("asked.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credHelpersPerRegistry() throws IOException {
        Path bin = helpers();
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"registry.example": {"auth": "%s"}, "plain.example": {"auth": "%s"}},
                 "credHelpers": {"registry.example": "testhelper", "token.example": "testhelper"}}""".formatted(
                b64("file-user:file-pw"), b64("plain:pw"))), bin);

        Credentials c = basic(s.lookup("registry.example"));
        assertEquals("helper-user", c.username(), "the helper wins over auths for its registry");
        assertEquals("helper-secret", c.password());

        Credentials t = s.lookup("token.example").orElseThrow();
        assertTrue(t.isIdentityToken(), "<token> as user name means an identity token");
        assertEquals("refresh-token", t.identityToken());

        assertEquals("plain", basic(s.lookup("plain.example")).username(), "other registries still use auths");
        assertEquals(List.of("registry.example", "token.example"), asked());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void credsStoreForEveryRegistry() throws IOException {
        Path bin = helpers();
        // as docker leaves config.json after a login with a credsStore: empty auths entries
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"%s": {}, "registry.example": {}}, "credsStore": "testhelper"}""".formatted(HUB)), bin);
        Credentials hub = basic(s.lookup("docker.io"));
        assertEquals("hubuser", hub.username());
        assertEquals("hub-secret", hub.password());
        assertEquals("helper-user", basic(s.lookup("registry.example")).username());
        assertEquals(List.of(HUB, "registry.example"), asked(), "docker.io is asked for under its v1 URL");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void authsEntryWithCredentialsWinsOverCredsStore() throws IOException {
        Path bin = helpers();
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"auths": {"registry.example": {"auth": "%s"}}, "credsStore": "testhelper"}""".formatted(
                b64("file-user:pw"))), bin);
        assertEquals("file-user", basic(s.lookup("registry.example")).username());
        assertEquals(List.of(), asked());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void helperWithoutCredentialsGivesNone() throws IOException {
        Path bin = helpers();
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"credsStore": "testhelper"}"""), bin);
        assertEquals(Optional.empty(), s.lookup("unknown.example"));
        assertEquals(Optional.empty(), s.lookup("empty.example"), "an empty secret is no credentials");
        assertEquals(List.of("unknown.example", "empty.example"), asked());
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void failingHelperIsAnError() throws IOException {
        Path bin = helpers();
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"credHelpers": {"registry.example": "broken"}}"""), bin);
        IOException e = assertThrows(IOException.class, () -> s.lookup("registry.example"));
        assertTrue(e.getMessage().contains("docker-credential-broken"), e.getMessage());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
    }

    /** Two helpers that never answer: one that never reads its input, and a script whose child keeps its output open. */
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void aHelperThatNeverAnswersIsStoppedAndNamed() throws IOException {
        Path bin = helpers();
        writeScript(bin.resolve("docker-credential-silent"), """
                #!/bin/sh
                exec sleep 600
                """);
        writeScript(bin.resolve("docker-credential-forks"), """
                #!/bin/sh
                cat > /dev/null
                sleep 600
                echo '{"Username":"late","Secret":"late"}'
                """);
        for (String helper : List.of("silent", "forks")) {
            DockerCredentialStore s = new DockerCredentialStore(config("""
                    {"credHelpers": {"registry.example": "%s"}}""".formatted(helper)), bin, java.time.Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> s.lookup("registry.example"));
            double secs = (System.nanoTime() - t0) / 1e9;
            assertTrue(secs < 5, helper + ": stopped after its timeout, not when it ends (" + secs + " s)");
            assertTrue(e.getMessage().contains("docker-credential-" + helper), e.getMessage());
            assertTrue(e.getMessage().contains("did not answer within 1 s"), e.getMessage());
            assertTrue(e.getMessage().contains(tmp.resolve("config.json").toString()), "names the file that names the helper: " + e.getMessage());
        }
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end && ProcessHandle.current().descendants().anyMatch(h -> h.info().commandLine().orElse("").contains("sleep 600"))) {
            Thread.onSpinWait();
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(h -> h.info().commandLine().orElse("").contains("sleep 600")),
                "no helper (or child of one) is left running");
    }

    @Test
    void helperThatIsNotOnThePathIsNamed() throws IOException {
        // the production lookup: PATH
        Path f = config("""
                {"credsStore": "ferry-test-no-such-helper"}""");
        IOException e = assertThrows(IOException.class, () -> new DockerCredentialStore(f).lookup("registry.example"));
        assertTrue(e.getMessage().contains("docker-credential-ferry-test-no-such-helper"), e.getMessage());
        assertTrue(e.getMessage().contains("is not on the PATH"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void helperMissingFromTheHelperDirectoryIsNamed() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("empty-bin"));
        DockerCredentialStore s = new DockerCredentialStore(config("""
                {"credHelpers": {"registry.example": "gone"}}"""), bin);
        IOException e = assertThrows(IOException.class, () -> s.lookup("registry.example"));
        assertTrue(e.getMessage().contains("docker-credential-gone"), e.getMessage());
    }

    @Test
    void keysForDockerHubAndOtherRegistries() {
        assertEquals(HUB, DockerCredentialStore.keysFor("docker.io").get(0));
        assertEquals(DockerCredentialStore.keysFor("docker.io"), DockerCredentialStore.keysFor("index.docker.io"));
        List<String> keys = DockerCredentialStore.keysFor("10.45.80.1:5000");
        assertEquals("10.45.80.1:5000", keys.get(0));
        assertTrue(keys.contains("http://10.45.80.1:5000"));
        assertTrue(keys.contains("https://10.45.80.1:5000"));
    }

    /** A real helper that keeps what it is given in a folder, one file per server: store, get, erase. */
    Path keepingHelper() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("keeper-bin"));
        Path kept = Files.createDirectories(tmp.resolve("kept"));
        writeScript(dir.resolve("docker-credential-keeper"), """
                #!/bin/sh
                in=$(cat)
                case "$1" in
                  store) url=$(printf '%%s' "$in" | sed 's/.*"ServerURL":"\\([^"]*\\)".*/\\1/'); printf '%%s' "$in" > '%s'/"$(echo "$url" | tr / _)" ;;
                  get) f='%s'/"$(echo "$in" | tr / _)"; [ -f "$f" ] && cat "$f" || { echo 'credentials not found'; exit 1; } ;;
                  erase) f='%s'/"$(echo "$in" | tr / _)"; [ -f "$f" ] && rm "$f" || { echo 'credentials not found'; exit 1; } ;;
                  *) exit 2 ;;
                esac
                """.formatted(kept, kept, kept));
        return dir;
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void loginAndLogoutGoThroughTheCredentialHelperTheFileNames() throws IOException {
        Path bin = keepingHelper();
        Path file = Files.writeString(tmp.resolve("config.json"), "{\"credsStore\": \"keeper\"}");
        DockerCredentialStore s = new DockerCredentialStore(file, bin);
        assertEquals("docker-credential-keeper", s.login("registry.example:5000", "deliver", "pw-1"));
        assertEquals("{\"credsStore\": \"keeper\"}", Files.readString(file), "no password in the file");
        Credentials c = s.lookup("registry.example:5000").orElseThrow();
        assertEquals("deliver", c.username());
        assertEquals("pw-1", c.password());
        assertTrue(s.logout("registry.example:5000"));
        assertTrue(s.lookup("registry.example:5000").isEmpty(), "erased from the helper");
        assertFalse(s.logout("registry.example:5000"), "nothing left to erase");
    }

    @Test
    void logoutRemovesTheFilesEntryAndKeepsTheOthers() throws IOException {
        Path file = tmp.resolve("config.json");
        DockerCredentialStore s = new DockerCredentialStore(file);
        s.login("a.example", "u", "p");
        s.login("b.example", "v", "q");
        assertTrue(s.logout("a.example"));
        assertTrue(s.lookup("a.example").isEmpty());
        assertEquals("v", s.lookup("b.example").orElseThrow().username());
        assertFalse(s.logout("a.example"));
    }

    @Test
    void registryAuthFileAndPodmansAuthJsonAreFound() throws IOException {
        Path auth = tmp.resolve("auth.json");
        assertEquals(auth, DockerCredentialStore.fromEnvironment(Map.of("REGISTRY_AUTH_FILE", auth.toString(), "DOCKER_CONFIG", tmp.toString())).configFile());
        Path run = Files.createDirectories(tmp.resolve("run/containers"));
        Path podman = Files.writeString(run.resolve("auth.json"), "{}");
        String home = System.getProperty("user.home");
        if (!Files.exists(Path.of(home, ".docker", "config.json"))) {
            assertEquals(podman, DockerCredentialStore.fromEnvironment(Map.of("XDG_RUNTIME_DIR", tmp.resolve("run").toString())).configFile());
        }
        assertEquals(tmp.resolve("config.json"), DockerCredentialStore.fromEnvironment(Map.of("DOCKER_CONFIG", tmp.toString(),
                "XDG_RUNTIME_DIR", tmp.resolve("run").toString())).configFile(), "DOCKER_CONFIG first");
    }
}
