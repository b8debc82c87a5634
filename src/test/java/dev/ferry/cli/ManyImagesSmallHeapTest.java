package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.RegistryServer.AccessLogEntry;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.TestImages.Blob;
import dev.ferry.testing.TestImages.Image;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18's "memory at scale": one sync job of 2,000 images (one repository; a base layer shared by all, a config
 * and a small layer of each tag's own) runs in a 256 MB heap, as a child JVM that ends at the first
 * OutOfMemoryError; its peak resident set ({@code /usr/bin/time -f %M}) stays under a bound, so state kept per image
 * after the image is done would show. Then the same job again with everything there, in the same heap: nothing sent.
 */
@Timeout(300)
class ManyImagesSmallHeapTest {
    static final int IMAGES = 2000;
    static final String HEAP = "-Xmx256m";
    /**
     * Measured here (2 shared cores, JDK 17, serial collector): 201 MB fresh, 171 MB present; the live heap after a full
     * collection grows about 2.4 KB an image (each image's result for the report, its progress row). The heap cannot
     * pass 256 MB (the child ends at the first OutOfMemoryError), so this catches what grows beside it: threads,
     * buffers outside the heap, metaspace.
     */
    static final long MAX_RSS_MB = 400;
    static final String REPO = "many/app";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoThousandImagesSyncInA256MbHeap(@TempDir Path tmp) throws Exception {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Path time = Tools.require("time");
        try (RegistryServer src = RegistryServer.builder().start(); RegistryServer dst = RegistryServer.builder().start()) {
            List<Image> images = pushImages(tmp.resolve("layout"), src);
            Path list = tmp.resolve("images.txt");
            Files.writeString(list, images.stream().map(i -> REPO + ":" + i.tag() + "\n").collect(Collectors.joining()));

            Run fresh = sync(time, tmp, list, src, dst);
            assertEquals(0, fresh.result.exitCode(), fresh.result::describe);
            System.out.printf("ManyImagesSmallHeapTest: %d images fresh, %s: %.1f s, peak RSS %d MB%n",
                    IMAGES, HEAP, fresh.result.elapsed().toMillis() / 1000.0, fresh.rssMb);
            Set<String> want = images.stream().map(Image::tag).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(want, tags(dst), "every tag is in the target");
            for (int i : List.of(0, 1, IMAGES / 4, IMAGES / 2, 3 * IMAGES / 4, IMAGES - 2, IMAGES - 1)) {
                Image img = images.get(i);
                assertEquals(img.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/" + REPO + ":" + img.tag(), Options.plain())), img.tag());
            }
            // the whole of one image read back and verified by skopeo: blobs as well as the manifest
            Skopeo.copyAllToOciDir(dst.host() + "/" + REPO + ":" + images.get(IMAGES - 1).tag(), tmp.resolve("check"), Options.plain());
            assertTrue(fresh.rssMb > 0 && fresh.rssMb < MAX_RSS_MB, "peak RSS " + fresh.rssMb + " MB, bound " + MAX_RSS_MB + " MB");

            int before = ferryLog(dst).size();
            Run present = sync(time, tmp, list, src, dst);
            assertEquals(0, present.result.exitCode(), present.result::describe);
            System.out.printf("ManyImagesSmallHeapTest: %d images present, %s: %.1f s, peak RSS %d MB%n",
                    IMAGES, HEAP, present.result.elapsed().toMillis() / 1000.0, present.rssMb);
            List<AccessLogEntry> second = ferryLog(dst);
            second = second.subList(before, second.size());
            assertTrue(second.size() > 0, "the second run asked the target");
            List<AccessLogEntry> writes = second.stream().filter(e -> !e.method().equals("GET") && !e.method().equals("HEAD")).toList();
            assertEquals(List.of(), writes, "nothing is sent when everything is there");
            assertTrue(present.rssMb > 0 && present.rssMb < MAX_RSS_MB, "peak RSS " + present.rssMb + " MB, bound " + MAX_RSS_MB + " MB");
        }
    }

    private record Run(ProcessResult result, long rssMb) {
    }

    /**
     * {@code ferry sync LIST --from SRC --to DST -q} in a child JVM with a 256 MB heap and the collector dist/ferry
     * chooses (serial), under {@code time -f %M}.
     */
    private static Run sync(Path time, Path tmp, Path list, RegistryServer src, RegistryServer dst) throws IOException {
        Path rss = tmp.resolve("rss-" + System.nanoTime() + ".txt");
        // in a working directory of its own (env -C), as on a jump host
        List<String> cmd = new ArrayList<>(List.of("env", "-C", tmp.toString(), time.toString(), "-f", "%M", "-o", rss.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sync", list.toString(), "--from", src.host(), "--to", dst.host(), "-q"));
        ProcessResult r = Tools.run(Duration.ofMinutes(3), cmd, Map.of("CI", "true", "DOCKER_CONFIG", tmp.resolve("no-docker-config").toString(),
                "FERRY_SIGHTINGS", tmp.resolve("sightings").toString()));
        String kb = Files.exists(rss) ? Files.readString(rss).trim() : "";
        // time(1) writes "Command exited with non-zero status N" first when the command failed
        String last = kb.isEmpty() ? "0" : kb.substring(kb.lastIndexOf('\n') + 1).trim();
        return new Run(r, Long.parseLong(last) / 1024);
    }

    /** ferry's requests the registry logged, in order. */
    private static List<AccessLogEntry> ferryLog(RegistryServer r) {
        return r.accessLog().stream().filter(e -> e.userAgent().startsWith("ferry")).toList();
    }

    private static Set<String> tags(RegistryServer r) throws IOException, InterruptedException {
        HttpResponse<byte[]> res = r.httpClient().send(HttpRequest.newBuilder(URI.create(r.url() + "/v2/" + REPO + "/tags/list")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, res.statusCode(), () -> new String(res.body()));
        Set<String> out = new TreeSet<>();
        for (JsonNode t : JSON.readTree(res.body()).get("tags")) out.add(t.asText());
        return out;
    }

    /**
     * Writes the images into an OCI layout (in parallel) and pushes them straight over plain HTTP, eight at a time:
     * two blob uploads (POST, PUT) and a manifest PUT an image, the shared base layer once first.
     */
    private static List<Image> pushImages(Path layout, RegistryServer src) throws Exception {
        long start = System.nanoTime();
        Blob base = TestImages.writeLayer(layout, 300_000, 18, false);
        HttpClient http = src.httpClient();
        putBlob(http, src, layout, base.digest());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Image>> futures = IntStream.rangeClosed(1, IMAGES).mapToObj(i -> pool.submit(() -> {
                Image img = TestImages.onBaseUntagged(layout, String.format("t%04d", i), base, 2_000, 180_000 + i);
                putBlob(http, src, layout, img.layers().get(1).digest());
                putBlob(http, src, layout, img.config().digest());
                send(http, HttpRequest.newBuilder(URI.create(src.url() + "/v2/" + REPO + "/manifests/" + img.tag()))
                        .header("Content-Type", img.mediaType()).PUT(HttpRequest.BodyPublishers.ofByteArray(img.raw())), 201);
                return img;
            })).toList();
            List<Image> images = new ArrayList<>();
            for (Future<Image> f : futures) images.add(f.get());
            System.out.printf("ManyImagesSmallHeapTest: %d images pushed in %.1f s%n", IMAGES, (System.nanoTime() - start) / 1e9);
            return images;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void putBlob(HttpClient http, RegistryServer r, Path layout, String digest) {
        HttpResponse<byte[]> post = send(http, HttpRequest.newBuilder(URI.create(r.url() + "/v2/" + REPO + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        URI location = URI.create(r.url()).resolve(post.headers().firstValue("Location").orElseThrow());
        String sep = location.getRawQuery() == null ? "?" : "&";
        try {
            send(http, HttpRequest.newBuilder(URI.create(location + sep + "digest=" + digest))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(TestImages.blobPath(layout, digest))), 201);
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<byte[]> send(HttpClient http, HttpRequest.Builder request, int want) {
        try {
            HttpResponse<byte[]> res = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (res.statusCode() != want) {
                throw new AssertionError(request.build().method() + " " + request.build().uri() + ": " + res.statusCode() + " " + new String(res.body()));
            }
            return res;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
