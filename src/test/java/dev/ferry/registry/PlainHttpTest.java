package dev.ferry.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plain-HTTP rule, decided from names and settings before any connection (so no test of it
 * needs to reach a host that is not this machine; the end-to-end checks go through a loopback
 * proxy, see PlainHttpCredentialsTest).
 */
class PlainHttpTest {
    private static final RegistryOptions PLAIN = RegistryOptions.DEFAULT.withScheme("http");

    @Test void thisMachineIsKnownByNameAlone() {
        for (String local : new String[]{"localhost", "localhost:5000", "127.0.0.1", "127.1.2.3:5000", "[::1]:5000", "[0:0:0:0:0:0:0:1]"}) {
            assertTrue(PlainHttp.isLocal(local), local);
        }
        // a name that resolves to 127.0.0.1 (an /etc/hosts entry, a test's mapping) is not local: DNS may change, and
        // the rule is decided before any lookup
        for (String remote : new String[]{"registry.example", "far.example:5000", "10.45.80.1", "[fe80::1]:5000", "127.0.0.1.nip.io",
                "localhost.example", "docker.io", "not a host"}) {
            assertFalse(PlainHttp.isLocal(remote), remote);
        }
    }

    @Test void credentialsGoInClearOnlyToThisMachineOrWhenAllowed() {
        assertTrue(PlainHttp.credentialsMayGo("https", "far.example:5000", PLAIN));
        assertTrue(PlainHttp.credentialsMayGo("http", "127.0.0.1:5000", PLAIN));
        assertTrue(PlainHttp.credentialsMayGo("http", "localhost:5000", RegistryOptions.DEFAULT));
        assertFalse(PlainHttp.credentialsMayGo("http", "far.example:5000", PLAIN));
        assertFalse(PlainHttp.credentialsMayGo("http", "far.example:5000", PLAIN.withInsecure(true)), "insecure alone is not enough");
        assertTrue(PlainHttp.credentialsMayGo("http", "far.example:5000", PLAIN.withInsecure(true).withCleartextCredentials(true)));
    }

    @Test void plainHttpWarnsWhenOnlyTheAddressAskedForIt() {
        assertTrue(PlainHttp.warns("10.45.80.1", PLAIN), "image-transmit's http:// without insecure");
        assertFalse(PlainHttp.warns("10.45.80.1", PLAIN.withInsecure(true)), "marked insecure: meant");
        assertFalse(PlainHttp.warns("127.0.0.1:5000", PLAIN), "this machine");
        assertFalse(PlainHttp.warns("10.45.80.1", RegistryOptions.DEFAULT), "HTTPS");
        assertTrue(PlainHttp.warning("10.45.80.1").english().startsWith("plain HTTP to 10.45.80.1 "));
    }

    @Test void theRefusalSaysWhatToDo() {
        String m = PlainHttp.refusal("far.example:5000", "far.example:5000").english();
        assertTrue(m.contains("the registry far.example:5000 speaks plain HTTP and is not on this machine"), m);
        assertTrue(m.contains("insecure: true and cleartext_credentials: true") && m.contains("--cleartext-credentials far.example:5000"), m);
        assertTrue(PlainHttp.refusal("reg.example", "auth.example:80").english().contains("the token service auth.example:80 of reg.example"));
    }
}
