package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    @Test
    void toStringNeverShowsThePassword() {
        Credentials c = Credentials.basic("alice", "correct-horse-battery-staple");
        assertFalse(c.toString().contains("correct-horse"), c.toString());
        assertTrue(c.toString().contains("alice"), c.toString());
        assertFalse(String.valueOf(c).contains("staple"));
        assertFalse(("creds: " + c).contains("horse"));
    }

    @Test
    void toStringNeverShowsTheIdentityToken() {
        Credentials c = Credentials.identityToken("eyJhbGciOiJSUzI1NiJ9.secret-part");
        assertFalse(c.toString().contains("eyJ"), c.toString());
        assertFalse(c.toString().contains("secret-part"), c.toString());
        assertTrue(c.isIdentityToken());
    }

    @Test
    void basicHeader() {
        String h = Credentials.basic("bob", "pä:ss").basicHeader();
        assertTrue(h.startsWith("Basic "));
        assertEquals("bob:pä:ss", new String(Base64.getDecoder().decode(h.substring(6)), StandardCharsets.UTF_8));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("bob:".getBytes(StandardCharsets.UTF_8)),
                Credentials.basic("bob", null).basicHeader());
    }
}
