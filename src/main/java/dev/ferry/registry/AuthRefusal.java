package dev.ferry.registry;

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

    private AuthRefusal(String operation, int status, List<String> codes, String detail, ErrorKind kind) {
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
    static AuthRefusal cleartext(String operation, String registry, String host) {
        return new AuthRefusal(operation, 0, List.of(), PlainHttp.refusal(registry, host), ErrorKind.BAD_INPUT);
    }

    /** The registry asked for credentials, and none were given. */
    static String noCredentials(String registry) {
        // no flag named here: which flag gives credentials depends on the command (--creds on inspect), which says it
        return "the registry requires authentication; give credentials (the command's credentials flag, cfg.yaml user/password)"
                + " or run ferry login " + registry;
    }

    /** What to check when {@code c} were refused (by the registry or its token service). */
    static String rejected(Credentials c, String registry, String by) {
        if (c == null) return noCredentials(registry);
        return c.isIdentityToken() ? by + " rejected the stored identity token; run docker login " + registry + " again"
                : by + " rejected the user name and password given for " + registry + "; check them";
    }

    /** The token service at {@code realmHost} answered 401 or 403 to the credentials (or to none). */
    static AuthRefusal byTokenService(String operation, int status, Credentials c, String registry, String realmHost) {
        String detail = c == null ? "the token service at " + realmHost + " gives no anonymous access; " + noCredentials(registry)
                : rejected(c, registry, "the token service at " + realmHost);
        return new AuthRefusal(operation, status, List.of("UNAUTHORIZED"), detail, null);
    }

    /**
     * The registry answered 401 to a request that carried {@code sent} (a Basic or Bearer
     * authorization), after the token, if any, had been fetched again once.
     *
     * @param challenge the registry's answer's challenge, or null
     * @param tokenService the host of the token service that issued the token, or null
     */
    static AuthRefusal byRegistry(String operation, List<String> codes, Credentials c, String registry, String sent,
                                  Challenge challenge, String tokenService) {
        boolean bearer = sent != null && sent.regionMatches(true, 0, "Bearer ", 0, 7);
        if (!bearer) return new AuthRefusal(operation, 401, codes, sent == null ? noCredentials(registry) : rejected(c, registry, "the registry"), null);
        String error = challenge == null ? null : challenge.error();
        String from = "the token service" + (tokenService == null ? "" : " at " + tokenService);
        if ("insufficient_scope".equals(error)) {
            String detail = c == null ? from + " gave an anonymous token without this access; " + noCredentials(registry)
                    : from + " accepted the credentials but gave a token without this access"
                    + (challenge.scope() == null ? "" : " (" + challenge.scope() + ")") + ": the account may not do this";
            return new AuthRefusal(operation, 401, codes, detail, null);
        }
        String detail = from + " issued a token" + (c == null ? " (anonymously)" : ", so the credentials were accepted")
                + ", then the registry refused that token" + (error == null ? "" : " (" + error + ")")
                + ": the registry and its token service disagree; ask the registry's administrator to check its"
                + " auth.token settings (realm, service, issuer, rootcertbundle) and its clock";
        return new AuthRefusal(operation, 401, codes, detail, ErrorKind.REGISTRY);
    }
}
