package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testing.FaultProxy;
import dev.ferry.testing.ProcessResult;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry sync}, {@code plan} and image-transmit's flags against real registries with a real cfg.yaml. */
@Timeout(240)
class SyncCommandTest {
    static final String USER = "deliver";
    static final String PASSWORD = "Tr4nsfer-pw";
    static Path work;
    static Path layout;
    static Image app1, app2, multi;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-sync-test-");
        layout = work.resolve("images");
        // base and base-copy are the same image in two repositories: each target registry receives its blobs once
        multi = TestImages.multiArch(layout, "multi", 1, 200_000, false);
        app1 = TestImages.single(layout, "app1", "linux", "amd64", 2, 150_000, false);
        app2 = TestImages.single(layout, "app2", "linux", "amd64", 2, 150_000, true);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "multi", src.host() + "/public/base:1.0", Options.plain(), true);
        Skopeo.pushOciDir(layout, "multi", src.host() + "/public/base-copy:1.0", Options.plain(), true);
        Skopeo.pushOciDir(layout, "app1", src.host() + "/public/app1:v3.5", Options.plain(), false);
        Skopeo.pushOciDir(layout, "app2", src.host() + "/public/app2:v3.10", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    /** A cfg.yaml as image-transmit users write it, naming the source nj and the target(s). */
    static Path cfg(Path dir, String extra, RegistryServer... targets) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("source:\n- registry: \"http://").append(src.host()).append("\"\n  user:\n  password:\n  name: nj\n");
        y.append("target:\n");
        String[] names = {"gz", "sh"};
        for (int i = 0; i < targets.length; i++) {
            y.append("- registry: \"http://").append(targets[i].host()).append("\"\n");
            y.append("  user: ").append(USER).append("\n  password: ${FERRY_TEST_PW}\n  name: ").append(names[i]).append("\n");
        }
        y.append("maxconn: 4\nretries: 2\n").append(extra);
        Path f = dir.resolve("cfg.yaml");
        Files.writeString(f, y.toString());
        return f;
    }

    static Path list(Path dir, String... lines) throws IOException {
        Path f = dir.resolve("img.lst");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    static FerryCli ferry() {
        return new FerryCli().env("FERRY_TEST_PW", PASSWORD);
    }

    static String digestAt(String ref) {
        return Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain().creds(USER, PASSWORD)));
    }

    @Test
    void syncsAListToTwoTargetsMovingEachBlobOncePerRegistry(@TempDir Path tmp) throws IOException {
        try (RegistryServer gz = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             RegistryServer sh = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path cfg = cfg(tmp, "", gz, sh);
            Path lst = list(tmp, "# release 1.0", "", "10.45.80.1/public/base:1.0", "10.45.80.1/public/base-copy:1.0   # same blobs, another repo",
                    "10.45.80.1/public/app1:v3.5", "10.45.80.1/public/app2:v3.10 -> apps/app2:renamed");
            FerryCli.Result r = ferry().run("sync", lst.toString(), "--config", cfg.toString(), "--from", "nj", "--to", "gz", "--to", "sh",
                    "-o", "json", "--report", tmp.resolve("report.json").toString(), "--log", tmp.resolve("sync.log").toString());
            assertEquals(0, r.exit(), r::toString);
            JsonNode j = r.json();
            assertEquals(8, j.get("total").asInt());
            assertEquals(8, j.get("succeeded").asInt());
            assertEquals(0, j.get("failed").asInt());
            java.util.Map<String, Long> unique = new java.util.HashMap<>(multi.blobSizes());
            unique.putAll(app1.blobSizes());
            unique.putAll(app2.blobSizes());
            long uniqueBytes = unique.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(2 * uniqueBytes, j.get("bytesMoved").asLong(), "each distinct blob counted once per target registry");
            assertEquals(j, new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("report.json").toFile()), "--report holds the same report");
            for (RegistryServer t : List.of(gz, sh)) {
                assertEquals(multi.digest(), digestAt(t.host() + "/public/base:1.0"));
                assertEquals(multi.digest(), digestAt(t.host() + "/public/base-copy:1.0"));
                assertEquals(app1.digest(), digestAt(t.host() + "/public/app1:v3.5"));
                assertEquals(app2.digest(), digestAt(t.host() + "/apps/app2:renamed"));
                Skopeo.copyAllToOciDir(t.host() + "/public/base-copy:1.0", tmp.resolve("check-" + t.port()), Options.plain().creds(USER, PASSWORD));
                for (String blob : multi.blobDigests()) {
                    assertEquals(1, countUploadsOf(t, blob), "blob " + blob + " was uploaded once to " + t.host() + ", then mounted");
                }
            }
            for (JsonNode img : j.get("images")) {
                assertTrue(img.get("line").asInt() >= 3, img::toString);
                assertEquals("copied", img.get("status").asText(), img::toString);
            }
            String log = Files.readString(tmp.resolve("sync.log"));
            assertTrue(log.contains("copied " + src.host() + "/public/app1:v3.5 -> " + gz.host() + "/public/app1:v3.5"), log);
            assertFalse(log.contains(PASSWORD), "the log never holds a password");
            assertFalse((r.out() + r.err()).contains(PASSWORD));

            // a second run: HEAD requests only, no manifest or blob GET at the source
            long gets = src.countRequests("GET", "/v2/public/.*");
            FerryCli.Result again = ferry().run("sync", lst.toString(), "--config", cfg.toString(), "--from", "nj", "--to", "gz", "--to", "sh", "-o", "json");
            assertEquals(0, again.exit(), again::toString);
            for (JsonNode img : again.json().get("images")) assertEquals("up_to_date", img.get("status").asText(), img::toString);
            assertEquals(gets, src.countRequests("GET", "/v2/public/.*"), "an image already there costs no GET");
        }
    }

    /** How many blob uploads to {@code t} committed {@code digest} (PUT …?digest=…), from its access log. */
    static long countUploadsOf(RegistryServer t, String digest) {
        return t.accessLog().stream().filter(e -> e.method().equals("PUT") && e.uri().contains("digest=" + digest.replace(":", "%3A"))
                || e.method().equals("PUT") && e.uri().contains("digest=" + digest)).count();
    }

    @Test
    void aMissingImageFailsAloneAndIsReportedWithItsReason(@TempDir Path tmp) throws IOException {
        try (RegistryServer gz = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path cfg = cfg(tmp, "", gz);
            Path lst = list(tmp, "10.45.80.1/public/app1:v3.5", "10.45.80.1/public/nothing:1", "10.45.80.1/public/app2:v3.10");
            FerryCli.Result r = ferry().run("sync", lst.toString(), "--config", cfg.toString());
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.out().contains("Failed images:") && r.out().contains("public/nothing:1"), r::toString);
            assertTrue(r.err().contains("Invalid:1 Total:3 Success:2 Failed:0 Doing:0"), "image-transmit's status line: " + r.err());
            assertEquals(app1.digest(), digestAt(gz.host() + "/public/app1:v3.5"));
            assertEquals(app2.digest(), digestAt(gz.host() + "/public/app2:v3.10"));
        }
    }

    @Test
    void targetRepositoryRewritesTheFirstPathSegment(@TempDir Path tmp) throws IOException {
        try (RegistryServer gz = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path cfg = cfg(tmp, "", gz);
            Files.writeString(cfg, Files.readString(cfg).replace("  name: gz\n", "  name: gz\n  repository: customer\n"));
            Path lst = list(tmp, "10.45.80.1/public/app1:v3.5");
            FerryCli.Result plan = ferry().run("plan", lst.toString(), "--config", cfg.toString(), "-o", "json");
            assertEquals(0, plan.exit(), plan::toString);
            assertEquals(gz.host() + "/customer/app1:v3.5", plan.json().get("images").get(0).get("target").asText());
            // image-transmit's GenRepoUrl drops the first segment and keeps the rest of a deep path; a one-segment path gets it in front
            Path deep = tmp.resolve("deep.lst");
            Files.writeString(deep, "10.45.80.1/public/team/sub/app1:v3.5\n10.45.80.1/app1:v3.5\n");
            FerryCli.Result deepPlan = ferry().run("plan", deep.toString(), "--config", cfg.toString(), "-o", "json");
            assertEquals(0, deepPlan.exit(), deepPlan::toString);
            assertEquals(gz.host() + "/customer/team/sub/app1:v3.5", deepPlan.json().get("images").get(0).get("target").asText());
            assertEquals(gz.host() + "/customer/app1:v3.5", deepPlan.json().get("images").get(1).get("target").asText());
            FerryCli.Result r = ferry().run("sync", lst.toString(), "--config", cfg.toString(), "-q");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(app1.digest(), digestAt(gz.host() + "/customer/app1:v3.5"));
        }
    }

    @Test
    void imageTransmitsCommandLineRunsDirectMode(@TempDir Path tmp) throws IOException {
        try (RegistryServer gz = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path cfg = cfg(tmp, "", gz);
            Path lst = list(tmp, "10.45.80.1/public/app1:v3.5");
            FerryCli.Result r = ferry().run("-src=nj", "-dst=gz", "-lst=" + lst, "-config=" + cfg);
            assertEquals(0, r.exit(), r::toString);
            assertEquals(app1.digest(), digestAt(gz.host() + "/public/app1:v3.5"));

            // the list from standard input, as in image-transmit's examples
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Main.run(new String[]{"-src=nj", "-dst=gz", "-config=" + cfg}, new PrintWriter(out, true), new PrintWriter(err, true),
                    Map.of("FERRY_TEST_PW", PASSWORD, "CI", "true", "DOCKER_CONFIG", tmp.toString()),
                    new ByteArrayInputStream("10.45.80.1/public/app2:v3.10\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, code, () -> out + "\n" + err);
            assertEquals(app2.digest(), digestAt(gz.host() + "/public/app2:v3.10"));

            FerryCli.Result upload = ferry().run("-dst=gz", "-img=img_full_202106122344_meta.yaml", "-config=" + cfg);
            assertEquals(2, upload.exit(), upload::toString);
            assertTrue(upload.err().contains("img_full_202106122344_meta.yaml does not exist"), upload::toString);
        }
    }

    @Test
    void planShowsTheMappingOfflineAndCheckFindsMissingSources(@TempDir Path tmp) throws IOException {
        Path cfgFile = tmp.resolve("cfg.yaml");
        // addresses nobody can reach: plan without --check must not need them
        Files.writeString(cfgFile, "source:\n- registry: http://10.45.80.1\n  name: nj\ntarget:\n- registry: http://10.45.46.109\n  name: gz\n  repository: yyyy\n");
        Path lst = list(tmp, "10.45.80.1/public/alpine:3.5 -> alpine-2:3.5-2", "10.45.80.1/public/alpine:3.5 -> public-2/alpine-2:3.5-2",
                "10.45.80.1/xxxx/image:tag");
        FerryCli.Result r = ferry().run("plan", lst.toString(), "--config", cfgFile.toString(), "--from", "nj", "--to", "gz");
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().map(l -> l.replaceAll("\\s+", " ")).toList();
        assertTrue(lines.get(0).endsWith("10.45.80.1/public/alpine:3.5 -> 10.45.46.109/alpine-2:3.5-2"), r::toString);
        assertTrue(lines.get(1).endsWith("-> 10.45.46.109/public-2/alpine-2:3.5-2"), r::toString);
        assertTrue(lines.get(2).endsWith("10.45.80.1/xxxx/image:tag -> 10.45.46.109/yyyy/image:tag"), r::toString);

        Path checkList = list(tmp, "reg.example/public/app1:v3.5", "reg.example/public/gone:1");
        FerryCli.Result check = ferry().run("plan", checkList.toString(), "--from", src.host(), "--to", "127.0.0.1:9", "--check");
        assertEquals(1, check.exit(), check::toString);
        assertTrue(check.out().matches("(?s).*ok +" + app1.digest().substring(0, 19) + ".*") && check.out().contains("MISSING"), check::toString);
        assertTrue(check.out().contains("1 of 2 source images exist"), check::toString);
    }

    @Test
    void badConfigurationSaysWhereAndExitsWithTwo(@TempDir Path tmp) throws IOException {
        Path cfgFile = tmp.resolve("cfg.yaml");
        Files.writeString(cfgFile, "source:\n- registry: http://127.0.0.1:1\n  name: nj\nmaxconn: -3\n");
        FerryCli.Result r = ferry().run("sync", list(tmp, "a/b:1").toString(), "--config", cfgFile.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("cfg.yaml:4:"), r::toString);
        Files.writeString(cfgFile, "source: [unclosed\n");
        FerryCli.Result y = ferry().run("plan", list(tmp, "a/b:1").toString(), "--config", cfgFile.toString());
        assertEquals(2, y.exit(), y::toString);
        assertTrue(y.err().contains("cfg.yaml:"), y::toString);
        FerryCli.Result unknown = ferry().run("plan", list(tmp, "a/b:1").toString(), "--from", "nosuch", "--to", "gz", "--config",
                cfg(tmp, "", RegistryServer.builder().start()).toString());
        assertEquals(2, unknown.exit(), unknown::toString);
        assertTrue(unknown.err().contains("nosuch") && unknown.err().contains("known: nj, gz"), unknown::toString);
    }

    @Test
    void theQpsLimitSpreadsRequests(@TempDir Path tmp) throws IOException {
        try (RegistryServer gz = RegistryServer.builder().start()) {
            Path lst = list(tmp, "10.0.0.1/public/app1:v3.5", "10.0.0.1/public/app2:v3.10");
            long start = System.nanoTime();
            FerryCli.Result r = ferry().run("sync", lst.toString(), "--from", src.host(), "--to", gz.host(), "--qps", "10", "-q");
            double secs = (System.nanoTime() - start) / 1e9;
            assertEquals(0, r.exit(), r::toString);
            long requests = gz.countRequests("*", "/v2/.+");
            assertTrue(requests >= 14, "enough requests to measure (1.3 s or more at 10 qps): " + requests);
            assertTrue(secs >= (requests - 1) / 10.0 * 0.9, requests + " requests to the target took " + secs + " s at 10 qps");
        }
    }

    /** Stopping a run (SIGTERM, as Ctrl-C does through the shutdown hook) abandons uploads and tags nothing. */
    @Test
    void stoppingARunTagsNothingHalfCopied(@TempDir Path tmp) throws Exception {
        try (RegistryServer gz = RegistryServer.builder().start(); FaultProxy slow = FaultProxy.start(src.url())) {
            for (TestImages.Blob b : app1.layers()) slow.delay("GET", "/v2/public/app1/blobs/" + b.digest(), Duration.ofSeconds(30), 10);
            Path lst = list(tmp, "10.0.0.1/public/app1:v3.5");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "sync", lst.toString(), "--from", slow.host(), "--to", gz.host(), "--log", tmp.resolve("run.log").toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("out.txt").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (slow.countRequests("GET", "/v2/public/app1/blobs/.*") == 0 && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(slow.countRequests("GET", "/v2/public/app1/blobs/.*") > 0, "the copy started");
            p.destroy(); // SIGTERM: the JVM runs ferry's shutdown hook, as on Ctrl-C
            assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "ferry stopped");
            ProcessResult check = Skopeo.run(List.of("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + gz.host() + "/public/app1:v3.5"));
            assertFalse(check.ok(), "nothing was tagged: " + check.describe());
            assertEquals(0, gz.countRequests("PUT", "/v2/public/app1/manifests/.*"), "no manifest was written");
        }
    }
}
