package dev.ferry.ref;

import static dev.ferry.ref.Samples.SHA256;
import static dev.ferry.ref.Samples.SHA512;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceApiTest {

    @Test
    void accessorsOfATaggedReference() {
        ImageReference r = ImageReference.parse("nginx:1.25");
        assertEquals("docker.io", r.registry());
        assertEquals("library/nginx", r.repository());
        assertEquals(Optional.of("1.25"), r.tag());
        assertEquals(Optional.empty(), r.digest());
        assertEquals("docker.io/library/nginx", r.name());
        assertEquals("1.25", r.reference());
        assertEquals("docker.io/library/nginx:1.25", r.toString());
        assertEquals("nginx:1.25", r.familiar());
    }

    @Test
    void noTagAndNoDigestMeansLatest() {
        ImageReference r = ImageReference.parse("user/app");
        assertEquals(Optional.of("latest"), r.tag());
        assertEquals("latest", r.reference());
    }

    @Test
    void aDigestAloneHasNoTag() {
        ImageReference r = ImageReference.parse("nginx@" + SHA256);
        assertEquals(Optional.empty(), r.tag());
        assertEquals(Optional.of(SHA256), r.digest());
        assertEquals(SHA256, r.reference());
        assertEquals("docker.io/library/nginx@" + SHA256, r.toString());
    }

    @Test
    void tagAndDigestAreBothKeptAndTheDigestIsFetched() {
        ImageReference r = ImageReference.parse("localhost:5000/a:1@" + SHA256);
        assertEquals(Optional.of("1"), r.tag());
        assertEquals(Optional.of(SHA256), r.digest());
        assertEquals(SHA256, r.reference());
        assertEquals("localhost:5000/a:1@" + SHA256, r.toString());
        assertEquals("localhost:5000/a:1@" + SHA256, r.familiar());
    }

    @Test
    void equalsAndHashCodeFollowTheNormalisedForm() {
        ImageReference a = ImageReference.parse("nginx");
        ImageReference b = ImageReference.parse("index.docker.io/library/nginx:latest");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, ImageReference.parse("nginx:1"));
        assertNotEquals(a, ImageReference.parse("nginx:latest@" + SHA256));
        assertNotEquals(a, ImageReference.parse("localhost/nginx"));
        assertNotEquals(a, ImageReference.parse("library/nginx/x"));
        assertNotEquals(a, "docker.io/library/nginx:latest");
        assertNotEquals(ImageReference.parse("registry-1.docker.io/library/nginx"), a);
    }

    @Test
    void withTagReplacesTheTagAndDropsTheDigest() {
        ImageReference r = ImageReference.parse("nginx:1@" + SHA256).withTag("2");
        assertEquals("docker.io/library/nginx:2", r.toString());
        assertEquals(Optional.empty(), r.digest());
        assertEquals("2", r.reference());
    }

    @Test
    void withTagValidates() {
        ImageReference r = ImageReference.parse("nginx");
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> r.withTag("-x"));
        assertEquals("invalid tag \"-x\": tag \"-x\" must start with a letter, a digit or '_', not '-'", e.getMessage());
        assertEquals("tag", e.subject());
        assertThrows(InvalidReferenceException.class, () -> r.withTag(""));
        assertThrows(InvalidReferenceException.class, () -> r.withTag("t".repeat(129)));
        assertEquals("t".repeat(128), r.withTag("t".repeat(128)).tag().orElseThrow());
        assertThrows(NullPointerException.class, () -> r.withTag(null));
    }

    @Test
    void withDigestKeepsTheTag() {
        ImageReference r = ImageReference.parse("nginx:1.25").withDigest(SHA256);
        assertEquals("docker.io/library/nginx:1.25@" + SHA256, r.toString());
        assertEquals(SHA256, r.reference());
        ImageReference d = ImageReference.parse("nginx@" + SHA256).withDigest(SHA512);
        assertEquals("docker.io/library/nginx@" + SHA512, d.toString());
    }

    @Test
    void withDigestValidates() {
        ImageReference r = ImageReference.parse("nginx");
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> r.withDigest("sha256:abc"));
        assertEquals("invalid digest \"sha256:abc\": sha256 digest must have exactly 64 hex digits, not 3", e.getMessage());
        assertThrows(InvalidReferenceException.class, () -> r.withDigest("abc"));
        assertThrows(InvalidReferenceException.class, () -> r.withDigest("md5:d41d8cd98f00b204e9800998ecf8427e"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            nginx                    | harbor.example              | harbor.example/library/nginx:latest
            nginx:1                  | `[::1]:5000`                | `[::1]:5000/library/nginx:1`
            user/app:1               | localhost                   | localhost/user/app:1
            harbor.example/app:1     | docker.io                   | docker.io/library/app:1
            harbor.example/app:1     | index.docker.io             | docker.io/library/app:1
            harbor.example/a/b:1     | docker.io                   | docker.io/a/b:1
            harbor.example/app:1     | registry-1.docker.io        | registry-1.docker.io/app:1
            nginx                    | HARBOR                      | HARBOR/library/nginx:latest
            nginx                    | 10.45.80.1:5000             | 10.45.80.1:5000/library/nginx:latest
            """)
    void withRegistryMovesTheImage(String input, String registry, String expected) {
        ImageReference moved = ImageReference.parse(input).withRegistry(registry);
        assertEquals(expected, moved.toString());
        assertEquals(moved, ImageReference.parse(moved.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            harbor                 | docker would read it as part of the repository path
            ``                     | registry is empty
            http://harbor.example  | must be host[:port] without a scheme such as http://
            harbor.example/        | must be host[:port] without a path
            a_b.example            | '_' is not allowed
            host:x                 | registry port "x" must be a number
            fc00::1                | more than one ':'
            """)
    void withRegistryValidates(String registry, String fragment) {
        ImageReference r = ImageReference.parse("nginx");
        String value = registry == null ? "" : registry;
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> r.withRegistry(value));
        assertTrue(e.getMessage().startsWith("invalid registry " + InvalidReferenceException.quote(value) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            nginx:1                  | app           | docker.io/library/app:1
            nginx:1                  | user/app      | docker.io/user/app:1
            localhost:5000/x:1       | app           | localhost:5000/app:1
            localhost:5000/x:1       | a/b/c         | localhost:5000/a/b/c:1
            harbor.example/x@$SHA256 | y             | harbor.example/y@$SHA256
            """)
    void withRepositoryReplacesThePath(String input, String repository, String expected) {
        ImageReference r = ImageReference.parse(Samples.expand(input)).withRepository(repository);
        assertEquals(Samples.expand(expected), r.toString());
        assertEquals(r, ImageReference.parse(r.toString()));
    }

    @Test
    void withRepositoryValidates() {
        ImageReference hub = ImageReference.parse("nginx");
        ImageReference local = ImageReference.parse("localhost/x");
        assertEquals("invalid repository \"App\": repository name must be lowercase",
                assertThrows(InvalidReferenceException.class, () -> hub.withRepository("App")).getMessage());
        assertThrows(InvalidReferenceException.class, () -> hub.withRepository(""));
        assertThrows(InvalidReferenceException.class, () -> hub.withRepository("a//b"));
        assertThrows(InvalidReferenceException.class, () -> hub.withRepository("a:b"));
        // the library/ prefix counts towards the 255 characters
        assertThrows(InvalidReferenceException.class, () -> hub.withRepository("a".repeat(248)));
        assertEquals("library/" + "a".repeat(247), hub.withRepository("a".repeat(247)).repository());
        assertEquals("a".repeat(255), local.withRepository("a".repeat(255)).repository());
        assertThrows(InvalidReferenceException.class, () -> local.withRepository("a".repeat(256)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            docker.io             | true
            index.docker.io       | true
            registry-1.docker.io  | true
            DOCKER.IO             | false
            docker.io:443         | false
            registry.example               | false
            localhost             | false
            """)
    void isDockerHub(String registry, boolean expected) {
        assertEquals(expected, ImageReference.isDockerHub(registry));
    }

    @Test
    void isDockerHubOfNullIsFalse() {
        assertFalse(ImageReference.isDockerHub(null));
        assertTrue(ImageReference.parse("nginx").isDockerHub());
        assertFalse(ImageReference.parse("registry.example/a/b").isDockerHub());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            nginx                       | registry-1.docker.io
            docker.io/user/app          | registry-1.docker.io
            registry-1.docker.io/x/y    | registry-1.docker.io
            registry.example/a/b                 | registry.example
            localhost:5000/a            | localhost:5000
            `[::1]:5000/a`              | `[::1]:5000`
            DOCKER.IO/a                 | DOCKER.IO
            """)
    void apiHost(String input, String expected) {
        assertEquals(expected, ImageReference.parse(input).apiHost());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            localhost/a                       | true
            localhost:5000/a                  | true
            LOCALHOST/a                       | true
            Localhost:5000/a                  | true
            127.0.0.1/a                       | true
            127.0.0.1:5000/a                  | true
            127.1.2.3:80/a                    | true
            127.255.255.255/a                 | true
            `[::1]/a`                         | true
            `[::1]:5000/a`                    | true
            `[0:0:0:0:0:0:0:1]:5000/a`        | true
            `[0::1]/a`                        | true
            `[::0001]/a`                      | true
            `[::2]/a`                         | false
            `[1::1]/a`                        | false
            `[::]/a`                          | false
            `[fe80::1]/a`                     | false
            `[0:0:0:0:0:0:0:0:1]/a`           | false
            `[::1::]/a`                       | false
            127.0.0.256/a                     | false
            127.0.0/a                         | false
            128.0.0.1/a                       | false
            localhost.example.com/a           | false
            nginx                             | false
            localhost:5000                    | false
            example.com/a                     | false
            """)
    void isLoopback(String input, boolean expected) {
        assertEquals(expected, ImageReference.parse(input).isLoopback());
    }

    @Test
    void familiarKeepsDockerIoWhenTheShortFormWouldNameAnotherRegistry() {
        // docker prints "localhost/x:latest", which reads back as registry localhost.
        ImageReference r = ImageReference.parse("docker.io/localhost/x");
        assertEquals("docker.io/localhost/x:latest", r.familiar());
        assertEquals("library/a/b:1", ImageReference.parse("docker.io/library/a/b:1").familiar());
    }
}
