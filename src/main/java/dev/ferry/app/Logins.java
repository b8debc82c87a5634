package dev.ferry.app;

import dev.ferry.config.FerryConfig;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import dev.ferry.registry.Credentials;
import dev.ferry.registry.DockerCredentialStore;
import dev.ferry.spi.ErrorKind;
import dev.ferry.spi.Failures;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A session's logins: the credentials given to it for a registry while it lives (they go with every job started
 * after), writing them where docker keeps them, checking them at the registry, and taking them away again. A login
 * replaces the session's registry settings and forgets the registry's connections and tokens, so the next request
 * uses it. {@link Session} delegates its login calls here.
 */
final class Logins {
    private final Map<String, Credentials> logins = new ConcurrentHashMap<>();
    private final SessionContext ctx;
    private final Function<FerryConfig, RegistrySettings> settingsFor;
    private final DockerCredentialStore store;
    private final PasswordPrompt prompt;
    private final Looks looks;

    Logins(SessionContext ctx, Function<FerryConfig, RegistrySettings> settingsFor, DockerCredentialStore store, PasswordPrompt prompt, Looks looks) {
        this.ctx = ctx;
        this.settingsFor = settingsFor;
        this.store = store;
        this.prompt = prompt;
        this.looks = looks;
    }

    /** The registry settings of {@code config} (cfg.yaml, then the face's flags) with this session's logins. */
    RegistrySettings settings(FerryConfig config) {
        RegistrySettings out = settingsFor.apply(config);
        for (var e : logins.entrySet()) out = out.withCredentials(e.getKey(), e.getValue());
        return out;
    }

    /** See {@link Session#login(String, String, String)}. */
    void login(String registry, String user, String password) {
        if (user == null || user.isBlank()) throw new BadInputException(Text.of("login.session_no_user", registry));
        String host = Registries.normaliseRegistry(registry);
        logins.put(host, Credentials.basic(user, password == null ? "" : password));
        changed(host);
    }

    /** See {@link Session#login(String, String)}. */
    void login(String registry, String user) {
        String pw = prompt.password(registry, user)
                .orElseThrow(() -> new BadInputException(Text.of("login.session_no_password", registry, user)));
        login(registry, user, pw);
    }

    /** See {@link Session#saveLogin}. */
    String save(String registry) throws IOException {
        String host = Registries.normaliseRegistry(registry);
        Credentials c = logins.get(host);
        if (c == null || c.isIdentityToken()) throw new BadInputException(Text.of("login.session_nothing_to_save", registry));
        return store.login(host, c.username(), c.password());
    }

    /** See {@link Session#verifyLogin}. */
    void verify(String registry) throws IOException {
        try {
            looks.catalog(registry, 1);
        } catch (IOException | RuntimeException e) {
            ErrorKind kind = Failures.kindOf(e);
            if (kind == ErrorKind.UNAUTHORIZED || kind == ErrorKind.NETWORK || kind == ErrorKind.TLS || kind == ErrorKind.BAD_INPUT) throw e;
            // denied, not found, unsupported: the credentials were accepted, the catalog is not for them
        }
    }

    /** See {@link Session#forgetSavedLogin}. */
    boolean forgetSaved(String registry) throws IOException {
        return store.logout(Registries.normaliseRegistry(registry));
    }

    /** See {@link Session#logout}. */
    boolean logout(String registry) {
        String host = Registries.normaliseRegistry(registry);
        if (logins.remove(host) == null) return false;
        changed(host);
        return true;
    }

    /** Jobs started from now on use the logins as they are; {@code host}'s connections and tokens are of the old ones. */
    private void changed(String host) {
        ctx.replace(ctx.config(), settings(ctx.config()));
        ctx.registries.forget(host);
    }
}
