package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {

    @Test
    void bearerWithRealmServiceAndScope() {
        Challenge c = Challenge.parse(
                "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");
        assertTrue(c.isBearer());
        assertFalse(c.isBasic());
        assertEquals("bearer", c.scheme());
        assertEquals("https://auth.example/token", c.realm());
        assertEquals("registry.example", c.service());
        assertEquals("repository:a/b:pull,push", c.scope(), "the comma inside quotes belongs to the value");
        assertNull(c.error());
        assertEquals(List.of("realm", "service", "scope"), List.copyOf(c.params().keySet()));
    }

    @Test
    void bearerWithInsufficientScopeError() {
        // what a distribution registry answers when the token lacks push
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:team/app:pull,push\",error=\"insufficient_scope\"");
        assertTrue(c.isBearer());
        assertEquals("insufficient_scope", c.error());
        assertEquals("repository:team/app:pull,push", c.scope());
        assertEquals("registry.example", c.service());
    }

    @Test
    void basicRealmWithSpaces() {
        Challenge c = Challenge.parse("Basic realm=\"Registry Realm\"");
        assertTrue(c.isBasic());
        assertFalse(c.isBearer());
        assertEquals("Registry Realm", c.realm());
        assertEquals(Map.of("realm", "Registry Realm"), c.params());
    }

    @Test
    void schemeWithoutParameters() {
        Challenge c = Challenge.parse("Basic");
        assertTrue(c.isBasic());
        assertTrue(c.params().isEmpty());
        assertNull(c.realm());
    }

    @Test
    void quotedCommasAndSeveralResources() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.example/token?a=1,b=2\","
                + "scope=\"repository:a:pull,push repository:b/c:pull\",service=\"reg, with comma\"");
        assertEquals("https://auth.example/token?a=1,b=2", c.realm());
        assertEquals("repository:a:pull,push repository:b/c:pull", c.scope());
        assertEquals("reg, with comma", c.service());
    }

    @Test
    void unquotedValues() {
        Challenge c = Challenge.parse("Bearer realm=https://auth.example/token,service=registry.example,scope=registry:catalog:*");
        assertEquals("https://auth.example/token", c.realm());
        assertEquals("registry.example", c.service());
        assertEquals("registry:catalog:*", c.scope());
    }

    @Test
    void mixedQuotingAndSpacesAfterCommas() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.example/token\", service=registry.example , error=invalid_token");
        assertEquals("https://auth.example/token", c.realm());
        assertEquals("registry.example", c.service());
        assertEquals("invalid_token", c.error());
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitive() {
        Challenge c = Challenge.parse("BEARER Realm=\"https://auth.example/token\",SERVICE=\"Registry.Example\"");
        assertTrue(c.isBearer());
        assertEquals("https://auth.example/token", c.realm());
        assertEquals("Registry.Example", c.service(), "values keep their case");
    }

    @Test
    void backslashEscapesInQuotedValues() {
        Challenge c = Challenge.parse("Basic realm=\"say \\\"hi\\\" \\\\ bye\"");
        assertEquals("say \"hi\" \\ bye", c.realm());
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        Challenge c = Challenge.parse("  Bearer realm=\"https://auth.example/token\"  ");
        assertTrue(c.isBearer());
        assertEquals("https://auth.example/token", c.realm());
    }

    @Test
    void emptyQuotedValue() {
        Challenge c = Challenge.parse("Bearer realm=\"https://auth.example/token\",scope=\"\",service=\"s\"");
        assertEquals("", c.scope());
        assertEquals("s", c.service());
    }

    @Test
    void missingHeaderIsNoChallenge() {
        assertNull(Challenge.parse(null));
        assertNull(Challenge.parse(""));
        assertNull(Challenge.parse("   "));
    }

    @Test
    void otherSchemesAreNeitherBasicNorBearer() {
        Challenge c = Challenge.parse("Negotiate");
        assertEquals("negotiate", c.scheme());
        assertFalse(c.isBasic());
        assertFalse(c.isBearer());
    }
}
