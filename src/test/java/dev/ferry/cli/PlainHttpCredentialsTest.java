package dev.ferry.cli;

import dev.ferry.testing.FaultProxy;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain-HTTP rule end to end, without one packet leaving this machine: ferry is told that
 * the registry is {@code far.example:5000} (not loopback by name) and reaches it through
 * HTTP_PROXY, a loopback {@link FaultProxy} in front of a real registry on 127.0.0.1. OkHttp
 * sends a proxied plain-HTTP request to the proxy as it is and never resolves the name; the
 * proxy shows what went over the "network".
 */
@Timeout(120)
class PlainHttpCredentialsTest {
    static final String FAR = "far.example:5000";
    static final String USER = "ferry";
    static final String PASSWORD = "Clear-9Txt";
    static Path work;
    static Image image;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        work = Files.createTempDirectory("ferry-plain-http-");
        image = TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 20_000, false);
    }

    @AfterAll
    static void tearDown() {
        TempDirs.deleteRecursively(work);
    }

    private static String source() {
        return "oci:" + work.resolve("images") + ":one";
    }

    private static Path cfg(String name, String yaml) throws IOException {
        Path f = work.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    private static FerryCli via(FaultProxy proxy) {
        return new FerryCli().env("HTTP_PROXY", "http://" + proxy.host());
    }

    private static boolean sawAuthorization(RegistryServer reg) {
        // docker-registry logs the user of each request it authenticated
        return reg.logText().contains("auth.user.name=" + USER) || reg.logText().contains("auth.user.name=\"" + USER);
    }

    @Test
    void credentialsAreNotSentInClearToARemoteRegistryMarkedInsecure() throws IOException {
        try (RegistryServer reg = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             FaultProxy proxy = FaultProxy.start(reg.url())) {
            Path config = cfg("insecure.yaml", "target:\n- registry: \"http://" + FAR + "\"\n  insecure: true\n  name: far\n");
            FerryCli.Result r = via(proxy).run("copy", "--config", config.toString(), "--dest-creds", USER + ":" + PASSWORD,
                    source(), FAR + "/app/one:1");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("ferry did not send the credentials: the registry " + FAR + " speaks plain HTTP and is not on this machine"), r::toString);
            assertTrue(r.err().contains("cleartext_credentials: true"), r::toString);
            assertFalse(r.err().contains("plain HTTP to " + FAR + " (its address says http://)"), "insecure: true means it: no warning");
            assertTrue(proxy.countRequests("*", ".*") >= 1, "ferry did reach the registry through the proxy: " + proxy.requests());
            assertFalse(sawAuthorization(reg), "the registry never saw the credentials");
            assertFalse(r.err().contains(PASSWORD));
        }
    }

    @Test
    void credentialsFromDockerConfigAreHeldBackToo() throws IOException {
        try (RegistryServer reg = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             FaultProxy proxy = FaultProxy.start(reg.url())) {
            Path docker = Files.createDirectories(work.resolve("docker-config"));
            String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"" + FAR + "\":{\"auth\":\"" + auth + "\"}}}");
            FerryCli.Result r = via(proxy).env("DOCKER_CONFIG", docker.toString())
                    .run("copy", "-o", "json", "--insecure", FAR, "--config", cfg("plain.yaml", "target:\n- registry: \"http://" + FAR + "\"\n  insecure: true\n").toString(),
                            source(), FAR + "/app/one:1");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.json().get("error").asText().contains("ferry did not send the credentials"), r::toString);
            assertEquals("bad_input", r.json().get("errorKind").asText(), r::toString);
            assertFalse(sawAuthorization(reg));
        }
    }

    @Test
    void anExplicitOptInLetsThemGoAndTheCopyIsComplete() throws IOException {
        try (RegistryServer reg = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             FaultProxy proxy = FaultProxy.start(reg.url())) {
            Path config = cfg("optin.yaml", "target:\n- registry: \"http://" + FAR + "\"\n  insecure: true\n  cleartext_credentials: true\n"
                    + "  user: " + USER + "\n  password: " + PASSWORD + "\n");
            FerryCli.Result r = via(proxy).run("copy", "--config", config.toString(), source(), FAR + "/app/one:1");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/app/one:1", Options.plain().creds(USER, PASSWORD))));
            assertTrue(sawAuthorization(reg), "the check the other tests rely on sees an authenticated request: " + reg.logText());
            assertTrue(proxy.countRequests("PUT", ".*/manifests/1") >= 1, "the manifest went through the proxy: " + proxy.requests());

            FerryCli.Result flag = via(proxy).run("copy", "--insecure", FAR, "--cleartext-credentials", FAR,
                    "--config", cfg("flag.yaml", "target:\n- registry: \"http://" + FAR + "\"\n  insecure: true\n").toString(),
                    "--dest-creds", USER + ":" + PASSWORD, source(), FAR + "/app/two:1");
            assertEquals(0, flag.exit(), flag::toString);

            FerryCli.Result alone = via(proxy).run("copy", "--cleartext-credentials", FAR, "--dest-creds", USER + ":" + PASSWORD,
                    source(), FAR + "/app/three:1");
            assertEquals(2, alone.exit(), alone::toString);
            assertTrue(alone.err().contains("--cleartext-credentials " + FAR + " needs --insecure " + FAR), alone::toString);
        }
    }

    @Test
    void anHttpAddressWithAUserAndNoOptInIsRefusedBeforeAnythingIsSent() throws IOException {
        try (RegistryServer reg = RegistryServer.builder().start(); FaultProxy proxy = FaultProxy.start(reg.url())) {
            Path config = cfg("refused.yaml", "source:\n- registry: \"http://" + FAR + "\"\n  user: " + USER + "\n  password: " + PASSWORD + "\n");
            FerryCli.Result r = via(proxy).run("copy", "--config", config.toString(), source(), FAR + "/app/one:1");
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(config + ":2:13: registry \"http://" + FAR + "\" is plain HTTP to a host not on this machine"), r::toString);
            assertTrue(r.err().contains("insecure: true and cleartext_credentials: true"), r::toString);
            assertEquals(0, proxy.countRequests("*", ".*"), "nothing was sent");
            assertFalse(r.err().contains(PASSWORD));
        }
    }

    @Test
    void imageTransmitsHttpAddressStillWorksAnonymouslyWithOneWarningNamingTheHost() throws IOException {
        try (RegistryServer reg = RegistryServer.builder().start(); FaultProxy proxy = FaultProxy.start(reg.url())) {
            Path config = cfg("transmit.yaml", "target:\n- registry: \"http://" + FAR + "\"\n  name: far\n");
            FerryCli.Result r = via(proxy).run("copy", "--config", config.toString(), source(), FAR + "/app/one:1");
            assertEquals(0, r.exit(), r::toString);
            String warning = "warning: plain HTTP to " + FAR + " (its address says http://)";
            assertEquals(1, r.err().split(java.util.regex.Pattern.quote(warning), -1).length - 1, r::toString);
            assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(reg.host() + "/app/one:1", Options.plain())));

            // a Chinese run reads the registry's warning in Chinese, once
            Path zh = cfg("transmit-zh.yaml", "lang: zh_CN\ntarget:\n- registry: \"http://" + FAR + "\"\n  name: far\n");
            FerryCli.Result c = via(proxy).run("copy", "--config", zh.toString(), source(), FAR + "/app/zh:1");
            assertEquals(0, c.exit(), c::toString);
            String chinese = "警告：以明文 HTTP 连接 " + FAR + "（其地址写的是 http://）";
            assertEquals(1, c.err().split(java.util.regex.Pattern.quote(chinese), -1).length - 1, c::toString);
            assertFalse(c.err().contains("plain HTTP to"), c::toString);
        }
    }
}
