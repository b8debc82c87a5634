package dev.ferry.ref;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionTest {
    private static final String PW = "Zq7-s3cr3t";

    @Test void urlUserinfoKeepsTheUserAndMasksThePassword() {
        assertEquals("registry \"http://ferry:***@10.1.2.3:5000\" is bad",
                Redaction.redact("registry \"http://ferry:" + PW + "@10.1.2.3:5000\" is bad"));
        assertEquals("https://***@host/v2/", Redaction.redact("https://" + PW + "@host/v2/"));
    }

    @Test void aPasswordHoldingAtSignsIsMaskedToTheLastOne() {
        assertEquals("http://u:***@host/x", Redaction.redact("http://u:p@ss@word@host/x"));
        assertEquals("u:***@host/repo", Redaction.redact("u:p@ss@host/repo"));
    }

    @Test void referenceStyleUserinfoIsMasked() {
        assertEquals("invalid image reference \"ferry:***@127.0.0.1:5000/app:1\": no",
                Redaction.redact("invalid image reference \"ferry:" + PW + "@127.0.0.1:5000/app:1\": no"));
        assertEquals("ferry:***@host/app", Redaction.redact("ferry:" + PW + "@host/app"));
    }

    @Test void digestsAndOrdinaryReferencesStay() {
        String d = "sha256:" + "ab".repeat(32);
        for (String s : new String[]{"nginx:1.25@" + d, "127.0.0.1:5000/app:1@" + d, "localhost:5000/app@" + d,
                "copy 127.0.0.1:5000/a:1 -> 127.0.0.1:5001/b:1 failed: not found", "mail ops@example.com",
                "HTTP 401 at /v2/: not an OCI registry", "retry 1 in 2s: pull blob sha256:ab12… from host/repo"}) {
            assertSame(s, Redaction.redact(s), s);
        }
    }

    @Test void authorizationValuesAreMaskedButProseStays() {
        assertEquals("sent Authorization: Basic *** and Bearer ***",
                Redaction.redact("sent Authorization: Basic ZmVycnk6WnE3LXMzY3IzdA== and Bearer eyJhbGciOiJSUzI1NiJ9.eyJ.sig"));
        String prose = "the registry asks for Bearer authentication through a Basic realm";
        assertEquals(prose, Redaction.redact(prose));
    }

    @Test void secretParametersAndJsonFieldsAreMasked() {
        assertEquals("GET /token?account=ferry&password=*** failed",
                Redaction.redact("GET /token?account=ferry&password=" + PW + " failed"));
        assertEquals("refresh_token=***&client_id=ferry", Redaction.redact("x refresh_token=abc&client_id=ferry").substring(2));
        assertEquals("{\"Username\":\"ferry\",\"Secret\":\"***\"}", Redaction.redact("{\"Username\":\"ferry\",\"Secret\":\"" + PW + "\"}"));
        assertEquals("{\"auth\": \"***\"}", Redaction.redact("{\"auth\": \"ZmVycnk6cHc=\"}"));
    }

    @Test void theMaskedTextNeverHoldsThePassword() {
        String[] texts = {"http://ferry:" + PW + "@h", "ferry:" + PW + "@h/r", "token=" + PW, "\"password\":\"" + PW + "\""};
        for (String t : texts) {
            String r = Redaction.redact(t);
            assertFalse(r.contains(PW), r);
            assertTrue(r.contains(Redaction.MASK), r);
        }
    }

    @Test void aHugeTextIsRedactedInOnePass() {
        String huge = "x:y@z/".repeat(200_000) + " " + "a:b:c=d\"e ".repeat(100_000) + "http://u:" + PW + "@h";
        long t0 = System.nanoTime();
        String r = Redaction.redact(huge);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3000, "took " + ms + " ms");
        assertFalse(r.contains(PW));
    }

    @Test void aReferenceWithCredentialsIsRefusedWithoutShowingThem() {
        InvalidReferenceException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidReferenceException.class,
                () -> ImageReference.parse("ferry:" + PW + "@127.0.0.1:5000/app:1"));
        assertEquals("invalid image reference \"ferry:***@127.0.0.1:5000/app:1\": credentials must not be part of an image reference;"
                + " give them apart (--src-creds/--dest-creds USER, cfg.yaml user: and password:, or docker login)", e.getMessage());
        assertEquals("sha256:" + "ab".repeat(32), ImageReference.parse("127.0.0.1:5000/app:1@sha256:" + "ab".repeat(32)).digest().orElseThrow());
    }

    @Test void nullStaysNull() {
        assertEquals(null, Redaction.redact(null));
    }
}
