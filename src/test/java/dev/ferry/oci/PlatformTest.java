package dev.ferry.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @Test
    void parsesOsArchVariant() {
        Platform p = Platform.parse("linux/arm/v7");
        assertEquals("linux", p.os());
        assertEquals("arm", p.architecture());
        assertEquals("v7", p.variant());
        assertEquals("linux/arm/v7", p.toString());
    }

    @Test
    void parsesWithoutVariant() {
        Platform p = Platform.parse("linux/amd64");
        assertEquals(new Platform("linux", "amd64", null), p);
        assertNull(p.variant());
        assertEquals("linux/amd64", p.toString());
    }

    @Test
    void parseTrimsAndLowercases() {
        assertEquals(new Platform("linux", "arm64", "v8"), Platform.parse("  Linux/ARM64/V8 "));
    }

    @Test
    void emptyVariantIsNoVariant() {
        assertNull(new Platform("linux", "amd64", "").variant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux", "linux/", "/amd64", "linux/amd64/", "linux/arm/v7/extra", "", "   ", "linux//v7"})
    void invalidPlatformsAreRejected(String s) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Platform.parse(s));
        assertTrue(e.getMessage().contains("os/arch[/variant]"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} matches {1}")
    @CsvSource({
            "linux/arm64,     linux/arm64/v8",
            "linux/arm64/8,   linux/arm64/v8",
            "linux/aarch64,   linux/arm64/v8",
            "linux/arm,       linux/arm/v7",
            "linux/arm/7,     linux/arm/v7",
            "linux/x86_64,    linux/amd64",
            "linux/x86-64,    linux/amd64",
            "linux/amd64/v1,  linux/amd64",
            "linux/i386,      linux/386",
            "linux/i686,      linux/386",
            "linux/amd64,     linux/amd64",
            "windows/amd64,   windows/amd64",
    })
    void equivalentPlatformsMatchBothWays(String a, String b) {
        Platform pa = Platform.parse(a);
        Platform pb = Platform.parse(b);
        assertTrue(pa.matches(pb), a + " should match " + b);
        assertTrue(pb.matches(pa), b + " should match " + a);
    }

    @ParameterizedTest(name = "{0} does not match {1}")
    @CsvSource({
            "linux/arm,       linux/arm/v6",
            "linux/arm/v6,    linux/arm/v7",
            "linux/arm64,     linux/arm64/v9",
            "linux/arm64,     linux/arm/v8",
            "linux/amd64,     linux/amd64/v2",
            "linux/amd64,     windows/amd64",
            "linux/amd64,     linux/arm64",
            "linux/386,       linux/amd64",
    })
    void differentPlatformsDoNotMatch(String a, String b) {
        assertFalse(Platform.parse(a).matches(Platform.parse(b)));
        assertFalse(Platform.parse(b).matches(Platform.parse(a)));
    }

    @Test
    void nothingMatchesNull() {
        assertFalse(Platform.parse("linux/amd64").matches(null));
    }

    @Test
    void normalisedForms() {
        assertEquals("linux/arm64/v8", Platform.parse("linux/arm64").normalised().toString());
        assertEquals("linux/arm/v7", Platform.parse("linux/arm").normalised().toString());
        assertEquals("linux/arm/v6", Platform.parse("linux/arm/6").normalised().toString());
        assertEquals("linux/amd64", Platform.parse("linux/x86_64").normalised().toString());
        assertEquals("linux/amd64", Platform.parse("linux/amd64/v1").normalised().toString());
        assertEquals("linux/amd64/v3", Platform.parse("linux/amd64/v3").normalised().toString());
        assertEquals("linux/ppc64le", Platform.parse("linux/ppc64le").normalised().toString());
        // normalising does not change the original
        Platform p = Platform.parse("linux/x86_64");
        p.normalised();
        assertEquals("x86_64", p.architecture());
    }

    @Test
    void currentPlatformIsNormalised() {
        Platform c = Platform.current();
        assertEquals(c, c.normalised());
        assertTrue(c.matches(c));
    }
}
