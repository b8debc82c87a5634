package dev.ferry.cli;

import dev.ferry.testing.RegistryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** watch's other modes: SIGHUP reloads the list, --save writes an incremental pack per round, --tags and --order semver choose tags. */
@Timeout(120)
class WatchModesTest extends WatchRig {
    @Test
    void sighupReadsTheListAgain(@TempDir Path dir) throws Exception {
        push(src, "h/one:1", 500);
        push(src, "h/two:1", 500);
        Files.writeString(dir.resolve("img.lst"), src.host() + "/h/one:1\n");
        try (FerryProcess w = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--interval", "1s")) {
            w.awaitOutput("Round 1: 1 shipped", 1, Duration.ofSeconds(30));
            Files.writeString(dir.resolve("img.lst"), src.host() + "/h/one:1\n" + src.host() + "/h/two:1\n");
            w.signal("HUP");
            w.awaitOutput("Reloaded cfg.yaml and the list: 2 lines", 1, Duration.ofSeconds(10));
            w.awaitOutput("Shipped \\S+/h/two:1", 1, Duration.ofSeconds(10));
            Files.writeString(dir.resolve("img.lst"), src.host() + "/h/one@sha256:" + "0".repeat(64) + "\n");
            w.signal("HUP");
            w.awaitOutput("Reload refused, the old settings stay \\(2 lines\\)", 1, Duration.ofSeconds(10));
            w.signal("TERM");
            assertEquals(0, w.awaitExit(Duration.ofSeconds(20)), w.output());
        }
        assertEquals(Set.of("1"), tags(dst, "h/two"));
    }

    @Test
    void aTagOverwrittenWhileTheWatchRunsIsShippedAgainAtTheNextRecheck(@TempDir Path dir) throws Exception {
        push(src, "r/app:1", 500);
        Files.writeString(dir.resolve("img.lst"), src.host() + "/r/app:1\n");
        try (FerryProcess w = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--interval", "1s", "--recheck", "2s")) {
            w.awaitOutput("Round 1: 1 shipped", 1, Duration.ofSeconds(30));
            String changed = push(src, "r/app:1", 600);
            w.awaitOutput("Shipped again \\S+/r/app:1 -> ", 1, Duration.ofSeconds(10));
            assertEquals(changed, WatchRig.digestAt(dst, "r/app:1"));
            w.signal("TERM");
            assertEquals(0, w.awaitExit(Duration.ofSeconds(20)), w.output());
        }
    }

    @Test
    void saveWritesAnIncrementalPackPerRoundThatLoads(@TempDir Path dir) throws Exception {
        push(src, "s/app:1.0", 2000);
        Files.writeString(dir.resolve("img.lst"), src.host() + "/s/app:1.0\n");
        Path packs = dir.resolve("packs");
        try (FerryProcess w = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--save", "--dir", packs.toString(), "--interval", "1s")) {
            w.awaitOutput("Round 1 wrote ", 1, Duration.ofSeconds(30));
            push(src, "s/app:1.1", 2000);
            w.awaitOutput("Round \\d+ wrote ", 2, Duration.ofSeconds(15));
            w.signal("TERM");
            assertEquals(0, w.awaitExit(Duration.ofSeconds(20)), w.output());
        }
        List<Path> metas;
        try (Stream<Path> s = Files.walk(packs)) {
            metas = s.filter(p -> p.getFileName().toString().endsWith("_meta.yaml")).sorted().toList();
        }
        assertEquals(2, metas.size(), metas.toString());
        Path full = metas.stream().filter(p -> p.getFileName().toString().contains("img_full_")).findFirst().orElseThrow();
        Path inc = metas.stream().filter(p -> p.getFileName().toString().contains("img_inc_")).findFirst().orElseThrow();
        assertTrue(Files.readString(inc).contains(full.getFileName().toString()), "the second pack's parent is the first:\n" + Files.readString(inc));
        try (RegistryServer site = RegistryServer.builder().start()) {
            assertEquals(0, new FerryCli().run("load", full.toString(), "--to", site.host(), "-q").exit());
            FerryCli.Result r = new FerryCli().run("load", inc.toString(), "--to", site.host(), "-q");
            assertEquals(0, r.exit(), r::toString);
            assertEquals(Set.of("1.0", "1.1"), tags(site, "s/app"));
        }
    }

    @Test
    void tagsAndSemverChooseWhatALineWithoutATagShips(@TempDir Path dir) throws Exception {
        for (String t : List.of("v1.0.0", "v1.1.0-rc.1", "v0.9.0", "latest", "v2", "nightly")) push(src, "t/app:" + t, 300);
        Files.writeString(dir.resolve("img.lst"), src.host() + "/t/app\n");
        FerryCli.Result r = new FerryCli().run("watch", dir.resolve("img.lst").toString(), "--from", src.host(), "--to", dst.host(), "--once",
                "--order", "semver", "--tags", "v1\\..*", "--history", dir.resolve("h.yaml").toString(),
                "--status-file", dir.resolve("s.json").toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(Set.of("v1.0.0", "v1.1.0-rc.1"), tags(dst, "t/app"), r::toString);
        // image-transmit's own command line: -src -dst -lst --watch (here as one round would be: the history file keeps it at one)
        Files.writeString(dir.resolve("cfg.yaml"), "source:\n- registry: http://" + src.host() + "\n  name: nj\ntarget:\n- registry: http://"
                + dst.host() + "\n  name: gz\n");
        Files.writeString(dir.resolve("one.lst"), src.host() + "/t/app:v2\n");
        try (FerryProcess w = FerryProcess.start(dir, "-src=nj", "-dst=gz", "-lst=one.lst", "--watch")) {
            w.awaitOutput("Shipped \\S+/t/app:v2 -> ", 1, Duration.ofSeconds(30));
            w.signal("TERM");
            assertEquals(0, w.awaitExit(Duration.ofSeconds(20)), w.output());
        }
        assertTrue(tags(dst, "t/app").contains("v2"));
        FerryCli.Result bad = new FerryCli().run("watch", dir.resolve("img.lst").toString(), "--once", "--tags", "v(");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("--tags v( is not a regular expression"), bad::toString);
    }

    @Test
    void aRecordThatCannotBeWrittenIsAWarningInTheReadersLanguageAndTheWatchGoesOn(@TempDir Path dir) throws Exception {
        push(src, "w/app:1", 500);
        Files.writeString(dir.resolve("img.lst"), src.host() + "/w/app:1\n");
        Files.writeString(dir.resolve("cfg.yaml"), "lang: zh_CN\n");
        Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path status = blocker.resolve("status.json");
        try (FerryProcess w = FerryProcess.start(dir, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--once", "--status-file", status.toString())) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            String warning = "警告：无法写入 " + status + "（FileAlreadyExistsException: " + blocker + "）；守护模式继续运行，不保存这条记录";
            assertTrue(w.output().contains(warning), w.output());
            assertTrue(w.output().contains("第 1 轮：传输 1 个"), w.output());
        }
        assertEquals(Set.of("1"), tags(dst, "w/app"));
    }
}
