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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry login} and {@code ferry logout} against a registry with htpasswd auth: a wrong password is refused by the
 * registry and nothing is written (exit 2); a right one is written into docker's config.json (or {@code --authfile}),
 * where later commands find it; logout removes it, and the next refusal's hint names the command's own flag.
 */
@Timeout(90)
class LoginCommandTest {
    static Path work;
    static RegistryServer locked;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-login-test-");
        TestImages.single(work.resolve("images"), "one", "linux", "amd64", 1, 1000, false);
        locked = RegistryServer.builder().htpasswd("deliver", "S3cret-pw").start();
        Skopeo.pushOciDir(work.resolve("images"), "one", locked.host() + "/team/app:7", Options.plain().creds("deliver", "S3cret-pw"), false);
    }

    @AfterAll
    static void tearDown() {
        if (locked != null) locked.close();
        TempDirs.deleteRecursively(work);
    }

    record Run(int exit, String out, String err) {}

    static Run ferry(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), env,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return new Run(code, out.toString(), err.toString());
    }

    static Map<String, String> env(Path dockerConfig) {
        Map<String, String> env = new HashMap<>();
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        env.put("CI", "true");
        return env;
    }

    @Test
    void aWrongPasswordWritesNothingARightOneIsFoundLaterAndLogoutRemovesIt() throws IOException {
        Path docker = Files.createDirectories(work.resolve("docker-a"));
        Map<String, String> env = env(docker);
        Run wrong = ferry(env, "not-it\n", "login", locked.host(), "-u", "deliver", "--password-stdin");
        assertEquals(2, wrong.exit(), wrong::toString);
        assertTrue(wrong.err().contains("refused the user name and password of deliver: nothing was written"), wrong::toString);
        assertFalse(Files.exists(docker.resolve("config.json")), "nothing written");
        assertFalse((wrong.out() + wrong.err()).contains("not-it"), "the password is never shown");

        Run right = ferry(env, "S3cret-pw\n", "login", locked.host(), "-u", "deliver", "--password-stdin");
        assertEquals(0, right.exit(), right::toString);
        assertTrue(right.out().contains("Logged in to " + locked.host() + " as deliver; the credentials are kept in " + docker.resolve("config.json")), right::toString);
        String json = Files.readString(docker.resolve("config.json"));
        assertTrue(json.contains(Base64.getEncoder().encodeToString("deliver:S3cret-pw".getBytes(StandardCharsets.UTF_8))), json);
        // what docker login would have written: skopeo reads it too
        var skopeo = Skopeo.run(java.util.List.of("skopeo", "list-tags", "--tls-verify=false", "--authfile", docker.resolve("config.json").toString(),
                "docker://" + locked.host() + "/team/app"));
        assertEquals(0, skopeo.exitCode(), skopeo::toString);
        Run tags = ferry(env, "", "tags", locked.host() + "/team/app");
        assertEquals(0, tags.exit(), tags::toString);
        assertEquals("7\n", tags.out());

        Run logout = ferry(env, "", "logout", locked.host());
        assertEquals(0, logout.exit(), logout::toString);
        assertTrue(logout.out().contains("Removed the credentials kept for " + locked.host()), logout::toString);
        assertFalse(Files.readString(docker.resolve("config.json")).contains("deliver"), "the entry is gone");
        Run refused = ferry(env, "", "inspect", locked.host() + "/team/app:7");
        assertEquals(1, refused.exit(), refused::toString);
        // inspect's flag is --creds: its hint says so, and names no flag of another command
        assertTrue(refused.err().contains("hint: give credentials with --creds USER"), refused::toString);
        assertFalse(refused.err().contains("--src-creds"), refused::toString);
        Run again = ferry(env, "", "logout", locked.host());
        assertTrue(again.out().contains("No credentials were kept for " + locked.host()), again::toString);
    }

    @Test
    void authfileAndRegistryAuthFileAreHonoured() throws IOException {
        Path docker = Files.createDirectories(work.resolve("docker-b"));
        Path auth = work.resolve("auth/auth.json");
        Map<String, String> env = env(docker);
        Run login = ferry(env, "S3cret-pw", "login", locked.host(), "-u", "deliver", "--password-stdin", "--authfile", auth.toString());
        assertEquals(0, login.exit(), login::toString);
        assertTrue(Files.readString(auth).contains("auths"), "written to --authfile");
        assertFalse(Files.exists(docker.resolve("config.json")), "not to docker's file");
        assertEquals(0, ferry(env, "", "tags", locked.host() + "/team/app", "--authfile", auth.toString()).exit(), "--authfile read by tags");
        assertEquals(1, ferry(env, "", "tags", locked.host() + "/team/app").exit(), "docker's file has nothing");
        env.put("REGISTRY_AUTH_FILE", auth.toString());
        Run viaEnv = ferry(env, "", "tags", locked.host() + "/team/app");
        assertEquals(0, viaEnv.exit(), viaEnv::toString);
        Run noUser = ferry(env, "", "login", locked.host(), "--password-stdin");
        assertEquals(2, noUser.exit(), noUser::toString);
        assertTrue(noUser.err().contains("give the user name with -u USER"), noUser::toString);
    }
}
