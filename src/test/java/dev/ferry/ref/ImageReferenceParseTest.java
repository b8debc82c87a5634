package dev.ferry.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parsing and normalisation, case by case. Placeholders such as {@code $SHA256} are expanded by
 * {@link Samples#expand(String)}. Every expected value was checked against docker's grammar by
 * {@link DockerOracle} (see {@link #everyValidCaseMatchesDocker}).
 */
class ImageReferenceParseTest {

    static final String VALID = """
            # input                                  | normalised                                      | registry             | repository        | familiar
            nginx                                    | docker.io/library/nginx:latest                  | docker.io            | library/nginx     | nginx:latest
            library/nginx                            | docker.io/library/nginx:latest                  | docker.io            | library/nginx     | nginx:latest
            docker.io/library/nginx:1.25             | docker.io/library/nginx:1.25                    | docker.io            | library/nginx     | nginx:1.25
            docker.io/nginx                          | docker.io/library/nginx:latest                  | docker.io            | library/nginx     | nginx:latest
            index.docker.io/nginx                    | docker.io/library/nginx:latest                  | docker.io            | library/nginx     | nginx:latest
            index.docker.io/library/nginx:1          | docker.io/library/nginx:1                       | docker.io            | library/nginx     | nginx:1
            index.docker.io/user/app:2               | docker.io/user/app:2                            | docker.io            | user/app          | user/app:2
            user/app                                 | docker.io/user/app:latest                       | docker.io            | user/app          | user/app:latest
            user/app:1                               | docker.io/user/app:1                            | docker.io            | user/app          | user/app:1
            library/a/b                              | docker.io/library/a/b:latest                    | docker.io            | library/a/b       | library/a/b:latest
            store/foo/bar                            | docker.io/store/foo/bar:latest                  | docker.io            | store/foo/bar     | store/foo/bar:latest
            other/library                            | docker.io/other/library:latest                  | docker.io            | other/library     | other/library:latest
            test_com/foo                             | docker.io/test_com/foo:latest                   | docker.io            | test_com/foo      | test_com/foo:latest
            registry-1.docker.io/x/y                 | registry-1.docker.io/x/y:latest                 | registry-1.docker.io | x/y               | registry-1.docker.io/x/y:latest
            registry-1.docker.io/nginx               | registry-1.docker.io/nginx:latest               | registry-1.docker.io | nginx             | registry-1.docker.io/nginx:latest
            DOCKER.IO/nginx                          | DOCKER.IO/nginx:latest                          | DOCKER.IO            | nginx             | DOCKER.IO/nginx:latest
            localhost/x                              | localhost/x:latest                              | localhost            | x                 | localhost/x:latest
            localhost:5000/x:1                       | localhost:5000/x:1                              | localhost:5000       | x                 | localhost:5000/x:1
            localhost:5000/a/b                       | localhost:5000/a/b:latest                       | localhost:5000       | a/b               | localhost:5000/a/b:latest
            localhost:5000                           | docker.io/library/localhost:5000                | docker.io            | library/localhost | localhost:5000
            localhost                                | docker.io/library/localhost:latest              | docker.io            | library/localhost | localhost:latest
            LOCALHOST/x                              | LOCALHOST/x:latest                              | LOCALHOST            | x                 | LOCALHOST/x:latest
            Example.com/x                            | Example.com/x:latest                            | Example.com          | x                 | Example.com/x:latest
            Foo/bar                                  | Foo/bar:latest                                  | Foo                  | bar               | Foo/bar:latest
            FOO/bar:1                                | FOO/bar:1                                       | FOO                  | bar               | FOO/bar:1
            example.com/x                            | example.com/x:latest                            | example.com          | x                 | example.com/x:latest
            example.com:8000/private/moonbase        | example.com:8000/private/moonbase:latest        | example.com:8000     | private/moonbase  | example.com:8000/private/moonbase:latest
            example.com:5000                         | docker.io/library/example.com:5000              | docker.io            | library/example.com | example.com:5000
            example.com                              | docker.io/library/example.com:latest            | docker.io            | library/example.com | example.com:latest
            192.168.0.1                              | docker.io/library/192.168.0.1:latest            | docker.io            | library/192.168.0.1 | 192.168.0.1:latest
            192.168.0.1:80                           | docker.io/library/192.168.0.1:80                | docker.io            | library/192.168.0.1 | 192.168.0.1:80
            127.0.0.1:5000/a/b:c                     | 127.0.0.1:5000/a/b:c                            | 127.0.0.1:5000       | a/b               | 127.0.0.1:5000/a/b:c
            host:5000/a/b:tag                        | host:5000/a/b:tag                               | host:5000            | a/b               | host:5000/a/b:tag
            test-com:8080/foo                        | test-com:8080/foo:latest                        | test-com:8080        | foo               | test-com:8080/foo:latest
            xn--n3h.com:18080/foo                    | xn--n3h.com:18080/foo:latest                    | xn--n3h.com:18080    | foo               | xn--n3h.com:18080/foo:latest
            1.2.3.4.5/x                              | 1.2.3.4.5/x:latest                              | 1.2.3.4.5            | x                 | 1.2.3.4.5/x:latest
            a.b:1/c                                  | a.b:1/c:latest                                  | a.b:1                | c                 | a.b:1/c:latest
            `[::1]:5000/a/b:c`                       | `[::1]:5000/a/b:c`                              | `[::1]:5000`         | a/b               | `[::1]:5000/a/b:c`
            `[::1]/a`                                | `[::1]/a:latest`                                | `[::1]`              | a                 | `[::1]/a:latest`
            `[fe80::1]/a`                            | `[fe80::1]/a:latest`                            | `[fe80::1]`          | a                 | `[fe80::1]/a:latest`
            `[FE80::1]:443/a`                        | `[FE80::1]:443/a:latest`                        | `[FE80::1]:443`      | a                 | `[FE80::1]:443/a:latest`
            `[fc00:1:2:3:4:5:6:7]:5000/library/debian` | `[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest` | `[fc00:1:2:3:4:5:6:7]:5000` | library/debian | `[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest`
            nginx@$SHA256                            | docker.io/library/nginx@$SHA256                 | docker.io            | library/nginx     | nginx@$SHA256
            nginx:1.25@$SHA256                       | docker.io/library/nginx:1.25@$SHA256            | docker.io            | library/nginx     | nginx:1.25@$SHA256
            a:tag@$SHA256                            | docker.io/library/a:tag@$SHA256                 | docker.io            | library/a         | a:tag@$SHA256
            example.com/a@$SHA512                    | example.com/a@$SHA512                           | example.com          | a                 | example.com/a@$SHA512
            a@$SHA384                                | docker.io/library/a@$SHA384                     | docker.io            | library/a         | a@$SHA384
            `[::1]:5000/a:t@$SHA256`                 | `[::1]:5000/a:t@$SHA256`                        | `[::1]:5000`         | a                 | `[::1]:5000/a:t@$SHA256`
            a__b                                     | docker.io/library/a__b:latest                   | docker.io            | library/a__b      | a__b:latest
            a--b                                     | docker.io/library/a--b:latest                   | docker.io            | library/a--b      | a--b:latest
            a---b/c                                  | docker.io/a---b/c:latest                        | docker.io            | a---b/c           | a---b/c:latest
            a.b_c-d__e                               | docker.io/library/a.b_c-d__e:latest             | docker.io            | library/a.b_c-d__e | a.b_c-d__e:latest
            a/b/c/d/e                                | docker.io/a/b/c/d/e:latest                      | docker.io            | a/b/c/d/e         | a/b/c/d/e:latest
            0/0                                      | docker.io/0/0:latest                            | docker.io            | 0/0               | 0/0:latest
            a:A                                      | docker.io/library/a:A                           | docker.io            | library/a         | a:A
            a:_x                                     | docker.io/library/a:_x                          | docker.io            | library/a         | a:_x
            a:1.0-rc_1                               | docker.io/library/a:1.0-rc_1                    | docker.io            | library/a         | a:1.0-rc_1
            a:$TAG128                                | docker.io/library/a:$TAG128                     | docker.io            | library/a         | a:$TAG128
            $PATH255                                 | docker.io/$PATH255:latest                       | docker.io            | $PATH255          | $PATH255:latest
            $DOMAIN300/$PATH255                      | $DOMAIN300/$PATH255:latest                      | $DOMAIN300           | $PATH255          | $DOMAIN300/$PATH255:latest
            docker.io/$HEX64                         | docker.io/library/$HEX64:latest                 | docker.io            | library/$HEX64    | $HEX64:latest
            $HEX64:v1                                | docker.io/library/$HEX64:v1                     | docker.io            | library/$HEX64    | $HEX64:v1
            thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev | docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest | docker.io | library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev | thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest
            docker.io/localhost/x                    | docker.io/localhost/x:latest                    | docker.io            | localhost/x       | docker.io/localhost/x:latest
            docker.io/a.b/c:1                        | docker.io/a.b/c:1                               | docker.io            | a.b/c             | docker.io/a.b/c:1
            """;

    static final String INVALID = """
            # input                                  | the message contains
            ``                                       | reference is empty
            ` nginx`                                 | must not contain whitespace
            `nginx `                                 | must not contain whitespace
            `ngi nx`                                 | must not contain whitespace
            Nginx                                    | repository name must be lowercase
            example.com/X                            | repository name must be lowercase
            docker.io/docker/Docker                  | repository name must be lowercase
            a:b:c                                    | tag "b:c" contains ':'
            a:-tag                                   | must start with a letter, a digit or '_'
            a:.tag                                   | must start with a letter, a digit or '_'
            a:t+g                                    | tag "t+g" contains '+'
            a:$TAG129                                | is longer than 128 characters (it has 129)
            a:                                       | tag is empty after ':'
            a:@$SHA256                               | tag is empty after ':'
            a@                                       | digest is empty after '@'
            a@sha256:short                           | must be algorithm:hex; 's' is not a hex digit
            a@sha256:abc                             | sha256 digest must have exactly 64 hex digits, not 3
            a@sha512:$HEX64                          | sha512 digest must have exactly 128 hex digits, not 64
            a@sha256:$UPPER64                        | must be algorithm:hex in lowercase hex
            a@md5:d41d8cd98f00b204e9800998ecf8427e   | unsupported digest algorithm "md5"
            a@SHA256:$HEX64                          | must be algorithm:hex with a lowercase algorithm name
            a@$HEX64                                 | must be algorithm:hex
            a@:$HEX64                                | must be algorithm:hex
            a@$SHA256@$SHA256                        | '@' is not a hex digit
            a@$SHA256:x                              | ':' is not a hex digit
            @$SHA256                                 | repository name is missing before '@'
            :tag                                     | repository name is missing before ':'
            a___b                                    | path component "a___b" has an invalid separator
            a_.b                                     | path component "a_.b" has an invalid separator
            a-                                       | path component "a-" must end with a lowercase letter or digit
            -a                                       | path component "-a" must start with a lowercase letter or digit
            -docker/docker                           | path component "-docker" must start
            docker-/docker                           | path component "docker-" must end
            ____/____                                | path component "____" must start
            a/                                       | empty path component
            /a                                       | empty path component
            a//b                                     | empty path component
            docker///docker                          | empty path component
            localhost:5000/                          | repository name is missing after the registry "localhost:5000"
            localhost/                               | repository name is missing after the registry "localhost"
            example.com/                             | repository name is missing after the registry "example.com"
            localhost//a                             | empty path component
            a/b:c/d                                  | path component "b:c" contains ':'
            a$b                                      | path component "a$b" contains '$'
            caf\u00e9                                | contains character U+00E9
            $PATH256                                 | is 256 characters long; at most 255 are allowed
            $DOMAIN300/$PATH256                      | is 256 characters long; at most 255 are allowed
            $HEX64                                   | cannot specify 64-byte hexadecimal strings
            https://github.com/docker/docker         | a reference has no URL scheme
            http://localhost:5000/a                  | a reference has no URL scheme
            `[::1]`                                  | a registry address alone is not an image reference
            `[::1]:5000`                             | a registry address alone is not an image reference
            `[fe80::1%eth0]:5000/debian`             | may contain only hex digits and ':'
            `[2001:db8:3:4::192.0.2.33]:5000/debian` | may contain only hex digits and ':'
            `[::1/a`                                 | has an unclosed '['
            `[::1]x/a`                               | has unexpected text after ']'
            fc00::1:5000/debian                      | has more than one ':'
            my_reg.example/app                       | registry host "my_reg.example" is not a valid host name ('_' is not allowed)
            a_b.com/x                                | registry host "a_b.com" is not a valid host name ('_' is not allowed)
            -docker.io/docker/docker                 | registry host "-docker.io" is not a valid host name
            dock..er/docker                          | registry host "dock..er" is not a valid host name
            host:port/a                              | registry port "port" must be a number
            host:/a                                  | registry port "" must be a number
            :5000/a                                  | repository name is missing before ':'
            Foo_Bar/x                                | registry host "Foo_Bar" is not a valid host name
            """;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', commentCharacter = '#', textBlock = VALID)
    void parsesValidReferences(String input, String normalised, String registry, String repository, String familiar) {
        ImageReference ref = ImageReference.parse(Samples.expand(input));
        assertEquals(Samples.expand(normalised), ref.toString());
        assertEquals(Samples.expand(registry), ref.registry());
        assertEquals(Samples.expand(repository), ref.repository());
        assertEquals(Samples.expand(familiar), ref.familiar());
        assertEquals(ref.registry() + "/" + ref.repository(), ref.name());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', commentCharacter = '#', textBlock = VALID)
    void validReferencesRoundTrip(String input) {
        ImageReference ref = ImageReference.parse(Samples.expand(input));
        assertEquals(ref, ImageReference.parse(ref.toString()), "canonical form");
        assertEquals(ref, ImageReference.parse(ref.familiar()), "familiar form");
        assertEquals(ref.hashCode(), ImageReference.parse(ref.toString()).hashCode());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', commentCharacter = '#', textBlock = VALID)
    void everyValidCaseMatchesDocker(String input, String normalised) {
        DockerOracle.Result docker = DockerOracle.parseNormalizedNamed(Samples.expand(input));
        assertFalse(docker.rejected(), "docker rejects it");
        assertEquals(Samples.expand(normalised), docker.normalized());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', commentCharacter = '#', textBlock = INVALID)
    void rejectsInvalidReferences(String rawInput, String fragment) {
        String input = unescape(Samples.expand(rawInput));
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        String expectedStart = "invalid image reference " + InvalidReferenceException.quote(input) + ": ";
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertTrue(e.getMessage().contains(Samples.expand(fragment)),
                () -> "expected \"" + Samples.expand(fragment) + "\" in: " + e.getMessage());
        assertEquals(input, e.input());
        assertEquals("image reference", e.subject());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', commentCharacter = '#', textBlock = INVALID)
    void everyInvalidCaseIsUnusableInDocker(String rawInput) {
        DockerOracle.Result docker = DockerOracle.parseNormalizedNamed(unescape(Samples.expand(rawInput)));
        // Either docker rejects it too, or it yields a reference without a registry (which we reject on purpose).
        assertTrue(docker.rejected() || docker.withoutDomain(), () -> "docker accepts it as " + docker.normalized());
    }

    @Test
    void dockerAcceptsAnUnderscoreHostAsARegistrylessNameButWeDoNot() {
        DockerOracle.Result docker = DockerOracle.parseNormalizedNamed("my_reg.example/app");
        assertFalse(docker.rejected());
        assertTrue(docker.withoutDomain());
        assertEquals("my_reg.example/app:latest", docker.normalized());
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("my_reg.example/app"));
    }

    @Test
    void exactMessageForUppercaseRepository() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("Nginx"));
        assertEquals("invalid image reference \"Nginx\": repository name must be lowercase", e.getMessage());
        assertEquals("repository name must be lowercase", e.reason());
    }

    @Test
    void exactMessageForLongTag() {
        String tag = "t" + "1".repeat(128);
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("a:" + tag));
        assertEquals("invalid image reference \"a:" + tag + "\": tag \"" + tag
                + "\" is longer than 128 characters (it has 129)", e.getMessage());
    }

    @Test
    void nullIsRejected() {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(null));
        assertNull(e.input());
        assertEquals("invalid image reference null: reference must not be null", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx\n", "nginx\t", "\tnginx", "ngi\u00a0nx", "nginx:1\r\n", "a\u0000b"})
    void controlCharactersAndWhitespaceAreRejectedAndQuotedReadably(String input) {
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().contains("must not contain"), e.getMessage());
        for (char c : e.getMessage().toCharArray()) {
            assertFalse(Character.isISOControl(c), "raw control character in message: " + e.getMessage());
        }
    }

    @Test
    void longInputsAreShortenedInMessages() {
        String input = "A".repeat(5000);
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().length() < 1000, e.getMessage());
        assertTrue(e.getMessage().contains("more characters"), e.getMessage());
        assertEquals(input, e.input());
    }

    @Test
    void hugeInputsAreRejectedQuickly() {
        String[] inputs = {
            "a" + "-".repeat(100_000) + "!",
            "a".repeat(100_000) + "-",
            "x" + ".x".repeat(50_000) + "-/a",
            "a:" + "1".repeat(100_000),
            "a@sha256:" + "a".repeat(100_000),
        };
        for (String input : inputs) {
            long start = System.nanoTime();
            assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(input));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2000, "took " + millis + " ms");
        }
    }

    /** CsvSource cannot hold non-ASCII comfortably; {@code \\uXXXX} is written out instead. */
    private static String unescape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i) && i + 6 <= s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }
}
