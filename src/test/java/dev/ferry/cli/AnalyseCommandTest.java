package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.FileLayers;
import dev.ferry.testing.FileLayers.Layer;
import dev.ferry.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ferry analyse} on an image whose waste is known by construction. */
@Timeout(120)
class AnalyseCommandTest {
    @Test
    void countsWhatLaterLayersOverwriteOrDeleteAndWhatIsStoredTwice(@TempDir Path tmp) throws Exception {
        Path layout = tmp.resolve("layout");
        byte[] big1 = FileLayers.text(100_000, 11), b = FileLayers.text(50_000, 12), big2 = FileLayers.text(100_000, 13);
        TestImages.Image img = FileLayers.image(layout, "app", List.of(
                Layer.of(6, "a/", new byte[0], "a/big.bin", big1, "b.txt", b),
                Layer.of(6, "a/big.bin", big2),                       // overwrites 100 000 bytes of layer 0
                Layer.of(6, "b.txt", null, "c.bin", big2)));           // deletes 50 000 bytes of layer 0; c.bin is layer 1's big.bin again
        String ref = "oci:" + layout + ":app";

        FerryCli.Result json = new FerryCli().run("analyse", ref, "-o", "json");
        assertEquals(0, json.exit(), json::toString);
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertEquals(img.digest(), n.path("digest").asText());
        assertEquals(350_000, n.path("fileBytes").asLong());
        assertEquals(150_000, n.path("wastedBytes").asLong());
        assertEquals(1 - 150_000 / 350_000.0, n.path("efficiency").asDouble(), 1e-9);
        assertEquals(100_000, n.path("layers").get(0).path("wastedBytes").asLong() - 50_000);
        assertEquals(0, n.path("layers").get(1).path("wastedBytes").asLong());
        assertEquals("ferry TestImages layer 1", n.path("layers").get(1).path("createdBy").asText());
        for (int i = 0; i < 3; i++) {
            assertEquals(img.layers().get(i).size(), n.path("layers").get(i).path("size").asLong());
            assertTrue(n.path("layers").get(i).path("uncompressedSize").asLong() % 512 == 0);
        }
        assertEquals(1, n.path("duplicates").size());
        assertEquals(100_000, n.path("duplicates").get(0).path("extraBytes").asLong());
        assertEquals(List.of("1:a/big.bin", "2:c.bin"), List.of(n.path("duplicates").get(0).path("places").get(0).asText(), n.path("duplicates").get(0).path("places").get(1).asText()));
        assertEquals("a/big.bin", n.path("largestFiles").get(0).path("path").asText());
        assertEquals(2, n.path("largestFiles").size());
        assertEquals("a/", n.path("largestDirectories").get(0).path("path").asText());

        FerryCli.Result text = new FerryCli().run("analyse", ref);
        assertEquals(0, text.exit(), text::toString);
        assertTrue(text.out().contains("wasted 146.5 KiB (42.9%)") || text.out().contains("(42.9%)"), text::toString);
        assertTrue(text.out().contains("Efficiency 57.1%"), text::toString);

        FerryCli.Result strict = new FerryCli().run("analyse", ref, "--ci", "--max-wasted", "20%");
        assertEquals(1, strict.exit(), strict::toString);
        assertTrue(strict.out().contains("FAILED: 42.9% wasted"), strict::toString);
        FerryCli.Result lenient = new FerryCli().run("analyse", ref, "--ci", "--max-wasted", "50%");
        assertEquals(0, lenient.exit(), lenient::toString);
        assertEquals(2, new FerryCli().run("analyse", ref, "--ci", "--max-wasted", "lots").exit());
    }

