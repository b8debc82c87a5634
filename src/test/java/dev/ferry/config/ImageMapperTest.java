package dev.ferry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ref.ImageReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

class ImageMapperTest {

    private static final String D = "sha256:" + "ab".repeat(32);

    private static Mapping map(String line, String from, String to, String repository) {
        ImageListEntry e = ImageList.parse(line, "t").get(0);
        return ImageMapper.map(e, from, to, repository);
    }

    @ParameterizedTest(name = "{0}  [{1} -> {2} {3}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # list line                                      | source host  | target host   | repository | source                                   | target
            # the seed's command-line session: the list's registry is replaced by the chosen source
            10.45.80.21/public/alpine:3.11                   | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/public/alpine:3.11            | 10.45.46.109/public/alpine:3.11
            10.45.80.21/public/alpine:3.12.1                 | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/public/alpine:3.12.1          | 10.45.46.109/public/alpine:3.12.1
            http://10.45.80.1/public/alpine:3.12.2           | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/public/alpine:3.12.2          | 10.45.46.109/public/alpine:3.12.2
            # the seed's renames
            10.45.80.1/public/alpine:3.5 -> alpine-2:3.5-2   | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/public/alpine:3.5             | 10.45.46.109/alpine-2:3.5-2
            10.45.80.1/public/alpine:3.5 -> public-2/alpine-2:3.5-2 | 10.45.80.1 | 10.45.46.109 | -        | 10.45.80.1/public/alpine:3.5             | 10.45.46.109/public-2/alpine-2:3.5-2
            # repository: yyyy replaces the first path segment, or goes in front of a single one
            10.45.80.1/xxxx/image:tag                        | 10.45.80.1   | 10.45.46.109  | yyyy       | 10.45.80.1/xxxx/image:tag                | 10.45.46.109/yyyy/image:tag
            alpine:3.11                                      | 10.45.80.1   | 10.45.46.109  | yyyy       | 10.45.80.1/alpine:3.11                   | 10.45.46.109/yyyy/alpine:3.11
            10.45.80.1/a/b/c:1                               | 10.45.80.1   | 10.45.46.109  | yyyy       | 10.45.80.1/a/b/c:1                       | 10.45.46.109/yyyy/b/c:1
            10.45.80.1/a/b:1                                 | 10.45.80.1   | 10.45.46.109  | y/z        | 10.45.80.1/a/b:1                         | 10.45.46.109/y/z/b:1
            # but not to explicit renames
            10.45.80.1/xxxx/image:tag -> other/image:2       | 10.45.80.1   | 10.45.46.109  | yyyy       | 10.45.80.1/xxxx/image:tag                | 10.45.46.109/other/image:2
            # no registry part: the source host goes in front, without library/
            alpine:3.11                                      | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/alpine:3.11                   | 10.45.46.109/alpine:3.11
            alpine                                           | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/alpine:latest                 | 10.45.46.109/alpine:latest
            public/alpine:3.11                               | localhost:5000 | 127.0.0.1:5001 | -       | localhost:5000/public/alpine:3.11        | 127.0.0.1:5001/public/alpine:3.11
            # ... except on Docker Hub, where docker's rule applies
            alpine:3.11                                      | docker.io    | 10.45.46.109  | -          | docker.io/library/alpine:3.11            | 10.45.46.109/library/alpine:3.11
            alpine:3.11                                      | index.docker.io | 10.45.46.109 | -         | docker.io/library/alpine:3.11            | 10.45.46.109/library/alpine:3.11
            10.45.80.1/alpine:3.11                           | 10.45.80.1   | docker.io     | -          | 10.45.80.1/alpine:3.11                   | docker.io/library/alpine:3.11
            10.45.80.1/public/alpine:3.11                    | 10.45.80.1   | docker.io     | -          | 10.45.80.1/public/alpine:3.11            | docker.io/public/alpine:3.11
            # a registry part by docker's rule: '.', ':', localhost or an uppercase letter
            localhost/team/app:1                             | reg.example  | tgt.example   | -          | reg.example/team/app:1                   | tgt.example/team/app:1
            Mirror/team/app:1                                | reg.example  | tgt.example   | -          | reg.example/team/app:1                   | tgt.example/team/app:1
            docker.io/nginx:1                                | reg.example  | tgt.example   | -          | reg.example/nginx:1                      | tgt.example/nginx:1
            team/app:1                                       | reg.example  | tgt.example   | -          | reg.example/team/app:1                   | tgt.example/team/app:1
            # no source host: the entry as docker reads it
            nginx                                            | -            | tgt.example   | -          | docker.io/library/nginx:latest           | tgt.example/library/nginx:latest
            a.example/app:1                                  | -            | tgt.example   | -          | a.example/app:1                          | tgt.example/app:1
            # renames: registry part replaced, tag kept when none is given
            alpine:3.11 -> mirror/alpine                     | 10.45.80.1   | 10.45.46.109  | yyyy       | 10.45.80.1/alpine:3.11                   | 10.45.46.109/mirror/alpine:3.11
            alpine:3.11 -> other.example/x/y:2               | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/alpine:3.11                   | 10.45.46.109/x/y:2
            alpine:3.11 -> web                               | 10.45.80.1   | docker.io     | -          | 10.45.80.1/alpine:3.11                   | docker.io/library/web:3.11
            alpine -> web                                    | 10.45.80.1   | 10.45.46.109  | -          | 10.45.80.1/alpine:latest                 | 10.45.46.109/web:latest
            # addresses as written in cfg.yaml are accepted too
            x/app:1                                          | http://10.45.80.1/ | HTTPS://Reg.Example:8443 | - | 10.45.80.1/x/app:1                      | reg.example:8443/x/app:1
            x/app:1                                          | [::1]:5000   | tgt.example   | -          | [::1]:5000/x/app:1                       | tgt.example/x/app:1
            """)
    void mapsLikeImageTransmit(String line, String from, String to, String repository, String source, String target) {
        Mapping m = map(line, from, to, repository);
        assertEquals(source, m.source().toString());
        assertEquals(target, m.target().toString());
        assertEquals(1, m.line());
        assertFalse(m.targetByDigest());
    }

    @Test
    void digestPinnedSources() {
        Mapping m = map("10.45.80.21/public/alpine@" + D, "10.45.80.1", "10.45.46.109", null);
        assertEquals(ImageReference.parse("10.45.80.1/public/alpine@" + D), m.source());
        assertEquals(ImageReference.parse("10.45.46.109/public/alpine@" + D), m.target());
        assertTrue(m.targetByDigest());
        assertTrue(m.target().tag().isEmpty());

        m = map("public/alpine:3.11@" + D, "10.45.80.1", "10.45.46.109", "yyyy");
        assertEquals("10.45.80.1/public/alpine:3.11@" + D, m.source().toString(), "pulled by digest");
        assertEquals("10.45.46.109/yyyy/alpine:3.11", m.target().toString(), "pushed under the tag");
        assertFalse(m.targetByDigest());

        m = map("public/alpine@" + D + " -> mirror/alpine", "10.45.80.1", "10.45.46.109", null);
        assertEquals("10.45.46.109/mirror/alpine@" + D, m.target().toString());
        assertTrue(m.targetByDigest());

        m = map("public/alpine@" + D + " -> mirror/alpine:pinned", "10.45.80.1", "10.45.46.109", null);
        assertEquals("10.45.46.109/mirror/alpine:pinned", m.target().toString());
    }

    @Test
    void renameWithADigestIsAnError() {
        ImageListEntry e = new ImageListEntry("alpine:3.11", "mirror/alpine@" + D, 7);
        ConfigException x = assertThrows(ConfigException.class, () -> ImageMapper.map(e, "reg.example", "tgt.example", null));
        assertEquals(7, x.line());
        assertTrue(x.getMessage().startsWith("line 7: the new name \"mirror/alpine@" + D + "\" has a digest; expected"), x.getMessage());
        assertTrue(x.withSource("img.lst").getMessage().startsWith("img.lst:7: the new name"), x.withSource("img.lst").getMessage());
    }

    @Test
    void namesTooLongForTheTargetAreReported() {
        String longPath = "a/" + "b".repeat(250);
        ImageListEntry e = new ImageListEntry("reg.example/" + longPath + ":1", null, 3);
        ConfigException x = assertThrows(ConfigException.class, () -> ImageMapper.map(e, "reg.example", "tgt.example", "some-long-project"));
        assertTrue(x.getMessage().startsWith("line 3: cannot write"), x.getMessage());
    }

    @Test
    void bareRegistryNamesAreRefused() {
        ImageListEntry e = ImageListEntry.of("alpine:3.11");
        assertThrows(IllegalArgumentException.class, () -> ImageMapper.map(e, "harbor", "tgt.example", null));
        assertThrows(IllegalArgumentException.class, () -> ImageMapper.map(e, "reg.example", "harbor", null));
    }

    @Test
    void mapsBetweenConfiguredRegistries() {
        FerryConfig c = ConfigLoader.parse("""
                source:
                - registry: "http://10.45.80.1"
                  name: nj
                target:
                - registry: "http://10.45.46.109"
                  repository: yyyy
                  name: gz
                """, null, Map.of());
        List<ImageListEntry> list = ImageList.parse("""
                10.45.80.21/xxxx/alpine:3.11
                alpine:3.12 -> mirror/alpine
                """, "img.lst");
        RegistryEntry nj = c.source("nj");
        RegistryEntry gz = c.target("gz");
        List<Mapping> m = list.stream().map(e -> ImageMapper.map(e, nj, gz)).toList();
        assertEquals("10.45.80.1/xxxx/alpine:3.11 -> 10.45.46.109/yyyy/alpine:3.11", m.get(0).toString());
        assertEquals("10.45.80.1/alpine:3.12 -> 10.45.46.109/mirror/alpine:3.12", m.get(1).toString());
        assertEquals(2, m.get(1).line());
        assertEquals(ImageReference.parse("10.45.80.1/alpine:3.12"), ImageMapper.source(list.get(1), nj));
    }
}
