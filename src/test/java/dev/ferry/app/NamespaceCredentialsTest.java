package dev.ferry.app;

import dev.ferry.config.RegistrySecrets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which credentials a repository goes with: the longest namespace with its own, else the registry's. */
class NamespaceCredentialsTest {
    @Test
    void theLongestNamespaceWithCredentialsOfItsOwnWins() {
        RegistrySettings s = RegistrySettings.builder().credentials("reg:5000", "u", "p")
                .credentials("reg:5000", "team", "t", "p").credentials("reg:5000", "team/sub/", "ts", "p").build();
        assertEquals("team/sub", s.namespaceFor("reg:5000", "team/sub/app"));
        assertEquals("team/sub", s.namespaceFor("reg:5000", "team/sub/deep/app"));
        assertEquals("team", s.namespaceFor("reg:5000", "team/app"));
        assertEquals("team", s.namespaceFor("reg:5000", "team/subway/app"), "whole path segments only");
        assertNull(s.namespaceFor("reg:5000", "team"), "a repository is not its own namespace");
        assertNull(s.namespaceFor("reg:5000", "other/app"));
        assertNull(s.namespaceFor("other:5000", "team/app"), "per registry");
        assertEquals("ts", s.optionsFor("reg:5000", "team/sub").credentials().username());
        assertEquals("t", s.optionsFor("reg:5000", "team").credentials().username());
        assertEquals("u", s.optionsFor("reg:5000", (String) null).credentials().username());
        assertEquals("team", s.withQps(3).namespaceFor("reg:5000", "team/app"), "kept by withQps");
    }

    @Test
    void theSecretsFileLooksUpTheSameWay() {
        RegistrySecrets f = RegistrySecrets.parse("reg:5000:\n  username: u\n  password: p\nreg:5000/team:\n  username: t\n  password: p\n"
                + "reg:5000/team/sub:\n  username: ts\n  password: p\n", "registry-secret.yaml");
        assertEquals("ts", f.lookup("reg:5000", "team/sub/x/app").orElseThrow().username());
        assertEquals("t", f.lookup("reg:5000", "team/app").orElseThrow().username());
        assertEquals("u", f.lookup("reg:5000", "app").orElseThrow().username());
    }
}
