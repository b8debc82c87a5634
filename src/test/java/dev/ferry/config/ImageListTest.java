package dev.ferry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class ImageListTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;

    @Test
    void theSeedsCommandLineSession() {
        List<ImageListEntry> l = ImageList.parse("""
                10.45.80.21/public/alpine:3.11
                10.45.80.21/public/alpine:3.12.1
                10.45.80.21/public/alpine:3.12.2
                """, "<stdin>");
        assertEquals(List.of(
                new ImageListEntry("10.45.80.21/public/alpine:3.11", null, 1),
                new ImageListEntry("10.45.80.21/public/alpine:3.12.1", null, 2),
                new ImageListEntry("10.45.80.21/public/alpine:3.12.2", null, 3)), l);
    }

    @Test
    void theSeedsRenames() {
        List<ImageListEntry> l = ImageList.parse("""
                10.45.80.1/public/alpine:3.5 -> alpine-2:3.5-2
                10.45.80.1/public/alpine:3.5 -> public-2/alpine-2:3.5-2
                """, "img.lst");
        assertEquals(new ImageListEntry("10.45.80.1/public/alpine:3.5", "alpine-2:3.5-2", 1), l.get(0));
        assertEquals(new ImageListEntry("10.45.80.1/public/alpine:3.5", "public-2/alpine-2:3.5-2", 2), l.get(1));
        assertTrue(l.get(0).renamed());
        assertEquals("10.45.80.1/public/alpine:3.5 -> alpine-2:3.5-2", l.get(0).toString());
    }

    @Test
    void commentsBlankLinesSpacingAndLineEnds() {
        String text = "\uFEFF# release 3.12\r\n"
                + "\r\n"
                + "  alpine:3.11   # the old one\r\n"
                + "\t\t# indented comment\n"
                + "a.example/x:1->b/y:2\r"
                + "a.example/x:1   ->\tb/y:2#not-a-comment-start? no: '#' right after a name is kept\n"
                + "   \n"
                + "nginx@" + DIGEST + "\n"
                + "HTTP://10.45.80.1/public/alpine:3.12.2\n"
                + "https://reg.example/a -> http://other.example/b";
        ConfigException e = assertThrows(ConfigException.class, () -> ImageList.parse(text, "l"));
        assertEquals(6, e.line(), e.getMessage());

        List<ImageListEntry> l = ImageList.parse(text.replace("#not-a-comment-start? no: '#' right after a name is kept", " # ok"), "l");
        assertEquals(List.of(
                new ImageListEntry("alpine:3.11", null, 3),
                new ImageListEntry("a.example/x:1", "b/y:2", 5),
                new ImageListEntry("a.example/x:1", "b/y:2", 6),
                new ImageListEntry("nginx@" + DIGEST, null, 8),
                new ImageListEntry("10.45.80.1/public/alpine:3.12.2", null, 9),
                new ImageListEntry("reg.example/a", "other.example/b", 10)), l);
    }

    @Test
    void emptyListsAreEmpty() {
        assertEquals(List.of(), ImageList.parse("", "l"));
        assertEquals(List.of(), ImageList.parse("\n# nothing\n\n", "l"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # line                              | column | the message contains
            `a.example/x -> `                   | 13     | no new name after '->'
            `-> b`                              | 1      | no image before '->'
            `   ->b`                            | 4      | no image before '->'
            `a -> b -> c`                       | 8      | a second '->' on the line
            `Alpine:3.11`                       | 1      | repository name must be lowercase
            `  alpine:3.11 extra`               | 15     | unexpected "extra" after "alpine:3.11"
            `alpine 3.11 -> b`                  | 8      | unexpected "3.11" after "alpine"
            `a -> b c`                          | 8      | unexpected "c" after "b"
            `alpine:3#x`                        | 1      | invalid image reference "alpine:3#x"
            `a.example/x:1 -> y:`               | 18     | tag is empty
            `a.example/x -> y@sha256:00`        | 17     | the new name "y@sha256:00" has a digest
            `ftp://a.example/x`                 | 1      | invalid image reference
            `a.example/x@sha256:1234`           | 1      | sha256 digest must have exactly 64 hex digits
            """)
    void malformedLines(String line, int column, String fragment) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ImageList.parse("# header\nalpine:3.11\n" + line + "\nalpine:3.12\n", "img.lst"));
        assertEquals(3, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("img.lst:3:" + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertTrue(e.getMessage().contains("; expected"), e.getMessage());
    }

    @Test
    void duplicatesAreKeptInOrderAndDistinctDropsRepeats() {
        List<ImageListEntry> l = ImageList.parse("b:1\na:1\nb:1\na:1 -> c:1\na:1\n", "l");
        assertEquals(5, l.size());
        List<ImageListEntry> d = ImageList.distinct(l);
        assertEquals(List.of(new ImageListEntry("b:1", null, 1), new ImageListEntry("a:1", null, 2),
                new ImageListEntry("a:1", "c:1", 4)), d);
    }

    @Test
    void readsFilesAndStreams() throws IOException {
        Path f = dir.resolve("img.lst");
        Files.writeString(f, "# 镜像列表\nalpine:3.11\n");
        assertEquals(List.of(new ImageListEntry("alpine:3.11", null, 2)), ImageList.read(f));

        // What Windows PowerShell's > writes: UTF-16LE with a byte order mark.
        byte[] utf16 = "\uFEFFalpine:3.11\r\nnginx:1 -> web:1\r\n".getBytes(StandardCharsets.UTF_16LE);
        assertEquals(List.of(new ImageListEntry("alpine:3.11", null, 1), new ImageListEntry("nginx:1", "web:1", 2)),
                ImageList.read(new ByteArrayInputStream(utf16), "<stdin>"));

        // A comment saved in GBK is not UTF-8, and does no harm.
        byte[] gbk = "# \u955c\u50cf\nalpine:3.11\n".getBytes(java.nio.charset.Charset.forName("GBK"));
        assertEquals(1, ImageList.read(new ByteArrayInputStream(gbk), "gbk.lst").size());

        ConfigException e = assertThrows(ConfigException.class, () -> ImageList.read(dir.resolve("missing.lst")));
        assertTrue(e.getMessage().startsWith(dir.resolve("missing.lst") + ": no such file"), e.getMessage());
    }

    @Test
    void entriesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ImageListEntry(" ", null, 1));
        assertThrows(IllegalArgumentException.class, () -> new ImageListEntry("a", "", 1));
        assertThrows(NullPointerException.class, () -> new ImageListEntry(null, null, 1));
        assertFalse(ImageListEntry.of("alpine").renamed());
    }
}