    /**
     * The layer table as the catalogue means it, in both languages: the header's two-column indent survives reading the
     * catalogue (written \u0020 there), so its "#" stands over the layers' numbers and its last column over "created by";
     * the lists under their headings are indented too.
     */
    @Test
    void theLayerTableLinesUpInEnglishAndChinese(@TempDir Path tmp) throws Exception {
        Path layout = tmp.resolve("layout");
        FileLayers.image(layout, "app", List.of(Layer.of(6, "a.bin", FileLayers.text(20_000, 1)), Layer.of(6, "a.bin", FileLayers.text(20_000, 2))));
        String ref = "oci:" + layout + ":app";
        for (String lang : List.of("en_US.UTF-8", "zh_CN.UTF-8")) {
            FerryCli.Result r = new FerryCli().env("LANG", lang).run("analyse", ref);
            assertEquals(0, r.exit(), r::toString);
            List<String> lines = List.of(r.out().split("\n"));
            int head = -1;
            for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().startsWith("#")) head = i;
            assertTrue(head >= 0, r::toString);
            String header = lines.get(head), first = lines.get(head + 1);
            assertTrue(header.startsWith("  #"), lang + ": the header keeps its indent: [" + header + "]");
            assertEquals(first.length() - first.stripLeading().length(), header.indexOf('#'), lang + ": '#' over the layer number\n" + header + "\n" + first);
            String createdBy = first.substring(first.indexOf("ferry TestImages"));
            int column = dev.ferry.app.DisplayWidth.of(first.substring(0, first.indexOf(createdBy)));
            String lastHeading = lang.startsWith("en") ? "created by" : "创建命令";
            assertEquals(column, dev.ferry.app.DisplayWidth.of(header.substring(0, header.indexOf(lastHeading))),
                    lang + ": the last heading over the command that made the layer\n" + header + "\n" + first);
            if (lang.startsWith("en")) assertEquals("  #  compressed  uncompressed  files     wasted  created by", header);
            String files = lines.get(lines.indexOf(lines.stream().filter(l -> l.startsWith("Largest files") || l.startsWith("最大的文件")).findFirst().orElseThrow()) + 1);
            assertTrue(files.startsWith("  ") && !files.startsWith("   "), lang + ": a file under its heading is indented two columns: [" + files + "]");
        }
    }

    @Test
    void aPackIsASourceLikeAnyOther(@TempDir Path tmp) throws Exception {
        dev.ferry.testing.Tools.require("docker-registry");
        dev.ferry.testing.Tools.require("skopeo");
        Path layout = tmp.resolve("layout");
        byte[] big1 = FileLayers.text(100_000, 21), big2 = FileLayers.text(100_000, 23);
        TestImages.Image img = FileLayers.image(layout, "app", List.of(
                Layer.of(6, "a/", new byte[0], "a/big.bin", big1, "b.txt", FileLayers.text(50_000, 22)),
                Layer.of(1, "a/big.bin", big2, "b.txt", null).strategy(java.util.zip.Deflater.HUFFMAN_ONLY))); // gets a new digest on load
        FileLayers.image(layout, "other", List.of(Layer.of(6, "x.txt", FileLayers.text(10_000, 24))));
        JsonNode want = new ObjectMapper().readTree(new FerryCli().run("analyse", "oci:" + layout + ":app", "-o", "json").out());
        assertEquals(150_000, want.path("wastedBytes").asLong());
        try (dev.ferry.testing.RegistryServer src = dev.ferry.testing.RegistryServer.builder().start()) {
            for (String name : List.of("app", "other")) {
                dev.ferry.testing.Skopeo.pushOciDir(layout, name, src.host() + "/public/" + name + ":1", dev.ferry.testing.Skopeo.Options.plain(), false);
            }
            java.nio.file.Files.writeString(tmp.resolve("one.lst"), "x.example/public/app:1\n");
            java.nio.file.Files.writeString(tmp.resolve("two.lst"), "x.example/public/app:1\nx.example/public/other:1\n");
            for (String compress : List.of("none", "squash")) {
                FerryCli.Result save = new FerryCli().run("save", tmp.resolve("one.lst").toString(), "--from", src.host(), "--compress", compress,
                        "--dir", tmp.resolve(compress).toString(), "-q");
                assertEquals(0, save.exit(), save::toString);
                Path meta = PackCommandsTest.metaOf(save);
                FerryCli.Result json = new FerryCli().run("analyse", meta.toString(), "-o", "json");
                assertEquals(0, json.exit(), json::toString);
                JsonNode n = new ObjectMapper().readTree(json.out());
                assertEquals(img.digest(), n.path("digest").asText(), compress);
                for (String field : List.of("fileBytes", "wastedBytes", "efficiency")) assertEquals(want.path(field), n.path(field), compress + " " + field);
                assertEquals(want.path("layers"), n.path("layers"), compress);
                assertEquals(want.path("largestFiles"), n.path("largestFiles"), compress);
            }
            FerryCli.Result save = new FerryCli().run("save", tmp.resolve("two.lst").toString(), "--from", src.host(), "--compress", "squash",
                    "--dir", tmp.resolve("two").toString(), "-q");
            Path meta = PackCommandsTest.metaOf(save);
            FerryCli.Result which = new FerryCli().run("analyse", meta.toString());
            assertEquals(2, which.exit(), which::toString);
            assertTrue(which.err().contains("holds several images") && which.err().contains("public/other:1"), which::toString);
            FerryCli.Result named = new FerryCli().run("analyse", meta + ":public/app:1", "-o", "json");
            assertEquals(0, named.exit(), named::toString);
            assertEquals(want.path("wastedBytes"), new ObjectMapper().readTree(named.out()).path("wastedBytes"));
            FerryCli.Result none = new FerryCli().run("analyse", meta + ":public/nothing:1");
            assertEquals(2, none.exit(), none::toString);
        }
    }
}
