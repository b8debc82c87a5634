package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials as {@code docker login} leaves them: {@code $DOCKER_CONFIG/config.json} (default
 * {@code ~/.docker/config.json}) with {@code auths}, {@code credsStore} and {@code credHelpers}; the
 * helpers are the {@code docker-credential-NAME} programs on the PATH.
 */
public final class DockerCredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB_KEY = "https://index.docker.io/v1/";

    private final Path configFile;
    /** Where the {@code docker-credential-NAME} helpers are; null: found on the PATH (always, outside tests). */
    private final Path helperDir;
    /** How long a helper may take to answer before it is stopped and the lookup fails. */
    private final Duration helperTimeout;

    /** How long a credential helper may take by default (one that waits for a locked keyring never answers). */
    static final Duration HELPER_TIMEOUT = Duration.ofSeconds(30);

    public DockerCredentialStore(Path configFile) {
        this(configFile, null, HELPER_TIMEOUT);
    }

    /** For tests: run the credential helpers from {@code helperDir} instead of looking them up on the PATH. */
    DockerCredentialStore(Path configFile, Path helperDir) {
        this(configFile, helperDir, HELPER_TIMEOUT);
    }

    DockerCredentialStore(Path configFile, Path helperDir, Duration helperTimeout) {
        this.configFile = configFile;
        this.helperDir = helperDir;
        this.helperTimeout = helperTimeout;
    }

    /**
     * The store the environment points at, as skopeo and podman look for it: {@code REGISTRY_AUTH_FILE} (a file of
     * docker's format, as {@code --authfile} names one), else {@code $DOCKER_CONFIG/config.json}, else
     * {@code ~/.docker/config.json} when it is there, else podman's {@code $XDG_RUNTIME_DIR/containers/auth.json} when
     * that is there, else {@code ~/.docker/config.json} (to be written).
     */
    public static DockerCredentialStore fromEnvironment(Map<String, String> env) {
        String authFile = env.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) return new DockerCredentialStore(Path.of(authFile));
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isBlank()) return new DockerCredentialStore(Path.of(dir).resolve("config.json"));
        Path docker = Path.of(System.getProperty("user.home"), ".docker", "config.json");
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (!Files.isRegularFile(docker) && runtime != null && !runtime.isBlank()) {
            Path podman = Path.of(runtime, "containers").resolve("auth" + ".json"); // podman's file, not a catalogue key
            if (Files.isRegularFile(podman)) return new DockerCredentialStore(podman);
        }
        return new DockerCredentialStore(docker);
    }

    public Path configFile() { return configFile; }

    /** Credentials for a registry ({@code docker.io}, {@code host:port}); empty when none are stored. */
    public Optional<Credentials> lookup(String registry) throws IOException {
        if (!Files.isRegularFile(configFile)) return Optional.empty();
        JsonNode root;
        try {
            root = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new LocalizedIOException(Text.of("creds.docker_not_json", configFile, e.getMessage().split("\n")[0]));
        }
        if (root == null) return Optional.empty();
        List<String> keys = keysFor(registry);
        JsonNode helpers = root.path("credHelpers");
        for (String k : keys) {
            if (helpers.hasNonNull(k)) return helper(helpers.get(k).asText(), k);
        }
        JsonNode auths = root.path("auths");
        for (String k : keys) {
            JsonNode a = auths.path(k);
            if (a.isObject()) {
                Optional<Credentials> c = fromAuthEntry(a, k);
                if (c.isPresent()) return c;
            }
        }
        if (root.hasNonNull("credsStore") && !root.get("credsStore").asText().isEmpty()) {
            return helper(root.get("credsStore").asText(), keys.get(0));
        }
        return Optional.empty();
    }

    /**
     * Stores {@code user} and {@code password} for {@code registry} in config.json's {@code auths}, as
     * {@code docker login} does without a helper: other entries and keys are kept, the file is
     * replaced whole (written beside it, then moved) and readable by its owner only. A config that
     * names a credential helper for the registry is refused: the password belongs in that helper.
     *
     * @return the file written
     */
    public Path save(String registry, String user, String password) throws IOException {
        List<String> keys = keysFor(registry);
        com.fasterxml.jackson.databind.node.ObjectNode root = readRoot("creds.docker_doing_save");
        String helper = helperFor(root, keys);
        if (helper != null) {
            throw new LocalizedIOException(Text.of("creds.docker_save_helper", registry, configFile, helper));
        }
        com.fasterxml.jackson.databind.node.ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (com.fasterxml.jackson.databind.node.ObjectNode) root.get("auths") : root.putObject("auths");
        for (String k : keys.subList(1, keys.size())) auths.remove(k); // one entry, under the name docker writes
        auths.putObject(keys.get(0)).put("auth", Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        write(root);
        return configFile;
    }

    /** Replaces config.json whole (written beside it, then moved), readable by its owner only. */
    private void write(com.fasterxml.jackson.databind.node.ObjectNode root) throws IOException {
        Path dir = configFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "config", ".json.partial");
        try {
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the user's profile folder is private already
            }
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            Files.move(tmp, configFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The names config.json may use for a registry, the one docker itself writes first. */
    static List<String> keysFor(String registry) {
        List<String> keys = new ArrayList<>();
        if (registry.equals("docker.io") || registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            keys.add(HUB_KEY);
            keys.add("index.docker.io");
            keys.add("docker.io");
            keys.add("registry-1.docker.io");
            keys.add("https://index.docker.io");
        } else {
            keys.add(registry);
            keys.add("https://" + registry);
            keys.add("http://" + registry);
            keys.add("https://" + registry + "/v2/");
            keys.add("https://" + registry + "/v1/");
        }
        return keys;
    }

    private Optional<Credentials> fromAuthEntry(JsonNode a, String key) throws IOException {
        String identity = a.path("identitytoken").asText("");
        if (!identity.isEmpty()) return Optional.of(Credentials.identityToken(identity));
        String auth = a.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new LocalizedIOException(Text.of("creds.docker_auth_not_base64", key, configFile));
            }
            int i = decoded.indexOf(':');
            if (i <= 0) throw new LocalizedIOException(Text.of("creds.docker_auth_not_user_password", key, configFile));
            return Optional.of(Credentials.basic(decoded.substring(0, i), decoded.substring(i + 1)));
        }
        String user = a.path("username").asText("");
        if (!user.isEmpty()) return Optional.of(Credentials.basic(user, a.path("password").asText("")));
        return Optional.empty();
    }

    private Optional<Credentials> helper(String name, String serverUrl) throws IOException {
        CredentialHelper.Answer a = helper(name).run("get", serverUrl, serverUrl);
        String text = a.text();
        if (a.exit() != 0) {
            if (text.contains("credentials not found")) return Optional.empty();
            throw new LocalizedIOException(Text.of("creds.helper_failed", serverUrl, a.program(), a.exit()));
        }
        JsonNode n = JSON.readTree(text);
        String user = n.path("Username").asText("");
        String secret = n.path("Secret").asText("");
        if (secret.isEmpty()) return Optional.empty();
        if (user.equals("<token>")) return Optional.of(Credentials.identityToken(secret));
        return Optional.of(Credentials.basic(user, secret));
    }

    private CredentialHelper helper(String name) {
        return new CredentialHelper(name, helperDir, helperTimeout, configFile);
    }

    /** The helper config.json names for {@code registry} ({@code credHelpers}, else {@code credsStore}), or null. */
    private static String helperFor(JsonNode root, List<String> keys) {
        String helper = null;
        for (String k : keys) if (root.path("credHelpers").hasNonNull(k)) helper = root.path("credHelpers").get(k).asText();
        if (helper == null && root.hasNonNull("credsStore") && !root.get("credsStore").asText().isEmpty()) helper = root.get("credsStore").asText();
        return helper;
    }

    /**
     * Stores {@code user} and {@code password} for {@code registry} as {@code docker login} would: in the credential
     * helper config.json names for it ({@code docker-credential-NAME store}), else in config.json's {@code auths}.
     *
     * @return where they went: the file, or the helper's name
     */
    public String login(String registry, String user, String password) throws IOException {
        List<String> keys = keysFor(registry);
        String helper = helperFor(readRoot("creds.docker_doing_save"), keys);
        if (helper == null) return save(registry, user, password).toString();
        String body = JSON.writeValueAsString(JSON.createObjectNode().put("ServerURL", keys.get(0)).put("Username", user).put("Secret", password));
        CredentialHelper.Answer a = helper(helper).run("store", body, keys.get(0));
        if (a.exit() != 0) {
            throw new LocalizedIOException(a.text().isEmpty() ? Text.of("creds.helper_store_failed", registry, a.program(), a.exit())
                    : Text.of("creds.helper_store_failed_said", registry, a.program(), a.exit(), a.text()));
        }
        return a.program();
    }

    /**
     * Forgets the credentials of {@code registry}: its {@code auths} entries in config.json, and what its credential
     * helper holds ({@code erase}). False when there were none.
     */
    public boolean logout(String registry) throws IOException {
        List<String> keys = keysFor(registry);
        com.fasterxml.jackson.databind.node.ObjectNode root = readRoot("creds.docker_doing_remove");
        boolean had = false;
        String helper = helperFor(root, keys);
        if (helper != null) {
            CredentialHelper.Answer a = helper(helper).run("erase", keys.get(0), keys.get(0));
            had = a.exit() == 0;
        }
        if (root.path("auths").isObject()) {
            var auths = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("auths");
            for (String k : keys) had |= auths.remove(k) != null;
            if (had) write(root);
        }
        return had;
    }

    /** @param doing the catalogue's key of what is being done with the file ({0}) */
    private com.fasterxml.jackson.databind.node.ObjectNode readRoot(String doing) throws IOException {
        if (!Files.isRegularFile(configFile)) return JSON.createObjectNode();
        JsonNode n;
        try {
            n = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new LocalizedIOException(Text.of("creds.docker_config_not_json", Text.of(doing, configFile)));
        }
        return n instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o : JSON.createObjectNode();
    }
}
