package dev.ferry.cli;

import dev.ferry.app.DisplayWidth;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sync that fails, read in Chinese: against real registries, one image of the list does not exist and one target
 * refuses the password. Everything ferry says — the errors, their hints, the status line, the report — is Chinese;
 * what stays Latin is names (images, registries, files, flags, digests) and what the registry itself said.
 */
class ChineseSyncTest {
    static final String USER = "ferry";
    static final String PASSWORD = "s3cret-Pa55";
    static Path work;
    static RegistryServer src;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        Tools.require("htpasswd");
        work = Files.createTempDirectory("ferry-zh-sync-");
        Path layout = work.resolve("images");
        TestImages.single(layout, "app1", "linux", "amd64", 1, 20_000, false);
        src = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "app1", src.host() + "/public/app1:v1", Options.plain(), false);
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void aFailingSyncSpeaksChineseThroughout(@TempDir Path tmp) throws IOException {
        try (RegistryServer gz = RegistryServer.builder().htpasswd(USER, PASSWORD).start();
             RegistryServer sh = RegistryServer.builder().htpasswd(USER, PASSWORD).start()) {
            Path cfg = tmp.resolve("cfg.yaml");
            Files.writeString(cfg, "source:\n- registry: \"http://" + src.host() + "\"\n  name: nj\n"
                    + "target:\n- registry: \"http://" + gz.host() + "\"\n  user: " + USER + "\n  password: " + PASSWORD + "\n  name: gz\n"
                    + "- registry: \"http://" + sh.host() + "\"\n  user: " + USER + "\n  password: wrong-password\n  name: sh\n"
                    + "retries: 0\nlang: zh_CN\n");
            Path lst = Files.writeString(tmp.resolve("img.lst"), "10.45.80.1/public/app1:v1\n10.45.80.1/public/missing:1\n");
            FerryCli.Result r = new FerryCli().run("sync", lst.toString(), "--config", cfg.toString(), "--from", "nj", "--to", "gz", "--to", "sh",
                    "--log", tmp.resolve("sync.log").toString());
            assertEquals(1, r.exit(), r::toString);
            String all = r.out() + r.err();
            assertTrue(r.err().contains("无效:2 总计:4 成功:1 失败:1 正在处理:0 下载速度:"), "image-transmit's status line in Chinese: " + r);
            assertTrue(all.contains("失败的镜像："), r::toString);
            assertTrue(all.contains("不存在"), "the missing image's kind: " + r);
            assertTrue(all.contains("认证失败"), "the refused password's kind: " + r);
            assertTrue(all.contains("请检查仓库地址、镜像名和标签"), "the hint of not found: " + r);
            assertEquals(List.of(), englishLeft(all, src, gz, sh), "English sentences left in the Chinese output:\n" + r);
            assertTrue(!all.contains("wrong-password") && !all.contains(PASSWORD), "no password shown");
            String log = Files.readString(tmp.resolve("sync.log"));
            assertTrue(log.contains("任务开始") && log.contains("认证失败") || log.contains("仓库拒绝了"), log);
            assertEquals(List.of(), englishLeft(log, src, gz, sh), "the run's log speaks the run's language:\n" + log);
        }
    }

    @Test
    void aPlanTableInChineseLinesUpByDisplayWidth(@TempDir Path tmp) throws IOException {
        Path lst = Files.writeString(tmp.resolve("img.lst"), "10.45.80.1/public/app1:v1\n10.45.80.1/public/missing-image:1\n");
        FerryCli.Result r = new FerryCli().run("--lang", "zh_CN", "plan", lst.toString(), "--from", src.host(), "--to", "127.0.0.1:9", "--check");
        assertEquals(1, r.exit(), r::toString);
        List<String> rows = r.out().lines().filter(l -> l.contains(" -> ")).toList();
        assertEquals(2, rows.size(), r::toString);
        assertTrue(rows.get(0).matches(".* 存在 +sha256:[0-9a-f]{12}") && rows.get(1).endsWith(" 不存在"), "not found is said once: " + r);
        assertEquals(DisplayWidth.of(rows.get(0).substring(0, rows.get(0).indexOf(" -> "))), DisplayWidth.of(rows.get(1).substring(0, rows.get(1).indexOf(" -> "))), r.out());
        // the digest starts where a status as wide as the widest (不存在, 6 columns) and two spaces end
        int statusAt = DisplayWidth.of(rows.get(0).substring(0, rows.get(0).indexOf("存在")));
        assertEquals(statusAt, DisplayWidth.of(rows.get(1).substring(0, rows.get(1).indexOf("不存在"))), "the status column: " + r.out());
        int digestAt = DisplayWidth.of(rows.get(0).substring(0, rows.get(0).indexOf("sha256:")));
        assertEquals(statusAt + DisplayWidth.of("不存在") + 2, digestAt, r.out());
        assertEquals(List.of(), englishLeft(r.out() + r.err(), src), r::toString);
    }

    /** Runs of three or more Latin words that are not names: an image, a registry, a path, a flag, a digest, a command. */
    static List<String> englishLeft(String text, RegistryServer... registries) {
        String t = text;
        for (RegistryServer r : registries) t = t.replace(r.host(), "HOST");
        t = t.replaceAll("[\\w.-]+(/[\\w.:@-]+)+", "NAME") // image references and paths
                .replaceAll("sha256:[0-9a-f…]+", "DIGEST")
                .replaceAll("--?[a-z][\\w-]*", "FLAG")
                .replaceAll("(docker|ferry) [a-z]+( [A-Z]+)*", "COMMAND"); // a command to run, as the hints name them
        List<String> runs = new ArrayList<>();
        Matcher m = Pattern.compile("\\b[A-Za-z]{2,}(?:[ ,'()]+[A-Za-z]{2,}){2,}").matcher(t);
        while (m.find()) runs.add(m.group());
        return runs;
    }
}
