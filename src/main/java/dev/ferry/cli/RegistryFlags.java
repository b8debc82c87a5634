package dev.ferry.cli;

import dev.ferry.app.RegistrySettings;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.ref.Registries;
import picocli.CommandLine.Option;

import java.io.Console;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** TLS and transport flags shared by every command that talks to registries. */
public final class RegistryFlags {

    @Option(names = "--insecure", paramLabel = "REGISTRY",
            description = "Allow plain HTTP and unverified TLS for this registry (repeatable). Loopback registries may use plain HTTP without it.")
    List<String> insecure = new ArrayList<>();

    @Option(names = "--cleartext-credentials", paramLabel = "REGISTRY",
            description = "Let credentials go over plain HTTP to this registry although it is not on this machine (repeatable;"
                    + " needs --insecure REGISTRY or insecure: true). Anyone on the network can read them.")
    List<String> cleartextCredentials = new ArrayList<>();

    @Option(names = "--ca", paramLabel = "REGISTRY=FILE",
            description = "Trust the CA certificates in this PEM file for this registry (repeatable).")
    Map<String, Path> ca = new LinkedHashMap<>();

    @Option(names = "--skip-tls-verify", description = "Do not verify TLS certificates of any registry (HTTPS still used).")
    boolean skipTlsVerify;

