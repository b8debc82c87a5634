package dev.ferry.shell;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell's commands through a pipe and {@code -c}, against two real registries named in a real cfg.yaml: open, cd,
 * pwd, ls, ls -l, diff, and CLI commands with relative references giving exactly the CLI's output. Bounded: two
 * registries and three small images, about 10 s.
 */
@Timeout(120)
class ShellCommandsTest {
    static Path work;
    static Path cfg;
    static RegistryServer src, dst;
    static Image one, two, multi;
    final ShellRun ferry = new ShellRun();

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-shell-commands-");
        Path layout = work.resolve("images");
        one = TestImages.single(layout, "one", "linux", "amd64", 2, 120_000, false);
        two = TestImages.single(layout, "two", "linux", "arm64", 2, 90_000, false);
        multi = TestImages.multiArch(layout, "multi", 1, 50_000, false);
        src = RegistryServer.builder().start();
        dst = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "one", src.host() + "/corpus/debian:v1", Options.plain(), true);
        Skopeo.pushOciDir(layout, "two", src.host() + "/corpus/debian:v2", Options.plain(), true);
        Skopeo.pushOciDir(layout, "multi", src.host() + "/corpus/python:3.12", Options.plain(), true);
        Skopeo.pushOciDir(layout, "one", dst.host() + "/corpus/debian:v1", Options.plain(), true);
        Skopeo.pushOciDir(layout, "multi", dst.host() + "/corpus/debian:old", Options.plain(), true);
        cfg = work.resolve("cfg.yaml");
        Files.writeString(cfg, "source:\n- registry: \"http://" + src.host() + "\"\n  name: nj\ntarget:\n- registry: \"http://" + dst.host() + "\"\n  name: gz\n");
    }

    @AfterAll
    static void tearDown() {
        if (src != null) src.close();
        if (dst != null) dst.close();
        TempDirs.deleteRecursively(work);
    }

    ShellRun.Result shell(String commands) {
        return ferry.run("shell", "--config", cfg.toString(), "-c", commands);
    }

    @Test
    void openCdPwdAndLsWalkTheRegistryLikeAFileSystem() {
        ShellRun.Result r = shell("open " + src.host() + "; ls; cd corpus; pwd; ls; cd debian; pwd; cd ../python; pwd; cd /; pwd; open @gz/corpus; pwd");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(String.join("\n", "corpus/debian", "corpus/python",
                src.host() + "/corpus", "debian", "python",
                src.host() + "/corpus/debian", src.host() + "/corpus/python", src.host(), "@gz/corpus") + "\n", r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void lsInARepositoryIsTheCliTagsAndInspectWithARelativeTagIsTheCliInspect() {
        ShellRun.Result inShell = shell("open @nj; cd corpus/debian; ls; inspect :v1; tags --sort");
        ShellRun.Result tags = ferry.run("tags", src.host() + "/corpus/debian");
        ShellRun.Result inspect = ferry.run("inspect", "--config", cfg.toString(), "@nj/corpus/debian:v1");
        ShellRun.Result sorted = ferry.run("tags", "--sort", src.host() + "/corpus/debian");
        assertEquals(0, inShell.exit(), inShell::toString);
        assertEquals(0, inspect.exit(), inspect::toString);
        assertEquals("v1\nv2\n", tags.out());
        assertEquals(tags.out() + inspect.out() + sorted.out(), inShell.out(), inShell::toString);
    }

    @Test
    void namesWithoutARegistryAreUnderTheCurrentPathWhileARegistryIsOpen() {
        ShellRun.Result r = shell("open @nj; cd corpus; tags debian; inspect debian:v1; cd debian; inspect ../python:3.12");
        ShellRun.Result tags = ferry.run("tags", "--config", cfg.toString(), "@nj/corpus/debian");
        ShellRun.Result v1 = ferry.run("inspect", "--config", cfg.toString(), "@nj/corpus/debian:v1");
        ShellRun.Result py = ferry.run("inspect", "--config", cfg.toString(), "@nj/corpus/python:3.12");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(tags.out() + v1.out() + py.out(), r.out(), r::toString);
    }

    @Test
    void lsLongShowsDigestPlatformsSizeAndAge() {
        ShellRun.Result r = shell("open " + src.host() + "/corpus/debian; ls -l; ls -l ../python");
        assertEquals(0, r.exit(), r::toString);
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r::toString);
        assertTrue(lines[0].startsWith("v1  " + one.digest().substring(0, 19) + "  linux/amd64  "), r::toString);
        assertTrue(lines[1].startsWith("v2  " + two.digest().substring(0, 19) + "  linux/arm64  "), r::toString);
        assertTrue(lines[2].startsWith("3.12  " + multi.digest().substring(0, 19) + "  linux/amd64,linux/arm64"), r::toString);
        assertTrue(lines[0].matches(".* [0-9.]+ KB  [0-9]+ days ago$"), r::toString);
    }

    @Test
    void diffSaysWhatIsOnlyOnOneSideWhatDiffersAndWhatASyncWouldMove() {
        ShellRun.Result r = shell("open @nj; diff corpus/debian @gz/corpus/debian");
        assertEquals(1, r.exit(), r::toString);
        long v2Layers = two.blobSizes().entrySet().stream().filter(e -> !e.getKey().equals(configOf(two))).mapToLong(java.util.Map.Entry::getValue).sum();
        assertEquals(String.join("\n",
                "only in @nj/corpus/debian (1): v2",
                "only in @gz/corpus/debian (1): old",
                "different digests (0):",
                "the same: 1",
                "a sync would move " + dev.ferry.cli.Format.bytes(v2Layers) + " of layers (2 blobs)") + "\n", r.out(), r::toString);
        ShellRun.Result missing = shell("diff " + src.host() + "/corpus/debian " + dst.host() + "/corpus/nothing-yet");
        assertTrue(missing.out().startsWith("only in " + src.host() + "/corpus/debian (2): v1 v2\n"), missing::toString);
        ShellRun.Result same = shell("diff " + src.host() + "/corpus/debian " + src.host() + "/corpus/debian");
        assertEquals(0, same.exit(), same::toString);
    }

    @Test
    void diffOfTwoRegistriesComparesTheirRepositoriesAndTags() {
        ShellRun.Result r = shell("diff @nj @gz");
        assertEquals(1, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        // corpus/python may have been copied to gz by another test of this class: either way it is said
        assertTrue(lines.get(0).equals("only in @nj (1): corpus/python") || lines.get(0).equals("only in @nj (0):"), r::toString);
        assertEquals("only in @gz (0):", lines.get(1), r::toString);
        assertTrue(lines.contains("corpus/debian: 1 tag only in the first (v2), 1 only in the second (old)")
                || lines.contains("corpus/debian: 0 tags only in the first (), 1 only in the second (old)"), r::toString);
        assertTrue(lines.get(lines.size() - 1).startsWith("repositories with the same tags: "), r::toString);
    }

    private static String configOf(Image i) {
        String raw = i.rawString();
        int at = raw.indexOf("\"config\"");
        int d = raw.indexOf("sha256:", at);
        return raw.substring(d, d + 71);
    }

    @Test
    void aCopyWithRelativeReferencesLandsWhereTheCliWouldPutItAndSaysWhatTheCliSays() {
        ShellRun.Result r = shell("open @nj; cd corpus/python; copy :3.12 @gz -q");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("Copied " + src.host() + "/corpus/python:3.12 -> " + dst.host() + "/corpus/python:3.12\n  digest    " + multi.digest() + "\n"), r::toString);
        assertEquals(multi.digest(), Skopeo.digest(Skopeo.inspectRaw(dst.host() + "/corpus/python:3.12", Options.plain())));
        // now both the CLI and the shell find it there, and say so in the same words
        ShellRun.Result cli = ferry.run("copy", "-q", "--config", cfg.toString(), "@nj/corpus/python:3.12", "@gz/corpus/python");
        ShellRun.Result again = shell("open @nj; cd corpus/python; copy :3.12 @gz -q");
        assertEquals(0, cli.exit(), cli::toString);
        assertTrue(cli.out().startsWith("Up to date: " + dst.host() + "/corpus/python:3.12"), cli::toString);
        assertEquals(cli.out().replaceAll("[0-9.]+ s\n", "T\n"), again.out().replaceAll("[0-9.]+ s\n", "T\n"), again::toString);
    }

    @Test
    void outputJsonSetInTheShellIsEveryCommandsDefault() {
        ShellRun.Result r = shell("open @nj/corpus/debian; set output json; tags");
        ShellRun.Result cli = ferry.run("tags", "--config", cfg.toString(), "-o", "json", "@nj/corpus/debian");
        assertEquals(0, r.exit(), r::toString);
        assertEquals(cli.out(), r.out());
    }

    @Test
    void sessionFlagsOfOneCommandAreRefusedInTheShellWithWhatToDo() {
        ShellRun.Result r = shell("tags --insecure " + src.host() + " " + src.host() + "/corpus/debian");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("--insecure does not apply to one command inside the shell"), r::toString);
        assertTrue(r.err().contains("give --insecure to ferry shell"), r::toString);
        ShellRun.Result cleartext = shell("tags --insecure 10.0.0.5 --cleartext-credentials 10.0.0.5 " + src.host() + "/corpus/debian");
        assertEquals(2, cleartext.exit(), cleartext::toString);
        ShellRun.Result onlyCleartext = shell("tags --cleartext-credentials 10.0.0.5 " + src.host() + "/corpus/debian");
        assertTrue(onlyCleartext.err().contains("--cleartext-credentials does not apply to one command inside the shell"), onlyCleartext::toString);
        ShellRun.Result creds = shell("tags --creds me:secret " + src.host() + "/corpus/debian");
        assertEquals(2, creds.exit(), creds::toString);
        assertTrue(creds.err().contains("use login REGISTRY"), creds::toString);
        assertFalse(creds.err().contains("secret"), creds::toString);
    }

    @Test
    void unknownCommandsSuggestTheClosestAndHelpListsTheShellsCommands() {
        ShellRun.Result r = shell("dif a b");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("Did you mean 'ferry diff'?"), r::toString);
        ShellRun.Result help = shell("help");
        assertEquals(0, help.exit(), help::toString);
        for (String c : new String[]{"copy", "sync", "open", "cd", "ls", "diff", "jobs", "fg", "cancel", "set", "login"}) {
            assertTrue(help.out().contains("  " + c + " "), c + " in\n" + help.out());
        }
        ShellRun.Result helpLs = shell("help ls");
        assertTrue(helpLs.out().contains("List the repositories under a path"), helpLs::toString);
    }
}
