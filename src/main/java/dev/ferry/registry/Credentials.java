package dev.ferry.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A user name and password, or an identity (refresh) token as {@code docker login} stores for some
 * registries. {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String password, String identityToken) {

    public static Credentials basic(String username, String password) {
        return new Credentials(username, password, null);
    }

    public static Credentials identityToken(String token) {
        return new Credentials(null, null, token);
    }

    public boolean isIdentityToken() { return identityToken != null && !identityToken.isEmpty(); }

    String basicHeader() {
        String up = username + ":" + (password == null ? "" : password);
        return "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8));
    }

    @Override public String toString() {
        return isIdentityToken() ? "Credentials[identity token]" : "Credentials[" + username + ", password hidden]";
    }
}
