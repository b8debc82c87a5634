package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dockerTransfer's images.json (seeds 000 and 001) with {@code sync} and {@code plan}: the seeds'
 * files exactly as they show them, their Docker Hub and ghcr.io names read from a loopback registry
 * through {@code --from}, written under a namespace as the seed workflow's ALIYUN_NAMESPACE.
 */
@Timeout(180)
class ImagesJsonCommandTest {
    static Path work;
    static Image multi, single;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-images-json-");
        Path layout = work.resolve("images");
        multi = TestImages.multiArch(layout, "multi", 1, 2_000, false);
        single = TestImages.single(layout, "single", "linux", "amd64", 1, 2_000, false);
        src = RegistryServer.builder().start();
        for (String r : List.of("centos:centos7.9.2009", "nginx:1.21", "nginx:latest", "vllm/vllm-openai:latest", "vllm/vllm-openai:v0.11.0",
                "ubuntu:22.04", "open-webui/open-webui:main")) {
            Skopeo.pushOciDir(layout, "multi", src.host() + "/" + r, Options.plain(), true);
        }
        for (String r : List.of("myapp:production", "myapp:latest")) Skopeo.pushOciDir(layout, "single", src.host() + "/" + r, Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    static String digestAt(String ref) {
        return Skopeo.digest(Skopeo.inspectRaw(ref, Options.plain()));
    }

    @Test
    void seed000sFileIsMirroredUnderTheNamespaceEveryTagFromOneRead(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            Path json = SeedFiles.copy(tmp, "seed000-images.json");
            FerryCli.Result r = new FerryCli().run("sync", json.toString(), "--from", src.host(), "--to", dst.host(), "--namespace", "mirrors",
                    "-o", "json", "--log", tmp.resolve("sync.log").toString());
            assertEquals(0, r.exit(), r::toString);
            assertEquals(3, r.json().get("total").asInt(), r::toString);
            for (String t : List.of("centos:centos7.9.2009", "centos:7.9.2009", "centos:7", "centos:latest", "nginx:1.21", "nginx:latest", "vllm-openai:latest")) {
                assertEquals(multi.digest(), digestAt(dst.host() + "/mirrors/" + t), t + ": both architectures, the source's own index");
            }
            assertEquals(1, src.countRequests("GET", "/v2/centos/manifests/centos7.9.2009"), "four tags, one read of the source");
            assertEquals(4, dst.countRequests("PUT", "/v2/mirrors/centos/manifests/(centos7.9.2009|7.9.2009|7|latest)"), "one manifest PUT a tag");
            for (String blob : multi.blobDigests()) {
                assertTrue(src.countRequests("GET", "/v2/centos/blobs/" + blob) <= 1, "each blob read once at most: " + blob);
            }

            // again: all there, nothing written
            FerryCli.Result again = new FerryCli().run("sync", json.toString(), "--from", src.host(), "--to", dst.host(), "--namespace", "mirrors", "-o", "json");
            assertEquals(0, again.exit(), again::toString);
            for (JsonNode img : again.json().get("images")) assertEquals("up_to_date", img.get("status").asText(), img::toString);
        }
    }

