package dev.ferry.tui;

import dev.ferry.app.Session;
import dev.ferry.config.ConfigLoader;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real registries for the release screen's tests: a source {@code nj} with {@code app/one:1} (one platform) and
 * {@code app/multi:2} (two), the same source behind a proxy that stalls every blob ({@code slow}, for Stop), and a
 * target {@code gz} whose cfg.yaml {@code repository} is {@code customer}.
 */
final class ReleaseRig implements AutoCloseable {
    final Path work;
    final RegistryServer src, dst;
    final FaultProxy slow;
    final Path cfg;
    final TestImages.Image one, multi;
    /** A session on cfg.yaml, closed with the rig. */
    final Session session;

    ReleaseRig() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-tui-release-");
        Path layout = work.resolve("images");
        one = TestImages.single(layout, "one", "linux", "amd64", 2, 150_000, false);
        multi = TestImages.multiArch(layout, "multi", 1, 100_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "one", src.host() + "/app/one:1", Options.plain(), true);
        Skopeo.pushOciDir(layout, "multi", src.host() + "/app/multi:2", Options.plain(), true);
        slow = FaultProxy.start(src.url());
        slow.stallResponseAfter("GET", ".*/blobs/sha256:.*", 1000, 1_000_000);
        cfg = work.resolve("cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: \"http://" + src.host() + "\"\n  name: nj\n- registry: \"http://" + slow.host()
                + "\"\n  name: slow\ntarget:\n- registry: \"http://" + dst.host() + "\"\n  name: gz\n  repository: customer\n");
        session = session();
    }

    Session session() {
        return Session.builder(Map.of()).workDir(work).config(ConfigLoader.load(cfg, Map.of())).build();
    }

    /** The raw manifest at {@code ref} of the target, as skopeo reads it; null when there is none. */
    String atTarget(String repoTag) {
        var r = Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + dst.host() + "/" + repoTag));
        return r.exitCode() == 0 ? r.stdout() : null;
    }

    String atSource(String repoTag) {
        return Skopeo.inspectRaw(src.host() + "/" + repoTag, Options.plain());
    }

    @Override public void close() {
        session.close();
        if (slow != null) slow.close();
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }
}
