package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One known secret fed through every way ferry takes credentials — cfg.yaml ({@code password:},
 * {@code ${VAR}}, {@code password_file:}, userinfo in a registry address), flags, the environment,
 * docker's config.json ({@code auth}, {@code identitytoken}), credential helpers (a good answer and
 * a broken one), image references and addresses with userinfo, with FERRY_DEBUG's stack traces —
 * both where it is refused and where it works. Every byte ferry wrote — standard output and
 * error, run logs, JSON reports, pack files — is searched for the secret and its base64 forms
 * (alone, and as {@code user:secret} in a Basic header).
 *
 * <p>Bounded: about 25 short runs against two loopback registries and a token service, two of
 * them in a JVM of their own (a credential helper must be on the PATH); well under a minute.
 */
@Timeout(240)
class SecretsLeakTest {
    static final String SECRET = "Lk9Qx7-Leak-Pw4z";
    static final String USER = "ferry";      // whose password is SECRET
    static final String OTHER = "other";     // whose password is not: SECRET is wrong for it
    static final String OTHERS = "Real-0ther-pw";
    static Path work;
    static Image image;
    static RegistryServer auth;
    static RegistryServer open;
    static int runs;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-secrets-");
        image = TestImages.single(work.resolve("images"), "one", "linux", "amd64", 2, 30_000, false);
        auth = RegistryServer.builder().htpasswd(USER, SECRET).htpasswd(OTHER, OTHERS).start();
        open = RegistryServer.builder().start();
        Skopeo.pushOciDir(work.resolve("images"), image.tag(), auth.host() + "/app/one:1", Options.plain().creds(USER, SECRET), true);
    }

    @AfterAll
    static void tearDown() {
        if (auth != null) auth.close();
        if (open != null) open.close();
        TempDirs.deleteRecursively(work);
    }

    /** The forms of the secret that must never appear. */
    static List<String> forms() {
        Base64.Encoder b64 = Base64.getEncoder();
        List<String> f = new ArrayList<>(List.of(SECRET));
        for (String s : List.of(SECRET, USER + ":" + SECRET, OTHER + ":" + SECRET, SECRET + ":")) {
            f.add(b64.encodeToString(s.getBytes(StandardCharsets.UTF_8)).replace("=", ""));
            f.add(Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        }
        return f;
    }

    static void assertNoSecret(String where, String text) {
        for (String f : forms()) {
            if (text.contains(f)) fail(where + " shows the secret (as \"" + f + "\"):\n" + text);
        }
    }

    /** Searches every file under {@code dir} (logs, reports, packs) byte by byte. */
    static void assertNoSecretIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertNoSecret(p.toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** A directory for one run's files, holding only what ferry writes (cfg.yaml and the list are checked separately). */
    static Path out(String name) throws IOException {
        return Files.createDirectories(work.resolve("out").resolve(name));
    }

    static Path file(String name, String text) throws IOException {
        Path f = work.resolve("in").resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    static FerryCli.Result run(FerryCli ferry, String... args) {
        FerryCli.Result r = ferry.run(args);
        runs++;
        assertNoSecret(r.toString().lines().findFirst().orElse("") + " (its output)", r.out() + "\n" + r.err());
        return r;
    }

    static Path list() throws IOException {
        return file("img.lst", auth.host() + "/app/one:1\n");
    }

    static String cfgSource(String extra) {
        return "source:\n- registry: \"" + auth.host() + "\"\n  name: nj\n" + extra + "target:\n- registry: \"" + open.host() + "\"\n  name: gz\n";
    }

    static FerryCli.Result sync(FerryCli ferry, Path cfg, String name) throws IOException {
        Path o = out(name);
        FerryCli.Result r = run(ferry, "sync", list().toString(), "--config", cfg.toString(), "--from", "nj", "--to", "gz", "-o", "json",
                "--report", o.resolve("report.json").toString(), "--log", o.resolve("ferry-sync.log").toString());
        assertNoSecretIn(o);
        return r;
    }

    static void assertRefused(FerryCli.Result r) {
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("rejected the user name and password") || r.err().contains("rejected the user name and password"), r::toString);
    }

    // ------------------------------------------------------------------ cfg.yaml

    @Test
    void cfgPasswordsOfEveryForm() throws IOException {
        assertRefused(sync(new FerryCli(), file("plain.yaml", cfgSource("  user: " + OTHER + "\n  password: " + SECRET + "\n")), "cfg-plain"));
        assertRefused(sync(new FerryCli().env("LEAK_PW", SECRET), file("env.yaml", cfgSource("  user: " + OTHER + "\n  password: ${LEAK_PW}\n")), "cfg-env"));
        file("pw.txt", SECRET + "\n");
        assertRefused(sync(new FerryCli(), file("file.yaml", cfgSource("  user: " + OTHER + "\n  password_file: pw.txt\n")), "cfg-file"));
        // and where it is right, the run works and still shows it nowhere
        FerryCli.Result ok = sync(new FerryCli(), file("good.yaml", cfgSource("  user: " + USER + "\n  password: " + SECRET + "\n")), "cfg-good");
        assertEquals(0, ok.exit(), ok::toString);
    }

    @Test
    void cfgAddressesWithUserinfoAndBrokenEntries() throws IOException {
        for (String address : List.of("http://" + OTHER + ":" + SECRET + "@" + auth.host(), OTHER + ":" + SECRET + "@" + auth.host(),
                "https://" + SECRET + "@" + auth.host(), "http://" + OTHER + ":" + SECRET + "@" + auth.host() + "/v2/")) {
            Path cfg = file("userinfo.yaml", "source:\n- registry: \"" + address + "\"\n  name: nj\ntarget:\n- registry: \"" + open.host() + "\"\n");
            FerryCli.Result r = run(new FerryCli(), "sync", list().toString(), "--config", cfg.toString(), "--log", out("cfg-userinfo").resolve("x.log").toString());
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(cfg.toString()), r::toString);
        }
        // a password where a list or a mapping was expected, a duplicate key, a password beside password_file, a
        // password reused by a YAML alias (values of other keys, insecure: or maxconn:, are echoed as written: they are not secrets)
        for (String extra : List.of("  password: [" + SECRET + "]\n", "  password: {a: " + SECRET + "}\n", "  user: " + OTHER + "\n  user: " + SECRET + "\n",
                "  password: " + SECRET + "\n  password_file: pw.txt\n", "  password: &a " + SECRET + "\n  name: *a\n")) {
            FerryCli.Result r = run(new FerryCli(), "sync", list().toString(), "--config", file("broken.yaml", cfgSource(extra)).toString(),
                    "--log", out("cfg-broken").resolve("x.log").toString());
            assertEquals(2, r.exit(), r::toString);
        }
        assertNoSecretIn(out("cfg-userinfo"));
        assertNoSecretIn(out("cfg-broken"));
    }

    // ------------------------------------------------------------------ flags and environment

    @Test
    void flagsAndEnvironment() throws IOException {
        String src = auth.host() + "/app/one:1";
        Path o = out("flags");
        assertRefused(run(new FerryCli(), "copy", "--src-creds", OTHER + ":" + SECRET, src, "oci:" + o.resolve("a") + ":1"));
        assertRefused(run(new FerryCli().env("FERRY_SRC_PASSWORD", SECRET), "copy", "--src-creds", OTHER, src, "oci:" + o.resolve("b") + ":1"));
        // the password given where the user goes: never echoed, neither when no password follows nor when the registry refuses it
        FerryCli.Result alone = run(new FerryCli(), "copy", "--src-creds", SECRET, src, "oci:" + o.resolve("c") + ":1");
        assertEquals(2, alone.exit(), alone::toString);
        assertTrue(alone.err().contains("--src-creds: no password given"), alone::toString);
        assertEquals(1, run(new FerryCli().env("FERRY_SRC_PASSWORD", "x"), "copy", "--src-creds", SECRET, src, "oci:" + o.resolve("d") + ":1").exit());
        assertEquals(1, run(new FerryCli().env("FERRY_PASSWORD", "x"), "tags", "--creds", SECRET, auth.host() + "/app/one").exit());
        assertRefused(run(new FerryCli(), "copy", "-o", "json", "--dest-creds", OTHER + ":" + SECRET, "oci:" + work.resolve("images") + ":one",
                auth.host() + "/app/two:1"));
        assertRefused(run(new FerryCli(), "inspect", "--creds", OTHER + ":" + SECRET, src));
        // right, with the debug stack traces on
        FerryCli.Result ok = run(new FerryCli().env("FERRY_DEBUG", "1"), "copy", "-o", "json", "--src-creds", USER + ":" + SECRET, src, open.host() + "/app/flags:1");
        assertEquals(0, ok.exit(), ok::toString);
        assertRefused(run(new FerryCli().env("FERRY_DEBUG", "1"), "copy", "--src-creds", OTHER + ":" + SECRET, src, open.host() + "/app/flags:2"));
        assertNoSecretIn(o);
    }

    // ------------------------------------------------------------------ references and addresses

    @Test
    void referencesAndAddressesWithUserinfo() throws IOException {
        Path o = out("refs");
        String info = OTHER + ":" + SECRET + "@";
        for (String[] args : List.of(
                new String[]{"copy", info + auth.host() + "/app/one:1", "oci:" + o.resolve("a") + ":1"},
                new String[]{"copy", "docker://" + info + auth.host() + "/app/one:1", open.host() + "/x:1"},
                new String[]{"copy", "http://" + info + auth.host() + "/app/one:1", open.host() + "/x:1"},
                new String[]{"copy", "oci:" + work.resolve("images") + ":one", info + open.host() + "/x:1"},
                new String[]{"copy", "--insecure", "http://" + info + auth.host(), auth.host() + "/app/one:1", open.host() + "/x:1"},
                new String[]{"copy", "--ca", info + auth.host() + "=" + o.resolve("no-such.pem"), auth.host() + "/app/one:1", open.host() + "/x:1"},
                new String[]{"copy", "--ca", info + auth.host() + "=" + list(), auth.host() + "/app/one:1", open.host() + "/x:1"},
                new String[]{"tags", info + auth.host() + "/app/one"},
                new String[]{"tags", "--creds", USER + ":" + SECRET, "http://" + info + auth.host() + "/app/one"},
                new String[]{"catalog", "http://" + info + auth.host()},
                new String[]{"inspect", info + auth.host() + "/app/one:1"},
                new String[]{"sync", list().toString(), "--from", "http://" + info + auth.host(), "--to", open.host(), "--log", o.resolve("s.log").toString()},
                new String[]{"sync", file("refs.lst", info + auth.host() + "/app/one:1\n").toString(), "--from", auth.host(), "--to", open.host(),
                        "--log", o.resolve("s2.log").toString(), "--report", o.resolve("r2.json").toString()},
                new String[]{"save", list().toString(), "--from", "http://" + info + auth.host(), "--dir", o.resolve("pack").toString(),
                        "--log", o.resolve("save.log").toString()})) {
            FerryCli.Result r = run(new FerryCli(), args);
            assertTrue(r.exit() == 1 || r.exit() == 2, r::toString);
        }
        assertNoSecretIn(o);
    }

    // ------------------------------------------------------------------ docker's config.json and credential helpers

    @Test
    void dockerConfigJson() throws IOException {
        Path docker = Files.createDirectories(work.resolve("docker-auth"));
        String b64 = Base64.getEncoder().encodeToString((OTHER + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"" + auth.host() + "\":{\"auth\":\"" + b64 + "\"}}}");
        assertRefused(sync(new FerryCli().env("DOCKER_CONFIG", docker.toString()), file("anon.yaml", cfgSource("")), "docker-auth"));

        Path fields = Files.createDirectories(work.resolve("docker-fields"));
        Files.writeString(fields.resolve("config.json"), "{\"auths\":{\"" + auth.host() + "\":{\"username\":\"" + OTHER + "\",\"password\":\"" + SECRET + "\"}}}");
        assertRefused(sync(new FerryCli().env("DOCKER_CONFIG", fields.toString()), file("anon.yaml", cfgSource("")), "docker-fields"));

        Path broken = Files.createDirectories(work.resolve("docker-broken"));
        Files.writeString(broken.resolve("config.json"), "{\"auths\":{\"" + auth.host() + "\":{\"auth\":\"" + b64 + "\", \"password\": \"" + SECRET + "\" ");
        assertEquals(1, sync(new FerryCli().env("DOCKER_CONFIG", broken.toString()), file("anon.yaml", cfgSource("")), "docker-broken").exit());

        Path notBase64 = Files.createDirectories(work.resolve("docker-not-b64"));
        Files.writeString(notBase64.resolve("config.json"), "{\"auths\":{\"" + auth.host() + "\":{\"auth\":\"" + SECRET + "!\"}}}");
        assertEquals(1, sync(new FerryCli().env("DOCKER_CONFIG", notBase64.toString()), file("anon.yaml", cfgSource("")), "docker-not-b64").exit());

        // an identity token, as docker login stores for token registries: the token service refuses it
        try (TokenIssuer issuer = new TokenIssuer(Map.of(USER, SECRET));
             RegistryServer tokens = RegistryServer.builder().token(issuer).start()) {
            Path identity = Files.createDirectories(work.resolve("docker-identity"));
            Files.writeString(identity.resolve("config.json"), "{\"auths\":{\"" + tokens.host() + "\":{\"identitytoken\":\"" + SECRET + "\"}}}");
            FerryCli.Result r = run(new FerryCli().env("DOCKER_CONFIG", identity.toString()), "copy", "-o", "json",
                    "oci:" + work.resolve("images") + ":one", tokens.host() + "/app/one:1");
            assertEquals(1, r.exit(), r::toString);
            FerryCli.Result wrong = run(new FerryCli(), "copy", "-o", "json", "--dest-creds", OTHER + ":" + SECRET,
                    "oci:" + work.resolve("images") + ":one", tokens.host() + "/app/one:1");
            assertEquals(1, wrong.exit(), wrong::toString);
            FerryCli.Result right = run(new FerryCli(), "copy", "-o", "json", "--dest-creds", USER + ":" + SECRET,
                    "oci:" + work.resolve("images") + ":one", tokens.host() + "/app/one:1");
            assertEquals(0, right.exit(), right::toString);
        }
    }

    /** Credential helpers are found on the PATH, so these runs get a JVM of their own with the helpers' folder on it. */
    @Test
    void credentialHelpers() throws IOException {
        Path bin = Files.createDirectories(work.resolve("helper-bin"));
        helper(bin, "leakwrong", "echo '{\"ServerURL\":\"x\",\"Username\":\"" + OTHER + "\",\"Secret\":\"" + SECRET + "\"}'");
        helper(bin, "leakbroken", "echo '{\"Username\":\"" + OTHER + "\",\"Secret\":\"" + SECRET + "\"'");
        helper(bin, "leakfails", "echo 'no: " + SECRET + "'; echo '" + SECRET + "' >&2; exit 3");
        for (String name : List.of("leakwrong", "leakbroken", "leakfails")) {
            Path docker = Files.createDirectories(work.resolve("docker-" + name));
            Files.writeString(docker.resolve("config.json"), "{\"credHelpers\":{\"" + auth.host() + "\":\"" + name + "\"}}");
            Path o = out("helper-" + name);
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "sync", list().toString(), "--config", file("anon.yaml", cfgSource("")).toString(), "--from", "nj", "--to", "gz",
                    "-o", "json", "--report", o.resolve("report.json").toString(), "--log", o.resolve("ferry-sync.log").toString());
            ProcessResult p = Tools.run(Duration.ofSeconds(60), cmd, Map.of("DOCKER_CONFIG", docker.toString(),
                    "PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"), "CI", "true", "FERRY_DEBUG", "1"));
            runs++;
            assertEquals(1, p.exitCode(), p::describe);
            assertNoSecret("ferry with helper " + name, p.stdout() + "\n" + p.stderr());
            if (name.equals("leakwrong")) assertTrue(p.stdout().contains("rejected the user name and password"), p::describe);
            assertNoSecretIn(o);
        }
    }

    private static void helper(Path bin, String name, String body) throws IOException {
        Path f = bin.resolve("docker-credential-" + name);
        Files.writeString(f, "#!/bin/sh\ncat > /dev/null\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    // ------------------------------------------------------------------ packs

    @Test
    void packsSavedAndLoadedWithCredentials() throws IOException {
        Path o = out("packs");
        Path cfg = file("pack.yaml", cfgSource("  user: " + USER + "\n  password: " + SECRET + "\n"));
        FerryCli.Result save = run(new FerryCli(), "save", list().toString(), "--config", cfg.toString(), "--from", "nj",
                "--dir", o.resolve("pack").toString(), "--log", o.resolve("ferry-save.log").toString());
        assertEquals(0, save.exit(), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        FerryCli.Result load = run(new FerryCli(), "load", meta.toString(), "--config", file("load.yaml", "target:\n- registry: \"" + auth.host()
                        + "\"\n  name: back\n  user: " + USER + "\n  password: " + SECRET + "\n").toString(), "--to", "back",
                "--rename", "app/one:1 -> app/loaded:1", "--log", o.resolve("ferry-load.log").toString());
        assertEquals(0, load.exit(), load::toString);
        FerryCli.Result refused = run(new FerryCli(), "load", meta.toString(), "--to", auth.host(), "--log", o.resolve("ferry-load2.log").toString());
        assertEquals(1, refused.exit(), refused::toString);
        assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(auth.host() + "/app/loaded:1", Options.plain().creds(USER, SECRET))));
        assertNoSecretIn(o);
    }

    @Test
    void theSearchWouldFindALeak() {
        // the checks above mean something only if they catch the forms they look for
        for (String f : forms()) {
            try {
                assertNoSecret("a planted leak", "x " + f + " y");
            } catch (AssertionError expected) {
                continue;
            }
            fail("the search misses " + f);
        }
    }
}