    @Test
    void seed001sExamplesSyncIncludingAPlatformTheSourceLacks(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().start()) {
            for (String f : List.of("seed001-quickstart.json", "seed001-example4.json", "seed001-usecase2.json")) {
                FerryCli.Result r = new FerryCli().run("sync", SeedFiles.copy(tmp, f).toString(), "--from", src.host(), "--to", dst.host(),
                        "--namespace", "ns1", "-q", "--log", tmp.resolve(f + ".log").toString());
                assertEquals(0, r.exit(), r::toString);
            }
            assertEquals(multi.digest(), digestAt(dst.host() + "/ns1/nginx:latest"));
            assertEquals(multi.digest(), digestAt(dst.host() + "/ns1/open-webui:main"), "ghcr.io's name read from --from");
            assertEquals(multi.digest(), digestAt(dst.host() + "/ns1/open-webui:latest"));
            assertEquals(single.digest(), digestAt(dst.host() + "/ns1/myapp-backup:production"));
            assertEquals(single.digest(), digestAt(dst.host() + "/ns1/myapp-backup:latest"));

            // use case 3 asks amd64 and arm64 of a source that has amd64 alone: amd64 is written, arm64 reported missing
            Path usecase3 = SeedFiles.copy(tmp, "seed001-usecase3.json");
            FerryCli.Result text = new FerryCli().run("sync", usecase3.toString(), "--from", src.host(), "--to", dst.host(), "--namespace", "ns1",
                    "-q", "--log", tmp.resolve("u3.log").toString());
            assertEquals(0, text.exit(), text::toString);
            assertTrue(text.out().contains("ns1/myapp:latest: written without linux/arm64, which the source does not have"), text::toString);
            assertEquals(single.digest(), digestAt(dst.host() + "/ns1/myapp:latest"));
            FerryCli.Result json = new FerryCli().run("sync", usecase3.toString(), "--from", src.host(), "--to", dst.host(), "--namespace", "ns2",
                    "-o", "json", "--log", tmp.resolve("u3b.log").toString());
            JsonNode img = json.json().get("images").get(0);
            assertEquals("copied", img.get("status").asText(), json::toString);
            assertEquals("[\"linux/arm64\"]", img.get("missingPlatforms").toString());
            assertEquals("[\"linux/amd64\"]", img.get("platforms").toString());

            // save reads images.json too, and says the same
            FerryCli.Result save = new FerryCli().run("save", usecase3.toString(), "--from", src.host(), "--dir", tmp.resolve("packs").toString(),
                    "-q", "--log", tmp.resolve("save.log").toString());
            assertEquals(0, save.exit(), save::toString);
            assertTrue(save.out().contains("myapp:latest: written without linux/arm64, which the source does not have"), save::toString);
            assertTrue(save.out().contains("Meta file:") || save.out().contains("_meta.yaml"), save::toString);
        }
    }

    /**
     * The command dist/github-actions/mirror.yml runs, taken from the workflow file itself: its
     * cfg.yaml step and its sync step, with the repository's secrets as environment variables, and
     * --from added to read the Docker Hub names from a loopback registry.
     */
    @Test
    void theGithubWorkflowsCommandMirrorsSeed000sFile(@TempDir Path tmp) throws IOException {
        try (RegistryServer dst = RegistryServer.builder().htpasswd("robot", "s3cret-Pw").start()) {
            Map<String, Object> wf = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("dist/github-actions/mirror.yml")));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Map<String, Object>>) wf.get("jobs")).get("mirror").get("steps");
            String cfgStep = (String) steps.stream().filter(st -> "Write cfg.yaml".equals(st.get("name"))).findFirst().orElseThrow().get("run");
            String syncStep = (String) steps.stream().filter(st -> "Mirror images".equals(st.get("name"))).findFirst().orElseThrow().get("run");
            String cfg = cfgStep.substring(cfgStep.indexOf("<<'EOF'\n") + 8, cfgStep.lastIndexOf("EOF"));
            Files.writeString(tmp.resolve("cfg.yaml"), cfg);
            Files.copy(SeedFiles.copy(tmp, "seed000-images.json"), tmp.resolve("images.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> args = new ArrayList<>();
            for (String a : syncStep.strip().replaceFirst("^java -jar tools/ferry.jar ", "").split("\\s+")) {
                String v = a.replace("\"$REGISTRY_NAMESPACE\"", "library-mirror");
                args.add(List.of("images.json", "cfg.yaml", "report.json", "ferry-sync.log").contains(v) ? tmp.resolve(v).toString() : v);
            }
            args.addAll(List.of("--from", src.host(), "-q"));
            FerryCli.Result r = new FerryCli().env("TARGET_REGISTRY", dst.host()).env("REGISTRY_USERNAME", "robot")
                    .env("REGISTRY_PASSWORD", "s3cret-Pw").run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r::toString);
            Options creds = Options.plain().creds("robot", "s3cret-Pw");
            assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/library-mirror/centos:7", creds)));
            assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/library-mirror/vllm-openai:latest", creds)));
            assertEquals(3, new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("report.json").toFile()).get("succeeded").asInt());
            assertTrue(Files.readString(tmp.resolve("ferry-sync.log")).contains("copied"), "the log the workflow keeps");
        }
    }

    @Test
    void everyExampleOfBothSeedsPlansOffline(@TempDir Path tmp) throws IOException {
        String[][] cases = {
                {"seed000-images.json", "centos:centos7.9.2009 -> T/ns/centos:centos7.9.2009,7.9.2009,7,latest", "3"},
                {"seed000-scenario1.json", "nginx:1.21 -> T/ns/nginx:1.21,latest", "1"},
                {"seed000-scenario2.json", "ubuntu:22.04 -> T/ns/ubuntu:22.04,jammy,latest", "1"},
                {"seed000-scenario3.json", "centos:centos7.9.2009 -> T/ns/centos:latest", "1"},
                {"seed000-scenario4.json", "vllm/vllm-openai:latest -> T/ns/vllm-openai:latest", "1"},
                {"seed001-quickstart.json", "nginx:latest -> T/ns/nginx:latest", "1"},
                {"seed001-example1.json", "nginx:latest -> T/ns/nginx:latest", "1"},
                {"seed001-example2.json", "ubuntu:22.04 -> T/ns/ubuntu:22.04,jammy,latest", "1"},
                {"seed001-example3.json", "vllm/vllm-openai:v0.11.0 -> T/ns/vllm-openai:v0.11.0,latest", "1"},
                {"seed001-example4.json", "open-webui/open-webui:main -> T/ns/open-webui:main,latest", "1"},
                {"seed001-usecase1.json", "nginx:1.21 -> T/ns/nginx:1.21,latest", "1"},
                {"seed001-usecase2.json", "myapp:production -> T/ns/myapp-backup:production,latest", "1"},
                {"seed001-usecase3.json", "myapp:latest -> T/ns/myapp:latest", "1"},
        };
        String target = "127.0.0.1:1";
        for (String[] c : cases) {
            FerryCli.Result r = new FerryCli().run("plan", SeedFiles.copy(tmp, c[0]).toString(), "--from", src.host(), "--to", target, "--namespace", "ns", "-o", "json");
            assertEquals(0, r.exit(), r::toString);
            JsonNode images = r.json().get("images");
            assertEquals(Integer.parseInt(c[2]), images.size(), r::toString);
            JsonNode first = images.get(0);
            List<String> tags = new ArrayList<>();
            first.get("tags").forEach(t -> tags.add(t.asText()));
            String shown = first.get("source").asText().replace(src.host() + "/", "") + " -> "
                    + first.get("target").asText().replaceFirst(":[^:/]+$", "").replace(target, "T") + ":" + String.join(",", tags);
            assertEquals(c[1], shown, c[0]);
            for (JsonNode i : images) assertTrue(i.get("platforms").size() >= 1, c[0] + ": architectures kept");
        }
    }

    @Test
    void mistakesPeopleMakeInJsonPointAtTheLineAndColumnAndExit2(@TempDir Path tmp) throws IOException {
        String good = SeedFiles.text("seed000-images.json");
        String[][] cases = {
                // a trailing comma after the last element (line 29 of the seed's file is its last "}")
                {good.replace("}\n]", "},\n]"), "29:6: a comma after the last element; remove this ','"},
                {good.replace("\"latest\"\n        ],\n        \"architectures\": [\"amd64\", \"arm64\"]\n    },\n    {\n        \"source\": \"nginx:1.21\"",
                        "\"latest\",\n        ],\n        \"architectures\": [\"amd64\", \"arm64\"]\n    },\n    {\n        \"source\": \"nginx:1.21\""),
                        "9:21: a comma after the last element; remove this ','"},
                {good.replace("\"source\": \"nginx:1.21\"", "'source': 'nginx:1.21'"), "14:9: a string in single quotes; JSON takes double quotes"},
                {good.replace("        \"target\": \"nginx\",\n", ""), "13:5: this image has no \"target\"; add \"target\": \"nginx\""},
                {good.replace("\"target\": \"vllm-openai\"", "\"target\": \"vllm-openai:latest\""),
                        "24:19: \"target\": \"vllm-openai:latest\" has a tag; write the name alone (\"vllm-openai\") and put \"latest\" in \"tags\""},
                {good.replace("\"tags\": [\n            \"1.21\",", "\"tag\": [\n            \"1.21\","), "16:9: unknown field \"tag\"; did you mean \"tags\"?"},
                {good.replace("[\"amd64\", \"arm64\"]", "\"amd64\""), "11:26: \"architectures\" is a string, not a list; write it as a list: [\"amd64\"]"},
                {good.replace("\"nginx\",\n        \"tags\"", "\"nginx\"\n        \"tags\""), "16:9: a comma is missing before this string; separate elements and fields with ','"},
        };
        for (String[] c : cases) {
            Path f = tmp.resolve("images.json");
            Files.writeString(f, c[0]);
            FerryCli.Result r = new FerryCli().run("plan", f.toString(), "--from", src.host(), "--to", "127.0.0.1:1");
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(f + ":" + c[1]), "expected \"" + c[1] + "\" in\n" + r);
        }
    }
}
