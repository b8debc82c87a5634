package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The two registries of the watch tests, a source and a target, and what the tests do to them: push a new image, list tags, read a digest. */
abstract class WatchRig {
    static RegistryServer src;
    static RegistryServer dst;

    @BeforeAll
    static void setUp() {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
    }

    /** Pushes a new random image to {@code ref} at {@code registry}; returns its digest. */
    static String push(RegistryServer registry, String ref, int layerBytes) throws IOException {
        Path layout = Files.createTempDirectory("ferry-watch-image-");
        try {
            TestImages.Image i = TestImages.single(layout, "t", "linux", "amd64", 1, layerBytes, false);
            Skopeo.pushOciDir(layout, "t", registry.host() + "/" + ref, Options.plain(), false);
            return i.digest();
        } finally {
            TempDirs.deleteRecursively(layout);
        }
    }

    static Set<String> tags(RegistryServer r, String repo) throws IOException {
        try {
            String text = Skopeo.run(List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + r.host() + "/" + repo)).stdout();
            Set<String> out = new TreeSet<>();
            if (text.isBlank()) return out;
            JsonNode n = new ObjectMapper().readTree(text);
            n.path("Tags").forEach(t -> out.add(t.asText()));
            return out;
        } catch (IOException e) {
            return Set.of();
        }
    }

    static String digestAt(RegistryServer r, String ref) {
        return Skopeo.digest(Skopeo.inspectRaw(r.host() + "/" + ref, Options.plain()));
    }

}
