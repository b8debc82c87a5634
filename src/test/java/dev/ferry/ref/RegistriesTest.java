package dev.ferry.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ref.Registries.Address;
import dev.ferry.ref.Registries.Scheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistriesTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            # input                          | host                   | scheme
            http://10.45.80.1                | 10.45.80.1             | HTTP
            http://10.45.80.1/               | 10.45.80.1             | HTTP
            http://10.45.80.1:5000           | 10.45.80.1:5000        | HTTP
            https://harbor.example           | harbor.example         | HTTPS
            HTTPS://Harbor.Example:8443/     | harbor.example:8443    | HTTPS
            Http://harbor.example            | harbor.example         | HTTP
            harbor.example:8443              | harbor.example:8443    | UNSPECIFIED
            harbor.example/                  | harbor.example         | UNSPECIFIED
            `  harbor.example  `             | harbor.example         | UNSPECIFIED
            harbor                           | harbor                 | UNSPECIFIED
            localhost:5000                   | localhost:5000         | UNSPECIFIED
            docker.io                        | docker.io              | UNSPECIFIED
            docker.io/                       | docker.io              | UNSPECIFIED
            DOCKER.IO                        | docker.io              | UNSPECIFIED
            index.docker.io                  | docker.io              | UNSPECIFIED
            https://index.docker.io/         | docker.io              | HTTPS
            registry-1.docker.io             | docker.io              | UNSPECIFIED
            https://registry-1.docker.io     | docker.io              | HTTPS
            docker.io:443                    | docker.io:443          | UNSPECIFIED
            http://[::1]:5000                | `[::1]:5000`           | HTTP
            `[FE80::1]`                      | `[fe80::1]`            | UNSPECIFIED
            host:1                           | host:1                 | UNSPECIFIED
            host:65535                       | host:65535             | UNSPECIFIED
            host:00080                       | host:00080             | UNSPECIFIED
            """)
    void normalises(String input, String host, Scheme scheme) {
        assertEquals(host, Registries.normaliseRegistry(input));
        assertEquals(scheme, Registries.scheme(input));
        assertEquals(new Address(host, scheme), Registries.parse(input));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            # input                          | the message contains
            ``                               | registry is empty
            `   `                            | registry is empty
            http://                          | host name is missing
            https:///x                       | a registry is host[:port] without a path, but "/x" follows the host
            https://harbor.example/v2/       | a registry is host[:port] without a path, but "/v2/" follows the host
            harbor.example/library           | without a path, but "/library" follows the host
            harbor.example//                 | without a path, but "//" follows the host
            ftp://harbor.example             | unsupported scheme "ftp://"
            docker://nginx                   | unsupported scheme "docker://"
            user:secret@harbor.example       | credentials must not be part of a registry address
            https://user@harbor.example      | credentials must not be part of a registry address
            https://harbor.example?x=1       | without a query or fragment
            harbor.example#x                 | without a query or fragment
            host:0                           | port 0 is outside 1-65535
            host:65536                       | port 65536 is outside 1-65535
            host:99999999999999999999        | is outside 1-65535
            host:abc                         | registry port "abc" must be a number
            host:                            | registry port "" must be a number
            under_score.example              | '_' is not allowed
            -host.example                    | is not a valid host name
            fc00::1                          | more than one ':'
            `har bor.example`                | registry must not contain whitespace
            """)
    void rejects(String input, String fragment) {
        String value = input == null ? "" : input;
        InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> Registries.normaliseRegistry(value));
        assertTrue(e.getMessage().startsWith("invalid registry " + InvalidReferenceException.quote(value) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals("registry", e.subject());
    }

    @Test
    void nullIsRejected() {
        assertThrows(InvalidReferenceException.class, () -> Registries.normaliseRegistry(null));
    }

    @Test
    void addressHelpers() {
        Address hub = Registries.parse("https://index.docker.io/");
        assertTrue(hub.isDockerHub());
        assertEquals("registry-1.docker.io", hub.apiHost());
        assertFalse(hub.isLoopback());
        Address local = Registries.parse("http://localhost:5000");
        assertFalse(local.isDockerHub());
        assertEquals("localhost:5000", local.apiHost());
        assertTrue(local.isLoopback());
        assertTrue(Registries.parse("[::1]:5000").isLoopback());
    }

    @Test
    void apiHost() {
        assertEquals("registry-1.docker.io", Registries.apiHost("docker.io"));
        assertEquals("registry-1.docker.io", Registries.apiHost("index.docker.io"));
        assertEquals("registry.example", Registries.apiHost("registry.example"));
    }

    @Test
    void aNormalisedRegistryCanBeUsedInAReference() {
        ImageReference r = ImageReference.parse("nginx:1.25")
                .withRegistry(Registries.normaliseRegistry("http://10.45.80.1/"));
        assertEquals("10.45.80.1/library/nginx:1.25", r.toString());
        ImageReference back = r.withRegistry(Registries.normaliseRegistry("https://index.docker.io"));
        assertEquals("docker.io/library/nginx:1.25", back.toString());
    }
}
