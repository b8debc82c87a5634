package dev.ferry.tui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Two real registries the browser's tests share (started once per test JVM, stopped when it ends): a source with
 * several repositories, tags in no particular order and a multi-arch image, and a target that holds some of them;
 * a cfg.yaml naming both (nj, dc) and a closed loopback port (gone).
 */
final class BrowseRegistries {
    static final List<String> DEBIAN_TAGS = List.of("1.10", "latest", "1.2", "1.9", "1.10-rc1");
    /** Tags b1 … b40 of many/builds: a list longer than a screen. */
    static final int MANY = 40;
    private static BrowseRegistries shared;

    final Path work;
    final RegistryServer source;
    final RegistryServer target;
    final TestImages.Image single;
    final TestImages.Image multi;
    final int closedPort;
    final String cfgText;

    static synchronized BrowseRegistries get() {
        if (shared == null) shared = new BrowseRegistries();
        return shared;
    }

    private BrowseRegistries() {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        try {
            work = Files.createTempDirectory("ferry-tui-browse-");
            closedPort = closedPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TempDirs.deleteRecursively(work), "tui-browse-cleanup"));
        single = TestImages.single(work.resolve("images"), "one", "linux", "amd64", 2, 20_000, false);
        multi = TestImages.multiArch(work.resolve("multi"), "multi", 1, 10_000, false);
        source = RegistryServer.builder().start();
        target = RegistryServer.builder().start();
        for (String t : DEBIAN_TAGS) push(source, "corpus/debian:" + t);
        push(source, "tools/jq:1.7");
        push(source, "many/builds:b1");
        for (int i = 2; i <= MANY; i++) tag(source, "many/builds", "b" + i);
        Skopeo.pushOciDir(multi.layoutDir(), "multi", source.host() + "/base/multi:3.1", Options.plain(), true);
        push(target, "corpus/debian:1.9");
        push(target, "corpus/debian:latest");
        cfgText = "# the registries of the browser's tests\n"
                + "source:\n"
                + "- registry: \"http://" + source.host() + "\"   # the source\n"
                + "  name: nj\n"
                + "target:\n"
                + "- registry: \"http://" + target.host() + "\"\n"
                + "  name: dc\n"
                + "- registry: \"http://127.0.0.1:" + closedPort + "\"\n"
                + "  name: gone\n"
                + "maxconn: 4\n";
    }

    private void push(RegistryServer r, String ref) {
        Skopeo.pushOciDir(single.layoutDir(), "one", r.host() + "/" + ref, Options.plain(), false);
    }

    /** Tags the image pushed once more, by a manifest PUT (what a push of an image the repository holds comes to). */
    private void tag(RegistryServer r, String repo, String tag) {
        try {
            HttpResponse<String> a = r.httpClient().send(HttpRequest.newBuilder(URI.create(r.url() + "/v2/" + repo + "/manifests/" + tag))
                    .header("Content-Type", single.mediaType()).PUT(HttpRequest.BodyPublishers.ofByteArray(single.raw())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (a.statusCode() != 201) throw new IllegalStateException("PUT " + repo + ":" + tag + ": " + a.statusCode() + " " + a.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh directory holding the cfg.yaml. */
    Path cfgDir(String name) throws IOException {
        Path d = Files.createDirectories(work.resolve(name));
        Files.writeString(d.resolve("cfg.yaml"), cfgText);
        return d;
    }

    /** What skopeo lists as the tags of {@code repo} at {@code r}. */
    static List<String> skopeoTags(RegistryServer r, String repo) throws IOException {
        ProcessResult p = Skopeo.run(List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + r.host() + "/" + repo));
        if (!p.ok()) throw new IllegalStateException(p.describe());
        JsonNode n = new ObjectMapper().readTree(p.stdout());
        List<String> out = new ArrayList<>();
        n.path("Tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
