package dev.ferry.ref;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExcerptTest {

    @Test void shortValuesStay() {
        String s = "a".repeat(Excerpt.MAX_VALUE);
        assertSame(s, Excerpt.of(s));
        assertEquals(null, Excerpt.of(null));
    }

    @Test void aLongValueKeepsItsStartAndSaysHowMuchWasLeftOut() {
        String s = "b".repeat(2_000_000);
        assertEquals("b".repeat(Excerpt.MAX_VALUE) + " …(" + (2_000_000 - Excerpt.MAX_VALUE) + " more characters)", Excerpt.of(s));
    }

    @Test void aSurrogatePairIsNeverCutInTwo() {
        String s = "x".repeat(Excerpt.MAX_VALUE - 1) + "\uD83D\uDE00" + "y".repeat(10);
        String cut = Excerpt.of(s);
        assertTrue(cut.startsWith("x".repeat(Excerpt.MAX_VALUE - 1) + " …("), cut);
    }

    @Test void aMessageQuotingAHugeValueKeepsWhatItSays() {
        String m = "cfg.yaml:3:10: maxconn is \"" + "9".repeat(2_000_000) + "\", which is not a whole number; expected 1 or more";
        String s = Excerpt.shorten(m);
        assertTrue(s.length() < 400, s);
        assertTrue(s.startsWith("cfg.yaml:3:10: maxconn is \"999"), s);
        assertTrue(s.endsWith("more characters) which is not a whole number; expected 1 or more") || s.contains("which is not a whole number; expected 1 or more"), s);
    }

    @Test void aLongMessageOfShortWordsKeepsItsStartAndEnd() {
        String m = "start " + "word ".repeat(100_000) + "the end";
        String s = Excerpt.shorten(m);
        assertTrue(s.length() <= Excerpt.MAX_TEXT, String.valueOf(s.length()));
        assertTrue(s.startsWith("start word"), s);
        assertTrue(s.endsWith("word the end"), s);
        assertTrue(s.contains("characters left out"), s);
    }

    @Test void aQuotedValueAlreadyCutIsNotCutAgain() {
        String quoted = "invalid tag \"" + Excerpt.of("x".repeat(5000)) + "\": too long";
        assertSame(quoted, Excerpt.shorten(quoted));
    }

    @Test void shorteningAgainChangesNothing() {
        String m = "cfg.yaml:1:10: maxconn is \"" + "a".repeat(100_000) + "\", which is not a whole number " + "w ".repeat(5000) + "end";
        String once = Excerpt.shorten(m);
        assertEquals(once, Excerpt.shorten(once));
        assertEquals(once, Excerpt.shorten(Excerpt.shorten(once)));
    }

    @Test void ordinaryMessagesComeBackAsTheyAre() {
        String m = "copy 127.0.0.1:5000/a:1 -> 127.0.0.1:5001/b:1 failed: get manifest a:1 from 127.0.0.1:5000: not found (HTTP 404 MANIFEST_UNKNOWN)";
        assertSame(m, Excerpt.shorten(m));
    }
}
