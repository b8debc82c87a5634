package dev.ferry.cli;

import dev.ferry.testing.ProcessResult;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TempDirs;
import dev.ferry.testing.TestImages;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One image list, with a {@code ->} rename and a target with {@code repository:}, run through {@code sync}, through
 * {@code save} then {@code load}, and through the shell's {@code sync}: each target registry ends up with the same
 * names, read back with skopeo.
 */
@Timeout(180)
class OneMappingTest {
    static Path work;
    static RegistryServer src, viaSync, viaPack, viaShell;
    static Path cfg, list;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("docker-registry");
        Tools.require("skopeo");
        work = Files.createTempDirectory("ferry-mapping-test-");
        Path layout = work.resolve("images");
        TestImages.single(layout, "tools", "linux", "amd64", 1, 20_000, false);
        TestImages.single(layout, "web", "linux", "amd64", 1, 20_000, false);
        src = RegistryServer.builder().start();
        viaSync = RegistryServer.builder().start();
        viaPack = RegistryServer.builder().start();
        viaShell = RegistryServer.builder().start();
        Skopeo.pushOciDir(layout, "tools", src.host() + "/public/tools:1", Options.plain(), false);
        Skopeo.pushOciDir(layout, "web", src.host() + "/app/web:3.2", Options.plain(), false);
        StringBuilder y = new StringBuilder("source:\n- registry: \"" + src.host() + "\"\n  name: nj\ntarget:\n");
        for (var t : Map.of("sync", viaSync, "pack", viaPack, "shell", viaShell).entrySet()) {
            y.append("- registry: \"").append(t.getValue().host()).append("\"\n  name: ").append(t.getKey()).append("\n  repository: rel\n");
        }
        cfg = Files.writeString(work.resolve("cfg.yaml"), y.toString());
        list = Files.writeString(work.resolve("img.lst"), "10.45.80.1/public/tools:1 -> customer/tools:1\n10.45.80.1/app/web:3.2\n");
    }

    @AfterAll
    static void tearDown() {
        for (RegistryServer r : new RegistryServer[]{src, viaSync, viaPack, viaShell}) if (r != null) r.close();
        TempDirs.deleteRecursively(work);
    }

    @Test
    void syncSaveLoadAndTheShellGiveTheSameNames() {
        FerryCli ferry = new FerryCli();
        FerryCli.Result sync = ferry.run("sync", list.toString(), "--config", cfg.toString(), "--from", "nj", "--to", "sync",
                "--log", work.resolve("sync.log").toString());
        assertEquals(0, sync.exit(), sync::toString);

        FerryCli.Result save = ferry.run("save", list.toString(), "--config", cfg.toString(), "--from", "nj", "--dir", work.resolve("packs").toString());
        assertEquals(0, save.exit(), save::toString);
        String meta = PackCommandsTest.metaOf(save).toString();
        FerryCli.Result load = ferry.run("load", meta, "--config", cfg.toString(), "--to", "pack");
        assertEquals(0, load.exit(), load::toString);

        FerryCli.Result shell = ferry.run("shell", "--config", cfg.toString(), "-c",
                "sync " + list + " --from nj --to shell --log " + work.resolve("shell.log"));
        assertEquals(0, shell.exit(), shell::toString);

        List<String> expected = List.of("customer/tools:1", "rel/web:3.2");
        assertEquals(expected, names(viaSync), "sync");
        assertEquals(expected, names(viaPack), "save + load");
        assertEquals(expected, names(viaShell), "the shell's sync");
    }

    /** Every repository:tag at a registry, as skopeo lists them. */
    private static List<String> names(RegistryServer r) {
        List<String> out = new ArrayList<>();
        for (String repo : List.of("customer/tools", "rel/tools", "public/tools", "rel/web", "app/web", "customer/web")) {
            ProcessResult p = Skopeo.run(List.of("skopeo", "list-tags", "--tls-verify=false", "docker://" + r.host() + "/" + repo));
            if (p.exitCode() != 0) continue;
            for (String tag : p.stdout().replaceAll("(?s).*\"Tags\":\\s*\\[(.*?)].*", "$1").split(",")) {
                String t = tag.strip().replace("\"", "");
                if (!t.isEmpty()) out.add(repo + ":" + t);
            }
        }
        return out;
    }
}
