package dev.ferry.ref;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** image-transmit's tag order (mcuadros/go-version's Compare) and Semantic Versioning's. */
class GoVersionOrderTest {
    /** Each row: a, b, the sign of compare(a, b), as go-version's tests and image-transmit's README give them. */
    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
            // image-transmit's README
            "v3.10, v3.5, 1",
            "C_20210819100000, C_20210818100000, 1",
            // go-version's compare tests (normalised, as version.Compare does)
            "1, 2, -1",
            "10, 2, 1",
            "1.0, 1.1, -1",
            "1.2, 1.0.1, 1",
            "1.0-dev, 1.0-dev, 0",
            "1.0-dev, 1.0a1, -1",
            "1.0-dev, 1.0b1, -1",
            "1.0-dev, 1.0RC1, -1",
            "1.0-dev, 1.0rc1, -1",
            "1.0-dev, 1.0, -1",
            "1.0a1, 1.0b1, -1",
            "1.0a1, 1.0, -1",
            "1.0b1, 1.0RC1, -1",
            "1.0b1, 1.0, -1",
            "1.0RC1, 1.0rc1, 0",
            "1.0rc1, 1.0, -1",
            "1.0-rc1, 1.0, -1",
            "1.0-alpha, 1.0-beta, -1",
            "1.0-beta, 1.0-rc, -1",
            "v1.0, 1.0, 0",
            "2.3.4, v3.1.2, -1",
            "1.9.2, 1.10.0, -1",
            "2021.08.19, 2021.08.18, 1",
            "latest, v3.5, -1",
    })
    void ordersAsImageTransmit(String a, String b, int sign) {
        assertEquals(sign, Integer.signum(GoVersionOrder.compareVersions(a, b)), a + " vs " + b);
        assertEquals(-sign, Integer.signum(GoVersionOrder.compareVersions(b, a)), b + " vs " + a);
    }

    @Test
    void normalisesAsGoVersion() {
        assertEquals("1.2.0.0", GoVersionOrder.normalize("v1.2"));
        assertEquals("1.0.0.0-RC1", GoVersionOrder.normalize("1.0rc1"));
        assertEquals("1.0.0.0-beta", GoVersionOrder.normalize("1.0-beta"));
        assertEquals("9999999-dev", GoVersionOrder.normalize("master"));
        assertEquals("dev-feature", GoVersionOrder.normalize("dev-feature"));
        assertEquals("2021-08-19", GoVersionOrder.normalize("2021.08.19"));
        assertEquals("C_20210819100000", GoVersionOrder.normalize("C_20210819100000"));
    }

    @Test
    void dev_alpha_beta_rc_releaseAndTheLowestTagRule() {
        List<String> tags = new ArrayList<>(List.of("1.0", "1.0-rc1", "1.0-beta1", "1.0-alpha1", "1.0-dev"));
        tags.sort(GoVersionOrder.INSTANCE);
        assertEquals(List.of("1.0-dev", "1.0-alpha1", "1.0-beta1", "1.0-rc1", "1.0"), tags);
        List<String> all = new ArrayList<>(List.of("v3.10", "v3.4", "v3.5", "v3.5.1", "v3.9", "v2.99"));
        all.removeIf(t -> GoVersionOrder.compareVersions(t, "v3.5") < 0);
        all.sort(GoVersionOrder.INSTANCE);
        assertEquals(List.of("v3.5", "v3.5.1", "v3.9", "v3.10"), all, "repo:v3.5 ships v3.5 and above, in order");
    }

    @Test
    void semverPrecedence() {
        List<String> tags = new ArrayList<>(List.of("1.0.0", "1.0.0-rc.1", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.11", "1.0.0-beta.2",
                "1.0.0-beta", "v2.0.0", "1.10.0", "1.9.0"));
        tags.sort(SemverOrder.INSTANCE);
        assertEquals(List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0",
                "1.9.0", "1.10.0", "v2.0.0"), tags);
        assertTrue(SemverOrder.parse("1.2.3+build.5").isPresent());
        assertFalse(SemverOrder.parse("v3.5").isPresent(), "two numbers are not a semantic version");
        assertFalse(SemverOrder.parse("latest").isPresent());
    }
}
