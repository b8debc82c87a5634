package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.ferry.testing.Skopeo;
import dev.ferry.testing.Skopeo.Options;
import dev.ferry.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upload on Lanterna's virtual terminal: a pack of three images is chosen, one line is deleted in the list editor
 * key by key, and the upload loads the two left and nothing of the third (skopeo and the target's access log say so).
 */
@Timeout(120)
class TuiUploadSelectionTest {
    static ReleaseRig rig;
    static TestImages.Image third;

    @BeforeAll
    static void setUp() throws IOException {
        rig = new ReleaseRig();
        Path layout = rig.work.resolve("third");
        third = TestImages.single(layout, "third", "linux", "amd64", 2, 90_000, false);
        Skopeo.pushOciDir(layout, "third", rig.src.host() + "/app/third:3", Options.plain(), true);
    }

    @AfterAll
    static void tearDown() {
        if (rig != null) rig.close();
    }

    @Test
    void aLineDeletedInTheEditorIsLeftOutOfTheUpload() throws Exception {
        try (VirtualTui tui = new VirtualTui(rig.session, 80, 24)) {
            tui.await("the release screen", s -> s.contains("[F2 Release]"));
            tui.type("app/one:1\napp/multi:2\napp/third:3\n");
            tui.await("the lines checked", x -> x.contains("/customer/third:3"));
            tui.key(KeyType.F7);
            tui.await("the download's choices", x -> x.contains("Compression:"));
            int[] okay = tui.find("<  OK  >");
            tui.click(okay[0] + 3, okay[1]);
            tui.await("the pack saved", x -> x.contains("Download 3") && x.contains("Done."));
            Path meta;
            try (var files = Files.walk(rig.work.resolve("data"))) {
                meta = files.filter(f -> f.getFileName().toString().endsWith("_meta.yaml")).findFirst().orElseThrow();
            }

            tui.key(KeyType.F8);
            String file = meta.getFileName().toString();
            tui.await("the file dialog at the pack", x -> x.contains("The pack to upload") && x.contains(file.substring(0, 20)));
            int[] ok = tui.find("<  OK  >");
            tui.click(ok[0] + 3, ok[1]);
            String s = tui.await("the pack's images in the editor", x -> x.contains("3 images. Rename a line") && x.contains("/customer/third:3")
                    && !x.contains("The pack to upload"));
            assertTrue(TuiReleaseTest.row(s, 3).startsWith("app/multi:2 "), s);
            // the second line deleted as a person does: a click on it, to its end, then Backspace over it and its line break
            tui.click(2, 3);
            tui.key(KeyType.End);
            for (int i = 0; i <= "app/multi:2".length(); i++) tui.key(KeyType.Backspace);
            s = tui.await("two lines left", x -> TuiReleaseTest.row(x, 3).startsWith("app/third:3 ") && TuiReleaseTest.row(x, 4).isBlank());
            assertTrue(TuiReleaseTest.row(s, 2).startsWith("app/one:1 "), s);

            tui.key(KeyType.F8);
            s = tui.await("the upload done", x -> x.contains("Upload " + file) && x.contains("Done."));
            System.out.println("80x24 after Upload of two of three:\n" + s);
            assertTrue(s.contains("Invalid:0 Total:2 Success:2 Failed:0"), s);
            assertEquals(Skopeo.digest(rig.atSource("app/one:1")), Skopeo.digest(rig.atTarget("customer/one:1")));
            assertEquals(third.digest(), Skopeo.digest(rig.atTarget("customer/third:3")));
            assertEquals(0, rig.dst.countRequests("*", "/v2/customer/multi/.*"), "nothing of it was pushed:\n" + rig.dst.logText());
            assertNull(rig.atTarget("customer/multi:2"), "the deleted line's image is not at the target");
        }
    }
}
