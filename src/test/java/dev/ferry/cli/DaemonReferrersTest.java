package dev.ferry.cli;

import dev.ferry.testing.ContainerdServer;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --referrers} into a daemon, which keeps images and nothing that refers to them: the image arrives, and one
 * warning names what was left behind (a real containerd on a private socket), instead of silence.
 */
@Timeout(180)
class DaemonReferrersTest {
    @Test
    void aDaemonTargetWarnsOnceNamingTheReferrersLeftBehind(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try (RegistryServer src = RegistryServer.builder().start(); ContainerdServer containerd = ContainerdServer.start()) {
            ReferrersTest.Made m = ReferrersTest.make(src, tmp);
            FerryCli ferry = new FerryCli().env("CONTAINERD_ADDRESS", containerd.socket().toString()).env("CONTAINERD_SNAPSHOTTER", containerd.snapshotter())
                    .env("CONTAINERD_NAMESPACE", "ferry-test").env("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            String from = src.host() + "/lib/app:1";

            FerryCli.Result copy = ferry.run("copy", "--referrers", from, "containerd:demo/app:1");
            assertEquals(0, copy.exit(), copy::toString);
            assertEquals(m.image().digest(), containerd.images("ferry-test").get("docker.io/demo/app:1"), () -> containerd.images("ferry-test").toString());
            String all = copy.out() + copy.err();
            String warning = "containerd:docker.io/demo/app:1 keeps no referrers: those of " + from + " were left behind (2: ";
            assertEquals(1, all.split(java.util.regex.Pattern.quote(warning), -1).length - 1, "one warning: " + copy);
            assertTrue(all.contains("application/spdx+json " + m.sbom().digest().substring(0, 19)), "names the SBOM: " + copy);
            assertTrue(all.contains(m.sig().digest().substring(0, 19)), "names cosign's signature: " + copy);

            FerryCli.Result quiet = ferry.run("copy", from, "containerd:demo/app:2");
            assertEquals(0, quiet.exit(), quiet::toString);
            assertFalse((quiet.out() + quiet.err()).contains("keeps no referrers"), "without --referrers nothing is said: " + quiet);

            Path lst = Files.writeString(tmp.resolve("img.lst"), "lib/app:1 -> demo/synced:1\n");
            FerryCli.Result sync = ferry.run("sync", lst.toString(), "--from", src.host(), "--to", "containerd", "--referrers");
            assertEquals(0, sync.exit(), sync::toString);
            assertTrue((sync.out() + sync.err()).contains(" keeps no referrers: those of " + from + " were left behind (2: "), "sync says it too: " + sync);

            FerryCli.Result zh = ferry.run("--lang", "zh_CN", "copy", "--referrers", from, "containerd:demo/app:3");
            assertEquals(0, zh.exit(), zh::toString);
            assertTrue((zh.out() + zh.err()).contains("containerd:docker.io/demo/app:3 不保存引用者：" + from + " 的引用者没有传输（2 个："), "in the reader's language: " + zh);
        }
    }
}
