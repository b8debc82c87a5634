package dev.ferry.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testing.RegistryServer;
import dev.ferry.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code login REGISTRY USER --save}: the credentials land in docker's config.json, and later runs use them. */
@Timeout(60)
class ShellLoginSaveTest {
    @Test
    void loginSaveWritesDockersConfigKeepingWhatWasThereAndLaterRunsAreLoggedIn() throws Exception {
        Tools.require("docker-registry");
        Tools.require("htpasswd");
        try (RegistryServer locked = RegistryServer.builder().htpasswd("deliver", "S3cret-pw").start()) {
            ShellRun ferry = new ShellRun();
            Path config = Path.of(ferry.env.get("DOCKER_CONFIG"), "config.json");
            Files.createDirectories(config.getParent());
            Files.writeString(config, "{\"auths\":{\"other.example\":{\"auth\":\"dTpw\"}},\"psFormat\":\"table\"}");

            ShellRun.Result before = ferry.run("catalog", locked.host());
            assertEquals(1, before.exit(), before::toString);

            ferry.env.put("FERRY_PASSWORD", "S3cret-pw");
            ShellRun.Result login = ferry.run("shell", "-c", "login " + locked.host() + " deliver --save");
            assertEquals(0, login.exit(), login::toString);
            assertTrue(login.out().contains("saved in " + config), login::toString);
            assertFalse((login.out() + login.err()).contains("S3cret-pw"), "the password is never printed");
            ferry.env.remove("FERRY_PASSWORD");

            JsonNode root = new ObjectMapper().readTree(config.toFile());
            assertEquals("table", root.path("psFormat").asText(), "other settings are kept");
            assertEquals("dTpw", root.path("auths").path("other.example").path("auth").asText(), "other registries are kept");
            String auth = new String(Base64.getDecoder().decode(root.path("auths").path(locked.host()).path("auth").asText()), StandardCharsets.UTF_8);
            assertEquals("deliver:S3cret-pw", auth);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));

            ShellRun.Result after = ferry.run("catalog", locked.host());
            assertEquals(0, after.exit(), after::toString);

            ShellRun.Result nothing = ferry.run("shell", "-c", "logout " + locked.host());
            assertEquals(0, nothing.exit(), nothing::toString);
        }
    }

    @Test
    void aConfigThatNamesACredentialHelperIsNotOverwritten() throws Exception {
        Tools.require("docker-registry");
        try (RegistryServer reg = RegistryServer.builder().start()) {
            ShellRun ferry = new ShellRun();
            Path config = Path.of(ferry.env.get("DOCKER_CONFIG"), "config.json");
            Files.createDirectories(config.getParent());
            String helper = "{\"credHelpers\":{\"" + reg.host() + "\":\"secretservice\"}}";
            Files.writeString(config, helper);
            ferry.env.put("FERRY_PASSWORD", "pw-xyz");
            ShellRun.Result r = ferry.run("shell", "-c", "login " + reg.host() + " someone --save");
            assertEquals(1, r.exit(), r::toString);
            assertTrue(r.err().contains("not saved") && r.err().contains("docker-credential-secretservice"), r::toString);
            assertEquals(helper, Files.readString(config), "the file is untouched");
        }
    }
}
