package dev.ferry.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    // FIPS 180-2 test vectors
    static final String SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    static final String SHA256_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String SHA512_ABC = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    @Test
    void parsesAndFormatsSha256() {
        Digest d = Digest.parse("sha256:" + SHA256_ABC);
        assertEquals("sha256", d.algorithm());
        assertEquals(SHA256_ABC, d.hex());
        assertEquals("sha256:" + SHA256_ABC, d.toString());
        assertEquals(d, Digest.parse(d.toString()));
        assertEquals(d.hashCode(), Digest.parse(d.toString()).hashCode());
    }

    @Test
    void parsesSha512() {
        Digest d = Digest.parse("sha512:" + SHA512_ABC);
        assertEquals("sha512", d.algorithm());
        assertEquals(128, d.hex().length());
        MessageDigest md = d.newMessageDigest();
        md.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertTrue(d.matches(md));
    }

    @Test
    void sha256OfKnownVectors() {
        assertEquals("sha256:" + SHA256_ABC, Digest.sha256("abc".getBytes(StandardCharsets.US_ASCII)).toString());
        assertEquals("sha256:" + SHA256_ABC, Digest.sha256("abc").toString());
        assertEquals("sha256:" + SHA256_EMPTY, Digest.sha256(new byte[0]).toString());
    }

    @Test
    void matchesComparesWhatTheMessageDigestSaw() {
        Digest d = Digest.sha256("abc");
        MessageDigest good = d.newMessageDigest();
        good.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertTrue(d.matches(good));
        MessageDigest bad = d.newMessageDigest();
        bad.update("abd".getBytes(StandardCharsets.US_ASCII));
        assertFalse(d.matches(bad));
    }

    @Test
    void shortFormIsAlgorithmAndTwelveHexDigits() {
        assertEquals("sha256:ba7816bf8f01", Digest.parse("sha256:" + SHA256_ABC).shortForm());
        assertEquals("sha512:ddaf35a19361", Digest.parse("sha512:" + SHA512_ABC).shortForm());
    }

    @Test
    void tooShortHexIsRejectedWithTheCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Digest.parse("sha256:" + SHA256_ABC.substring(0, 63)));
        assertTrue(e.getMessage().contains("64"), e.getMessage());
        assertTrue(e.getMessage().contains("63"), e.getMessage());
    }

    @Test
    void tooLongHexIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + SHA256_ABC + "0"));
        // a sha256-length hex under sha512 is wrong too
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha512:" + SHA256_ABC));
    }

    @Test
    void uppercaseHexIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Digest.parse("sha256:" + SHA256_ABC.toUpperCase()));
        assertTrue(e.getMessage().contains("lowercase"), e.getMessage());
    }

    @Test
    void uppercaseAlgorithmIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("SHA256:" + SHA256_ABC));
    }

    @Test
    void unknownAlgorithmIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Digest.parse("md5:" + "d41d8cd98f00b204e9800998ecf8427e"));
        assertTrue(e.getMessage().contains("unsupported digest algorithm \"md5\""), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            SHA256_ABC,                        // missing colon and algorithm
            "sha256",                          // no hex
            "sha256:",                         // empty hex
            ":" + SHA256_ABC,                  // empty algorithm
            "sha256;" + SHA256_ABC,            // wrong separator
            "sha256: " + SHA256_ABC,           // space
            "sha256:" + SHA256_ABC + " ",      // trailing space
            "sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", // not hex
            ""})
    void malformedDigestsAreRejected(String s) {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse(s));
    }

    @Test
    void missingColonMessageShowsTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Digest.parse(SHA256_ABC));
        assertTrue(e.getMessage().contains("algorithm:hex"), e.getMessage());
        assertTrue(e.getMessage().contains(SHA256_ABC), e.getMessage());
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse(null));
    }

    @Test
    void equalityAndOrder() {
        Digest a = Digest.sha256("a");
        Digest b = Digest.sha256("b");
        assertNotEquals(a, b);
        assertEquals(a, Digest.sha256("a"));
        assertEquals(Integer.signum(a.toString().compareTo(b.toString())), Integer.signum(a.compareTo(b)));
        assertEquals(0, a.compareTo(Digest.parse(a.toString())));
    }
}
