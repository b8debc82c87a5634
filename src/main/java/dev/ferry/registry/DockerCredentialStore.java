package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** The store the environment points at: {@code DOCKER_CONFIG}, else {@code ~/.docker}. */
    public static DockerCredentialStore fromEnvironment(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".docker");
        return new DockerCredentialStore(base.resolve("config.json"));
    }

    public Path configFile() { return configFile; }

    /** Credentials for a registry ({@code docker.io}, {@code host:port}); empty when none are stored. */
    public Optional<Credentials> lookup(String registry) throws IOException {
        if (!Files.isRegularFile(configFile)) return Optional.empty();
        JsonNode root;
        try {
            root = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new IOException("read docker credentials from " + configFile + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
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
        com.fasterxml.jackson.databind.node.ObjectNode root;
        if (Files.isRegularFile(configFile)) {
            JsonNode n;
            try {
                n = JSON.readTree(configFile.toFile());
            } catch (IOException e) {
                throw new IOException("save docker credentials in " + configFile + ": it is not valid JSON; fix or move it first");
            }
            root = n instanceof com.fasterxml.jackson.databind.node.ObjectNode o ? o : JSON.createObjectNode();
        } else {
            root = JSON.createObjectNode();
        }
        String helper = null;
        for (String k : keys) if (root.path("credHelpers").hasNonNull(k)) helper = root.path("credHelpers").get(k).asText();
        if (helper == null && root.hasNonNull("credsStore") && !root.get("credsStore").asText().isEmpty()) helper = root.get("credsStore").asText();
        if (helper != null) {
            throw new IOException("save docker credentials for " + registry + ": " + configFile + " names the credential helper docker-credential-"
                    + helper + " for it; store them there (docker login, or docker-credential-" + helper + " store)");
        }
        com.fasterxml.jackson.databind.node.ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (com.fasterxml.jackson.databind.node.ObjectNode) root.get("auths") : root.putObject("auths");
        for (String k : keys.subList(1, keys.size())) auths.remove(k); // one entry, under the name docker writes
        auths.putObject(keys.get(0)).put("auth", Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
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
        return configFile;
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
                throw new IOException("docker credentials for " + key + " in " + configFile + ": \"auth\" is not base64");
            }
            int i = decoded.indexOf(':');
            if (i <= 0) throw new IOException("docker credentials for " + key + " in " + configFile + ": \"auth\" is not user:password");
            return Optional.of(Credentials.basic(decoded.substring(0, i), decoded.substring(i + 1)));
        }
        String user = a.path("username").asText("");
        if (!user.isEmpty()) return Optional.of(Credentials.basic(user, a.path("password").asText("")));
        return Optional.empty();
    }

    /** Stops a helper and whatever it started (a shell script's children hold its output open). */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    private Optional<Credentials> helper(String name, String serverUrl) throws IOException {
        String program = "docker-credential-" + name;
        Process p;
        try {
            String command = helperDir == null ? program : helperDir.resolve(program).toString();
            p = new ProcessBuilder(command, "get").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("docker credentials for " + serverUrl + ": " + configFile + " names the helper \"" + name
                    + "\" but " + program + " is not " + (helperDir == null ? "on the PATH" : "in " + helperDir)
                    + "; install it or remove it from the file");
        }
        // the answer is read on a thread of its own and waited for with a deadline: a helper that never answers
        // (waiting on a locked keyring, a prompt nobody sees) is stopped, with whatever it started, instead of hanging ferry
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
            try (InputStream o = p.getInputStream()) {
                return o.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, r -> {
            Thread t = new Thread(r, "credential-helper-" + name);
            t.setDaemon(true);
            t.start();
        });
        byte[] out;
        String late = "docker credentials for " + serverUrl + ": the credential helper " + program + " (named in " + configFile
                + ") did not answer within " + helperTimeout.toSeconds() + " s and was stopped; check that it works on its own (echo "
                + serverUrl + " | " + program + " get), or remove it from the file";
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the helper closed its input without reading it: its answer (or exit code) says why
            }
            long deadline = System.nanoTime() + helperTimeout.toNanos();
            out = answer.get(helperTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) throw new TimeoutException();
        } catch (TimeoutException e) {
            stop(p);
            throw new IOException(late);
        } catch (ExecutionException e) {
            stop(p);
            throw new IOException("docker credentials for " + serverUrl + ": could not read the answer of " + program + " (" + e.getCause().getMessage() + ")");
        } catch (InterruptedException e) {
            stop(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + program);
        }
        String text = new String(out, StandardCharsets.UTF_8).trim();
        if (p.exitValue() != 0) {
            if (text.contains("credentials not found")) return Optional.empty();
            throw new IOException("docker credentials for " + serverUrl + ": " + program + " failed with exit code " + p.exitValue());
        }
        JsonNode n = JSON.readTree(text);
        String user = n.path("Username").asText("");
        String secret = n.path("Secret").asText("");
        if (secret.isEmpty()) return Optional.empty();
        if (user.equals("<token>")) return Optional.of(Credentials.identityToken(secret));
        return Optional.of(Credentials.basic(user, secret));
    }
}
