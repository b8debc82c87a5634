package dev.ferry.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopesTest {

    @Test
    void parseSplitsActionsIntoAtoms() {
        assertEquals(List.of("repository:a/b:pull", "repository:a/b:push"),
                List.copyOf(Scopes.parse("repository:a/b:pull,push")));
    }

    @Test
    void parseSeveralResources() {
        assertEquals(List.of("repository:a:pull", "repository:a:push", "repository:b/c:pull", "registry:catalog:*"),
                List.copyOf(Scopes.parse("  repository:a:pull,push   repository:b/c:pull registry:catalog:* ")));
    }

    @Test
    void parseKeepsPortsInRepositoryNames() {
        assertEquals(Set.of("repository:localhost:5000/app:pull", "repository:localhost:5000/app:delete"),
                Scopes.parse("repository:localhost:5000/app:pull,delete"));
    }

    @Test
    void parseDropsDuplicatesEmptyActionsAndGarbage() {
        assertEquals(List.of("repository:a:pull", "repository:a:push"),
                List.copyOf(Scopes.parse("repository:a:pull,,pull repository:a:push, nonsense :x")));
        assertTrue(Scopes.parse("").isEmpty());
        assertTrue(Scopes.parse("   ").isEmpty());
    }

    @Test
    void formatMergesActionsPerResource() {
        Set<String> atoms = new LinkedHashSet<>(List.of(
                "repository:a:pull", "repository:b:pull", "repository:a:push", "registry:catalog:*", "repository:b:push"));
        assertEquals(List.of("repository:a:pull,push", "repository:b:pull,push", "registry:catalog:*"), Scopes.format(atoms));
    }

    @Test
    void formatOfNothingIsNothing() {
        assertEquals(List.of(), Scopes.format(Set.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "repository:a/b:pull",
            "repository:a/b:pull,push",
            "repository:a:pull,push repository:b/c:pull",
            "repository:localhost:5000/x/y:pull,push,delete registry:catalog:*",
    })
    void formatAndParseRoundTrip(String scope) {
        Set<String> atoms = Scopes.parse(scope);
        List<String> formatted = Scopes.format(atoms);
        assertEquals(List.of(scope.split(" ")), formatted);
        assertEquals(atoms, Scopes.parse(String.join(" ", formatted)));
    }

    @Test
    void pullPushAndCatalog() {
        assertEquals(Set.of("repository:team/app:pull"), Scopes.pull("team/app"));
        assertEquals(List.of("repository:team/app:pull", "repository:team/app:push"), List.copyOf(Scopes.push("team/app")));
        assertEquals(List.of("repository:team/app:pull,push"), Scopes.format(Scopes.push("team/app")));
        assertEquals(List.of("registry:catalog:*"), Scopes.format(Scopes.catalog()));
    }

    @Test
    void unionOfSeveralResourcesFormatsOneParameterEach() {
        // copying from one repository to another on the same registry: pull the source, push the target
        Set<String> both = Scopes.union(Scopes.pull("src/app"), Scopes.push("dst/app"));
        assertEquals(List.of("repository:src/app:pull", "repository:dst/app:pull", "repository:dst/app:push"), List.copyOf(both));
        assertEquals(List.of("repository:src/app:pull", "repository:dst/app:pull,push"), Scopes.format(both));
        // union does not change its inputs and drops duplicates
        Set<String> again = Scopes.union(both, Scopes.pull("src/app"));
        assertEquals(both, again);
        assertEquals(1, Scopes.pull("src/app").size());
    }

    @Test
    void challengeScopeCoversWhatARequestNeeds() {
        Set<String> granted = Scopes.parse("repository:a/b:pull,push");
        assertTrue(granted.containsAll(Scopes.pull("a/b")));
        assertTrue(granted.containsAll(Scopes.push("a/b")));
        assertTrue(!granted.containsAll(Scopes.pull("a/c")));
    }
}