    @Option(names = "--retries", paramLabel = "N",
            description = "Retries of a failed request or blob transfer (default: cfg.yaml retries, else 2).")
    Integer retries;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS",
            description = "Give up a connection on which no byte came for this long, and retry or resume it (default: 30).")
    Double stallTimeout;

    @Option(names = "--wait-for-rate-limit",
            description = "When a registry's pull limit is spent (Docker Hub's), wait for it to free instead of failing the images left.")
    boolean waitForRateLimit;

    @Option(names = "--authfile", paramLabel = "FILE",
            description = "Credentials file in docker's format, as skopeo and podman take it (default: REGISTRY_AUTH_FILE, else docker's config.json).")
    Path authFile;

    @Option(names = "--config", paramLabel = "FILE",
            description = "cfg.yaml to use (default: ./cfg.yaml, else ./data/cfg.yaml, else none).")
    Path configFile;

    private FerryConfig config;

    /** cfg.yaml as found ({@code --config}, ./cfg.yaml, ./data/cfg.yaml), or an empty one; in the shell, its session's. */
    FerryConfig config(CliContext ctx) {
        if (ctx.session() != null) {
            refuseInShell(ctx);
            return ctx.session().config(); // the shell chose the language when it started, or by set lang
        }
        if (config == null) {
            Path cwd = Path.of("").toAbsolutePath();
            config = ConfigLoader.locate(cwd, configFile).map(f -> ConfigLoader.load(f, ctx.env())).orElse(FerryConfig.empty());
            ctx.language().fromConfig(config.lang());
            for (var w : config.warnings()) {
                ctx.err().println(w.closest() != null
                        ? ctx.messages().get("settings.unknown_key", w.where(), w.key(), w.closest())
                        : ctx.messages().get("settings.unknown_key_known", w.where(), w.key(), String.join(", ", w.known())));
            }
        }
        return config;
    }

    int retries(CliContext ctx) {
        return retries != null ? retries : config(ctx).retries();
    }

    /**
     * {@code --creds REGISTRY=USER[:PASSWORD]} of a session's command ({@code ferry shell}, {@code ferry tui}) as
     * logins by registry host; {@code @NAME} is a registry named in cfg.yaml.
     */
    Map<String, Login> logins(CliContext ctx, Map<String, String> creds) {
        Map<String, Login> logins = new LinkedHashMap<>();
        Map<String, String> names = RegistrySettings.builder(config(ctx)).build().names();
        for (var e : creds.entrySet()) {
            String r = e.getKey().startsWith("@") ? names.get(e.getKey().substring(1)) : Registries.normaliseRegistry(e.getKey());
            if (r == null) throw UsageException.of("usage.shell_creds_name", e.getKey());
            logins.put(r, credentials(e.getValue(), "--creds " + e.getKey(), "FERRY_PASSWORD", ctx, r));
        }
        return logins;
    }

    /** A user name and password for one registry, as given on the command line. */
    record Login(String user, String password) {
        @Override public String toString() { return "Login[" + user + ", password hidden]"; }
    }

    /** Builds the settings: cfg.yaml first, then these flags and the credentials given, which win. */
    RegistrySettings settings(CliContext ctx, Map<String, Login> credentials) {
        return settings(ctx, credentials, config(ctx));
    }

    /** The same over {@code config} (a cfg.yaml read again, as a watch does on SIGHUP). */
    RegistrySettings settings(CliContext ctx, Map<String, Login> credentials, dev.ferry.config.FerryConfig config) {
        if (retries != null && retries < 0) throw UsageException.of("usage.retries_negative");
        if (stallTimeout != null && !(stallTimeout >= 0.1 && stallTimeout <= 86400)) throw UsageException.of("usage.stall_timeout_range", stallTimeout);
        RegistrySettings.Builder b = RegistrySettings.builder(config);
        for (String r : insecure) b.insecure(Registries.normaliseRegistry(r));
        for (String r : cleartextCredentials) {
            String registry = Registries.normaliseRegistry(r);
            // as in cfg.yaml: credentials in clear only beside insecure, the two saying that the network is trusted
            if (!b.isInsecure(registry)) throw UsageException.of("usage.cleartext_needs_insecure", registry);
            b.cleartextCredentials(registry);
        }
        for (var e : ca.entrySet()) {
            if (!Files.isRegularFile(e.getValue())) throw UsageException.of("usage.ca_missing", e.getKey(), e.getValue());
            b.caFile(Registries.normaliseRegistry(e.getKey()), e.getValue());
        }
        for (var e : credentials.entrySet()) {
            int slash = e.getKey().indexOf('/'); // registry/namespace: that namespace's own (a registry name holds no slash)
            if (slash > 0) b.credentials(e.getKey().substring(0, slash), e.getKey().substring(slash + 1), e.getValue().user(), e.getValue().password());
            else b.credentials(e.getKey(), e.getValue().user(), e.getValue().password());
        }
        if (skipTlsVerify) b.skipTlsVerify(true);
        if (retries != null) b.retries(retries);
        if (stallTimeout != null) b.stallTimeout(java.time.Duration.ofMillis(Math.round(stallTimeout * 1000)));
        return b.build();
    }

    /**
     * The session a command runs in: cfg.yaml, these flags and {@code credentials}, with at most
     * {@code maxConnections} connections to each registry; in the shell, the shell's session, left open.
     */
    SessionLease session(CliContext ctx, Map<String, Login> credentials, int maxConnections) {
        if (ctx.session() != null) return shared(ctx);
        return session(ctx, settings(ctx, credentials), maxConnections);
    }

    SessionLease session(CliContext ctx, RegistrySettings settings, int maxConnections) {
        return session(ctx, settings, maxConnections, null);
    }

    /** The same, asking the person for passwords through {@code prompt} (null: nobody is asked). */
    SessionLease session(CliContext ctx, RegistrySettings settings, int maxConnections, dev.ferry.app.PasswordPrompt prompt) {
        if (ctx.session() != null) return shared(ctx);
        var b = dev.ferry.app.Session.builder(env(ctx)).config(config(ctx)).settings(settings).prompt(prompt);
        if (maxConnections > 0) b.maxConnections(maxConnections); // else cfg.yaml's maxconn
        b.waitForRateLimit(waitForRateLimit);
        return new SessionLease(b.build(), true, ctx);
    }

    /** The environment the session sees: {@code --authfile} is {@code REGISTRY_AUTH_FILE} for it. */
    private Map<String, String> env(CliContext ctx) {
        if (authFile == null) return ctx.env();
        Map<String, String> env = new java.util.HashMap<>(ctx.env());
        env.put("REGISTRY_AUTH_FILE", authFile.toAbsolutePath().toString());
        return Map.copyOf(env);
    }

    private SessionLease shared(CliContext ctx) {
        refuseInShell(ctx);
        return new SessionLease(ctx.session(), false);
    }

    /**
     * Inside the shell, the flags that shape a session (TLS, retries, cfg.yaml) belong to {@code ferry shell}: its
     * connections and tokens are shared by every command and job, so one command cannot change them for itself.
     */
    void refuseInShell(CliContext ctx) {
        if (ctx.session() == null) return;
        String flag = !insecure.isEmpty() ? "--insecure" : !cleartextCredentials.isEmpty() ? "--cleartext-credentials"
                : !ca.isEmpty() ? "--ca" : skipTlsVerify ? "--skip-tls-verify"
                : retries != null ? "--retries" : configFile != null ? "--config" : authFile != null ? "--authfile"
                : waitForRateLimit ? "--wait-for-rate-limit" : null;
        if (flag != null) throw UsageException.of("usage.shell_session_flag", flag);
    }

    /**
     * Parses {@code USER[:PASSWORD]}. Without a password it comes from the environment variable
     * named, else from the terminal; never from the process list when avoidable.
     */
    static Login credentials(String spec, String flag, String passwordEnv, CliContext ctx, String registry) {
        if (spec == null) return null;
        if (ctx.session() != null) throw UsageException.of("usage.shell_creds", flag);
        int i = spec.indexOf(':');
        if (i == 0 || spec.isEmpty()) throw UsageException.of("usage.creds_format", flag);
        if (i > 0) return new Login(spec.substring(0, i), spec.substring(i + 1));
        String pw = ctx.env().get(passwordEnv);
        if (pw == null) {
            Console c = System.console();
            // the value is not shown: a password typed without its user would be echoed
            if (c == null) throw UsageException.of("usage.creds_no_password", flag, passwordEnv);
            // the prompt names the user and the registry: with --src-creds and --dest-creds both given, two prompts come
            char[] chars = c.readPassword("%s ", registry == null ? ctx.messages().get("creds.prompt", flag)
                    : ctx.messages().get("creds.prompt_registry", spec, registry));
            pw = chars == null ? "" : new String(chars);
        }
        return new Login(spec, pw);
    }
}
