package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.cache.BlobSightings;
import dev.ferry.oci.Digest;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blobs a target registry holds in another repository, known from an earlier run: the next copy into a new repository
 * mounts them (no byte moves), and a sighting gone stale (the blob deleted there) costs a refused mount and an upload,
 * never a broken image. Real registries, each run a new process-like session sharing only the sightings directory;
 * skopeo checks every copy.
 */
@Timeout(120)
class MountFromEarlierRunsTest {
    static final Options PLAIN = Options.plain();
    static Path work;
    static RegistryServer src, dst;
    static Image image;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-sightings-test-");
        Path layout = work.resolve("images");
        image = TestImages.single(layout, "app", "linux", "amd64", 3, 300_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, image.tag(), src.host() + "/team/app:1", PLAIN, true);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        dev.ferry.testing.TempDirs.deleteRecursively(work);
    }

    private FerryCli ferry(Path sightings) {
        return new FerryCli().env("FERRY_SIGHTINGS", sightings.toString());
    }

    @Test
    void aSecondRepositoryMountsWhatAnEarlierRunWroteAndAStaleSightingFallsBackToAnUpload(@TempDir Path tmp) throws Exception {
        Path seen = tmp.resolve("sightings");
        FerryCli.Result first = ferry(seen).run("copy", "-o", "json", src.host() + "/team/app:1", dst.host() + "/first/app:1");
        assertEquals(0, first.exit(), first::toString);
        assertEquals(4, first.json().get("blobs").get("copied").asInt(), first::toString);

        // another run (another session, nothing shared but the directory) into another repository of the same target
        long putsBefore = dst.countRequests("PUT", "/v2/second/.*/blobs/uploads/.*");
        FerryCli.Result second = ferry(seen).run("copy", "-o", "json", src.host() + "/team/app:1", dst.host() + "/second/app:1");
        assertEquals(0, second.exit(), second::toString);
        JsonNode j = second.json();
        assertEquals(4, j.get("blobs").get("mounted").asInt(), second::toString);
        assertEquals(0, j.get("bytesMoved").asLong(), second::toString);
        assertEquals(putsBefore, dst.countRequests("PUT", "/v2/second/.*/blobs/uploads/.*"), "no blob was uploaded into second/app");
        assertEquals(0, dst.countRequests("GET", "/v2/second/app/blobs/.*"));
        Skopeo.copyAllToOciDir(dst.host() + "/second/app:1", tmp.resolve("check-second"), PLAIN);

        // the blobs deleted from both repositories that hold them: the sightings are stale now
        HttpClient http = HttpClient.newHttpClient();
        for (String repo : List.of("first/app", "second/app")) {
            for (String d : image.blobDigests()) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(dst.url() + "/v2/" + repo + "/blobs/" + d))
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
                assertEquals(202, r.statusCode(), "delete " + d + " from " + repo);
            }
        }
        FerryCli.Result third = ferry(seen).run("copy", "-o", "json", src.host() + "/team/app:1", dst.host() + "/third/app:1");
        assertEquals(0, third.exit(), third::toString);
        assertEquals(4, third.json().get("blobs").get("copied").asInt(), third::toString);
        Skopeo.copyAllToOciDir(dst.host() + "/third/app:1", tmp.resolve("check-third"), PLAIN);
        BlobSightings s = BlobSightings.in(seen, BlobSightings.DEFAULT_MAX_FILE_BYTES);
        for (String d : image.blobDigests()) {
            assertEquals(List.of("third/app"), s.repositories(dst.host(), Digest.parse(d)), "refused mounts are forgotten: " + d);
        }
    }

    @Test
    void withoutAHomeOrWhenTurnedOffNothingIsRemembered(@TempDir Path tmp) {
        FerryCli.Result r = new FerryCli().env("FERRY_SIGHTINGS", "off").run("copy", "-o", "json",
                src.host() + "/team/app:1", dst.host() + "/off/a:1");
        assertEquals(0, r.exit(), r::toString);
        FerryCli.Result again = new FerryCli().env("FERRY_SIGHTINGS", "off").run("copy", "-o", "json",
                src.host() + "/team/app:1", dst.host() + "/off/b:1");
        assertEquals(4, again.json().get("blobs").get("copied").asInt(), again::toString);
    }

    @Test
    void aPackLoadedIntoASecondRepositoryMountsWhatTheFirstLoadWrote(@TempDir Path tmp) throws IOException {
        Path seen = tmp.resolve("sightings");
        Path lst = Files.writeString(tmp.resolve("images.txt"), "team/app:1\n");
        FerryCli.Result save = ferry(seen).run("save", lst.toString(), "--from", src.host(), "--dir", tmp.resolve("pack").toString());
        assertEquals(0, save.exit(), save::toString);
        Path meta = PackCommandsTest.metaOf(save);
        Path cfg = Files.writeString(tmp.resolve("cfg.yaml"), "target:\n"
                + "- registry: " + dst.host() + "\n  name: one\n  repository: loadone\n"
                + "- registry: " + dst.host() + "\n  name: two\n  repository: loadtwo\n");
        FerryCli.Result one = ferry(seen).run("load", meta.toString(), "--config", cfg.toString(), "--to", "one");
        assertEquals(0, one.exit(), one::toString);
        long putsBefore = dst.countRequests("PUT", "/v2/loadtwo/.*/blobs/uploads/.*");
        FerryCli.Result two = ferry(seen).run("load", meta.toString(), "--config", cfg.toString(), "--to", "two");
        assertEquals(0, two.exit(), two::toString);
        assertEquals(putsBefore, dst.countRequests("PUT", "/v2/loadtwo/.*/blobs/uploads/.*"), "no blob was uploaded again: " + two);
        assertEquals(image.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/loadtwo/app:1", PLAIN)));
        Skopeo.copyAllToOciDir(dst.host() + "/loadtwo/app:1", tmp.resolve("check-two"), PLAIN);
    }
}
