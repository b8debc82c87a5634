package dev.ferry.registry;

import dev.ferry.ref.Text;
import dev.ferry.spi.ErrorKind;

import java.util.List;

/**
 * A refused authorization, told by the step that failed: the registry wanting credentials there
 * are none of, the token service refusing the credentials, the registry refusing the
 * credentials sent to it, or the registry refusing a token its own token service had just
 * issued. Only the last is the registry's own fault (its token settings disagree with its token
 * service), so it is of kind {@link ErrorKind#REGISTRY}; the others are
 * {@link ErrorKind#UNAUTHORIZED}.
 *
 * <p>No message names the user: a password typed where the user name goes ({@code --dest-creds
 * PASS}) would be echoed.
 */
final class AuthRefusal extends RegistryException {
    /** The kind, when it is not what the status and codes say; null for theirs. */
    private final ErrorKind kind;

    private AuthRefusal(Text operation, int status, List<String> codes, Text detail, ErrorKind kind) {
        super(operation, status, codes, detail, false, null);
        this.kind = kind;
    }

    @Override public ErrorKind kind() {
        return kind != null ? kind : super.kind();
    }

    /**
     * Credentials that were not sent, because they would have gone over plain HTTP to {@code host}
     * (see {@link PlainHttp}): the settings must change, so it is bad input.
     */
    static AuthRefusal cleartext(Text operation, String registry, String host) {
        return new AuthRefusal(operation, 0, List.of(), PlainHttp.refusal(registry, host), ErrorKind.BAD_INPUT);
    }

    /** The registry asked for credentials, and none were given. */
    static Text noCredentials(String registry) {
        // no flag named here: which flag gives credentials depends on the command (--creds on inspect), which says it
        return Text.of("remote.auth.no_credentials", registry);
    }

    /** What to check when {@code c} were refused by {@code by} (the registry or its token service). */
    static Text rejected(Credentials c, String registry, Text by) {
        if (c == null) return noCredentials(registry);
        return c.isIdentityToken() ? Text.of("remote.auth.token_rejected", by, registry) : Text.of("remote.auth.password_rejected", by, registry);
    }

    /** The registry itself, as {@link #rejected} names who refused. */
    static Text theRegistry() {
        return Text.of("remote.auth.the_registry");
    }

    /** The token service at {@code realmHost} answered 401 or 403 to the credentials (or to none). */
    static AuthRefusal byTokenService(Text operation, int status, Credentials c, String registry, String realmHost) {
        Text detail = c == null ? Text.of("remote.auth.no_anonymous", realmHost, noCredentials(registry))
                : rejected(c, registry, Text.of("remote.auth.the_token_service_at", realmHost));
        return new AuthRefusal(operation, status, List.of("UNAUTHORIZED"), detail, null);
    }

    /**
     * The registry answered 401 to a request that carried {@code sent} (a Basic or Bearer
     * authorization), after the token, if any, had been fetched again once.
     *
     * @param challenge the registry's answer's challenge, or null
     * @param tokenService the host of the token service that issued the token, or null
     */
    static AuthRefusal byRegistry(Text operation, List<String> codes, Credentials c, String registry, String sent,
                                  Challenge challenge, String tokenService) {
        boolean bearer = sent != null && sent.regionMatches(true, 0, "Bearer ", 0, 7);
        if (!bearer) return new AuthRefusal(operation, 401, codes, sent == null ? noCredentials(registry) : rejected(c, registry, theRegistry()), null);
        String error = challenge == null ? null : challenge.error();
        Text from = tokenService == null ? Text.of("remote.auth.the_token_service") : Text.of("remote.auth.the_token_service_at", tokenService);
        if ("insufficient_scope".equals(error)) {
            Text detail = c == null ? Text.of("remote.auth.anonymous_scope", from, noCredentials(registry))
                    : challenge.scope() == null ? Text.of("remote.auth.scope", from) : Text.of("remote.auth.scope_named", from, challenge.scope());
            return new AuthRefusal(operation, 401, codes, detail, null);
        }
        Text detail = Text.of(c == null ? "remote.auth.token_refused_anonymous" : "remote.auth.token_refused", from,
                error == null ? "" : " (" + error + ")");
        return new AuthRefusal(operation, 401, codes, detail, ErrorKind.REGISTRY);
    }
}
