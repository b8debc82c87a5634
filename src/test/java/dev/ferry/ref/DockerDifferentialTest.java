package dev.ferry.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds many generated strings to both {@link ImageReference#parse} and {@link DockerOracle} and
 * requires the same verdict: the same normalised reference, or a rejection. The one accepted
 * difference is docker's registry-less result for a first element such as {@code a_b.c}.
 */
class DockerDifferentialTest {

    private static final String[] TOKENS = {
        "a", "b", "z", "0", "9", "nginx", "A", "Z", "Ab", ".", "_", "__", "___", "-", "--", ":", "::", "/", "//",
        "@", "[", "]", "[::1]", "[fe80::1]", ":5000", "5000", "localhost", "LOCALHOST", "docker.io", "index.docker.io",
        "registry-1.docker.io", "example.com", "a.b", "library", "latest", "v1.2", "sha256", "sha512",
        Samples.SHA256, Samples.SHA512, "sha256:abc", Samples.HEX64, "md5:d41d8cd98f00b204e9800998ecf8427e", "%", " ",
        "http://", "+", "x-", "-x", "é",
    };

    private static final String[] DOMAINS = {
        "", "", "", "localhost", "localhost:5000", "LOCALHOST", "docker.io", "index.docker.io", "registry-1.docker.io",
        "example.com", "Example.com", "FOO", "a_b.com", "a-.com", "-a.com", "a..b", "host:", "host:x", "host:5000",
        "[::1]", "[::1]:5000", "[fe80::1%eth0]", "[::1", "fc00::1", "127.0.0.1", "xn--n3h.com:18080", "a.b:1",
    };

    private static final String[] COMPONENTS = {
        "a", "nginx", "library", "a__b", "a___b", "a--b", "a-", "-a", "a.b", "a..b", "a_.b", "A", "aB", "", "0",
        "localhost", "example.com", "x_y", "a-b.c_d__e", Samples.HEX64, "é",
    };

    private static final String[] TAGS = {
        null, null, "latest", "1.25", "A", "_x", "-x", ".x", "", "b:c", "t".repeat(128), "t".repeat(129), "v1.0-rc_1",
    };

    private static final String[] DIGESTS = {
        null, null, Samples.SHA256, Samples.SHA384, Samples.SHA512, "sha256:abc", "SHA256:" + Samples.HEX64,
        "sha256:" + Samples.HEX64.toUpperCase(java.util.Locale.ROOT), "md5:d41d8cd98f00b204e9800998ecf8427e",
        Samples.HEX64, "", "sha256:" + Samples.HEX64 + "0",
    };

    @Test
    void randomTokenSoupMatchesDocker() {
        Random random = new Random(20240601L);
        List<String> inputs = new ArrayList<>();
        for (int n = 0; n < 60_000; n++) {
            StringBuilder b = new StringBuilder();
            int count = 1 + random.nextInt(7);
            for (int k = 0; k < count; k++) {
                b.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            inputs.add(b.toString());
        }
        check(inputs);
    }

    @Test
    void randomStructuredReferencesMatchDocker() {
        Random random = new Random(7L);
        List<String> inputs = new ArrayList<>();
        for (int n = 0; n < 60_000; n++) {
            StringBuilder b = new StringBuilder();
            String domain = DOMAINS[random.nextInt(DOMAINS.length)];
            if (!domain.isEmpty()) {
                b.append(domain).append('/');
            }
            int components = 1 + random.nextInt(3);
            for (int k = 0; k < components; k++) {
                if (k > 0) {
                    b.append('/');
                }
                b.append(COMPONENTS[random.nextInt(COMPONENTS.length)]);
            }
            String tag = TAGS[random.nextInt(TAGS.length)];
            if (tag != null) {
                b.append(':').append(tag);
            }
            String digest = DIGESTS[random.nextInt(DIGESTS.length)];
            if (digest != null) {
                b.append('@').append(digest);
            }
            inputs.add(b.toString());
        }
        check(inputs);
    }

    @Test
    void randomCharacterStringsMatchDocker() {
        String alphabet = "abcAB019._-:/@[]";
        Random random = new Random(42L);
        List<String> inputs = new ArrayList<>();
        for (int n = 0; n < 80_000; n++) {
            int length = 1 + random.nextInt(12);
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(b.toString());
        }
        check(inputs);
    }

    private static void check(List<String> inputs) {
        int accepted = 0;
        int rejected = 0;
        List<String> failures = new ArrayList<>();
        for (String input : inputs) {
            DockerOracle.Result docker = DockerOracle.parseNormalizedNamed(input);
            String ours;
            try {
                ours = ImageReference.parse(input).toString();
            } catch (InvalidReferenceException e) {
                ours = null;
                assertTrue(e.getMessage().startsWith("invalid image reference "), e.getMessage());
            } catch (RuntimeException e) {
                fail("unexpected " + e + " for " + InvalidReferenceException.quote(input), e);
                return;
            }
            String expected = docker.rejected() || docker.withoutDomain() ? null : docker.normalized();
            if (expected == null ? ours != null : !expected.equals(ours)) {
                failures.add(InvalidReferenceException.quote(input) + ": docker " + expected + ", ferry " + ours);
            }
            if (ours == null) {
                rejected++;
            } else {
                accepted++;
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " differences");
        // Make sure the generators exercise both outcomes.
        assertTrue(accepted > inputs.size() / 100, "accepted " + accepted);
        assertTrue(rejected > inputs.size() / 100, "rejected " + rejected);
    }
}
