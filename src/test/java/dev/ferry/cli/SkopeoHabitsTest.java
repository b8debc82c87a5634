package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestCa;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * skopeo's and crane's spellings do what their originals do (docs/coming-from-skopeo.md): {@code --all} and
 * {@code --platform all} copy every platform, byte for byte as without them; {@code --src-tls-verify=false},
 * {@code --dest-tls-verify=false} and {@code --tls-verify=false} reach a registry whose certificate nobody trusts, as
 * {@code --insecure REGISTRY} does, where without them the TLS check refuses it. Checked with skopeo.
 */
@Timeout(120)
class SkopeoHabitsTest {
    static Path work;
    static TestCa untrusted;
    static RegistryServer plain, tls;
    static String indexDigest;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-skopeo-habits-");
        TestImages.multiArch(work.resolve("images"), "multi", 1, 5_000, false);
        untrusted = new TestCa();
        plain = RegistryServer.builder().start();
        tls = RegistryServer.builder().tls(untrusted).start();
        Skopeo.pushOciDir(work.resolve("images"), "multi", plain.host() + "/app/multi:1", Options.plain(), true);
        indexDigest = Skopeo.digest(Skopeo.inspectRaw(plain.host() + "/app/multi:1", Options.plain()));
    }

    @AfterAll
    static void tearDown() {
        if (plain != null) plain.close();
        if (tls != null) tls.close();
        if (untrusted != null) untrusted.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void allAndPlatformAllCopyEveryPlatformByteForByte() {
        for (String[] flags : new String[][]{{"--all"}, {"-a"}, {"--platform", "all"}}) {
            String dst = plain.host() + "/copied/" + flags[flags.length - 1].replace("-", "") + ":1";
            String[] args = new String[3 + flags.length];
            args[0] = "copy";
            System.arraycopy(flags, 0, args, 1, flags.length);
            args[flags.length + 1] = plain.host() + "/app/multi:1";
            args[flags.length + 2] = dst;
            FerryCli.Result r = new FerryCli().run(args);
            assertEquals(0, r.exit(), r::toString);
            assertEquals(indexDigest, Skopeo.digest(Skopeo.inspectRaw(dst, Options.plain())), String.join(" ", flags) + ": the same index, every platform");
        }
        FerryCli.Result both = new FerryCli().run("copy", "--all", "--platform", "linux/amd64", plain.host() + "/app/multi:1", plain.host() + "/x/y:1");
        assertEquals(2, both.exit(), both::toString);
        FerryCli.Result mixed = new FerryCli().run("copy", "--platform", "all", "--platform", "linux/amd64", plain.host() + "/app/multi:1", plain.host() + "/x/y:1");
        assertEquals(2, mixed.exit(), mixed::toString);
    }

    @Test
    void tlsVerifyFalseIsInsecureForThatRegistry() {
        String there = tls.host() + "/app/multi:1";
        FerryCli.Result refused = new FerryCli().run("copy", plain.host() + "/app/multi:1", there);
        assertNotEquals(0, refused.exit(), "an untrusted certificate is refused without the flag: " + refused);
        FerryCli.Result pushed = new FerryCli().run("copy", "--dest-tls-verify=false", plain.host() + "/app/multi:1", there);
        assertEquals(0, pushed.exit(), pushed::toString);
        assertEquals(indexDigest, Skopeo.digest(Skopeo.inspectRaw(there, Options.plain())));

        FerryCli.Result pulled = new FerryCli().run("copy", "--src-tls-verify=false", there, plain.host() + "/back/multi:1");
        assertEquals(0, pulled.exit(), pulled::toString);
        assertEquals(indexDigest, Skopeo.digest(Skopeo.inspectRaw(plain.host() + "/back/multi:1", Options.plain())));
        FerryCli.Result srcNotDest = new FerryCli().run("copy", "--src-tls-verify=false", plain.host() + "/app/multi:1", tls.host() + "/other/multi:1");
        assertNotEquals(0, srcNotDest.exit(), "--src-tls-verify is about the source only: " + srcNotDest);

        assertNotEquals(0, new FerryCli().run("tags", tls.host() + "/app/multi").exit());
        FerryCli.Result tags = new FerryCli().run("tags", "--tls-verify=false", tls.host() + "/app/multi");
        assertEquals(0, tags.exit(), tags::toString);
        assertEquals("1\n", tags.out());

        Path lst = work.resolve("sync.lst");
        try {
            Files.writeString(lst, "app/multi:1\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FerryCli.Result sync = new FerryCli().run("sync", lst.toString(), "--from", tls.host(), "--to", plain.host(), "--src-tls-verify=false",
                "--log", work.resolve("s.log").toString());
        assertEquals(0, sync.exit(), sync::toString);
        assertTrue(sync.out().contains("1 ok"), sync::toString);
    }
}
