package dev.ferry.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A thin wrapper around the {@code skopeo} CLI, used as an independent reference client.
 * Every call runs with {@code --insecure-policy}, ignores the machine's registries.conf
 * ({@code CONTAINERS_REGISTRIES_CONF=/dev/null}) and, without credentials, uses
 * {@code --no-creds} so no auth file is consulted. A non-zero exit fails with an
 * {@link AssertionError} that includes skopeo's stderr.
 */
public final class Skopeo {

    /** Default time limit for one skopeo run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(3);

    private Skopeo() {
    }

    /**
     * How to reach one registry (one side of a copy).
     *
     * @param username  user for {@code --creds}, or {@code null} for anonymous access
     * @param password  password for {@code --creds}
     * @param tlsVerify {@code --tls-verify} value; must be {@code false} for plain-HTTP registries
     * @param certDir   directory with {@code ca.crt} for {@code --cert-dir}, or {@code null}
     */
    public record Options(String username, String password, boolean tlsVerify, Path certDir) {

        /** Anonymous access to a plain-HTTP registry ({@code --tls-verify=false}). */
        public static Options plain() {
            return new Options(null, null, false, null);
        }

        /** Anonymous HTTPS access, verifying against the system trust store. */
        public static Options verified() {
            return new Options(null, null, true, null);
        }

        /** Anonymous HTTPS access trusting the given CA ({@code --cert-dir}). */
        public static Options trusting(TestCa ca) {
            return new Options(null, null, true, ca.certDir());
        }

        /** The right anonymous options for {@code registry}: plain, or trusting {@code ca} when it serves TLS. */
        public static Options forRegistry(RegistryServer registry, TestCa ca) {
            return registry.isTls() ? trusting(ca) : plain();
        }

        /** These options with credentials. */
        public Options creds(String user, String pass) {
            return new Options(user, pass, tlsVerify, certDir);
        }

        /** These options without credentials. */
        public Options anonymous() {
            return new Options(null, null, tlsVerify, certDir);
        }

        /** These options with another {@code --tls-verify} value. */
        public Options tlsVerify(boolean verify) {
            return new Options(username, password, verify, certDir);
        }

        /** These options with another {@code --cert-dir} ({@code null} for none). */
        public Options certDir(Path dir) {
            return new Options(username, password, tlsVerify, dir);
        }

        /** The flags for one side; {@code prefix} is {@code ""}, {@code "src-"} or {@code "dest-"}. */
        List<String> flags(String prefix) {
            List<String> f = new ArrayList<>();
            if (username != null) {
                f.add("--" + prefix + "creds=" + username + ":" + (password == null ? "" : password));
            } else {
                f.add("--" + prefix + "no-creds");
            }
            f.add("--" + prefix + "tls-verify=" + tlsVerify);
            if (certDir != null) {
                f.add("--" + prefix + "cert-dir=" + certDir);
            }
            return f;
        }
    }

    /** {@code skopeo inspect --raw docker://REF}: the manifest exactly as served, decoded as UTF-8. */
    public static String inspectRaw(String dockerRef, Options options) {
        return new String(inspectRawBytes(dockerRef, options), StandardCharsets.UTF_8);
    }

    /** {@code skopeo inspect --raw docker://REF}: the manifest bytes exactly as served. */
    public static byte[] inspectRawBytes(String dockerRef, Options options) {
        List<String> cmd = base("inspect");
        cmd.add("--raw");
        cmd.addAll(options.flags(""));
        cmd.add(docker(dockerRef));
        return check(run(cmd)).stdoutBytes();
    }

    /**
     * {@code skopeo copy --all docker://REF oci:DIR:latest}: pulls the image (every platform of
     * an index) into an OCI layout; skopeo verifies every blob's digest on the way.
     */
    public static void copyAllToOciDir(String dockerRef, Path dir, Options options) {
        List<String> cmd = base("copy");
        cmd.add("--all");
        cmd.addAll(options.flags("src-"));
        cmd.add(docker(dockerRef));
        cmd.add("oci:" + dir + ":latest");
        check(run(cmd));
    }

    /**
     * Pushes image {@code tag} of an OCI layout to {@code dockerRef} with
     * {@code skopeo copy [--all] --preserve-digests}, so the registry gets exactly the manifest
     * bytes of the layout (skopeo fails rather than rewrite them). Without {@code all}, only the
     * platform matching this machine is pushed from an index.
     *
     * <p>skopeo 1.9's {@code oci:} transport ignores {@code index.json} entries with Docker
     * media types ("no descriptor found for reference"), so such images are pushed from a
     * temporary {@code dir:} layout (hard links to the same blobs) instead.
     */
    public static void pushOciDir(Path layoutDir, String tag, String dockerRef, Options options, boolean all) {
        String mediaType = OciLayouts.mediaTypeOf(layoutDir, tag);
        boolean oci = TestImages.OCI_MANIFEST.equals(mediaType) || TestImages.OCI_INDEX.equals(mediaType);
        Path dirLayout = oci ? null : OciLayouts.toDirTransport(layoutDir, tag);
        try {
            List<String> cmd = base("copy");
            if (all) {
                cmd.add("--all");
            }
            cmd.add("--preserve-digests");
            cmd.addAll(options.flags("dest-"));
            cmd.add(oci ? "oci:" + layoutDir + ":" + tag : "dir:" + dirLayout);
            cmd.add(docker(dockerRef));
            check(run(cmd));
        } finally {
            TempDirs.deleteRecursively(dirLayout);
        }
    }

    /** {@code skopeo copy [--all] docker://SRC docker://DEST} between two registries. */
    public static void copy(String srcRef, Options src, String destRef, Options dest, boolean all) {
        List<String> cmd = base("copy");
        if (all) {
            cmd.add("--all");
        }
        cmd.addAll(src.flags("src-"));
        cmd.addAll(dest.flags("dest-"));
        cmd.add(docker(srcRef));
        cmd.add(docker(destRef));
        check(run(cmd));
    }

    /** {@code skopeo delete docker://REF}. */
    public static void delete(String dockerRef, Options options) {
        List<String> cmd = base("delete");
        cmd.addAll(options.flags(""));
        cmd.add(docker(dockerRef));
        check(run(cmd));
    }

    /** Runs {@code skopeo ARGS...} with the harness environment, without checking the exit code. */
    public static ProcessResult run(List<String> cmd) {
        return Tools.run(DEFAULT_TIMEOUT, cmd, Map.of("CONTAINERS_REGISTRIES_CONF", "/dev/null"));
    }

    /** The {@code sha256:<hex>} digest of a raw manifest (over its UTF-8 bytes). */
    public static String digest(String rawManifest) {
        return TestImages.sha256(rawManifest.getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code sha256:<hex>} digest of raw manifest bytes. */
    public static String digest(byte[] rawManifest) {
        return TestImages.sha256(rawManifest);
    }

    private static List<String> base(String subcommand) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Tools.require("skopeo").toString());
        cmd.add("--insecure-policy");
        cmd.add(subcommand);
        return cmd;
    }

    private static String docker(String ref) {
        return ref.startsWith("docker://") ? ref : "docker://" + ref;
    }

    private static ProcessResult check(ProcessResult r) {
        if (!r.ok()) {
            throw new AssertionError("skopeo failed: " + r.stderr().strip() + "\n" + r.describe());
        }
        return r;
    }
}
