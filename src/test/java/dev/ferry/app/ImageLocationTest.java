package dev.ferry.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ref.InvalidReferenceException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageLocationTest {
    static final String HEX = "b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
    static final Map<String, String> NAMES = new LinkedHashMap<>();
    static {
        NAMES.put("nj", "registry.example:5000");
        NAMES.put("lab", "10.45.80.1:5000");
    }

    static ImageLocation.Registry registry(String s) {
        return assertInstanceOf(ImageLocation.Registry.class, ImageLocation.parse(s, NAMES));
    }

    static ImageLocation.Layout layout(String s) {
        return assertInstanceOf(ImageLocation.Layout.class, ImageLocation.parse(s, NAMES));
    }

    // ---------------------------------------------------------------- registry references

    @Test
    void bareNameIsDockerHubLatest() {
        ImageLocation.Registry r = registry("nginx");
        assertEquals("docker.io", r.reference().registry());
        assertEquals("library/nginx", r.reference().repository());
        assertEquals(Optional.of("latest"), r.reference().tag());
        assertFalse(r.explicitTag(), "latest was added, not written");
        assertEquals("nginx", r.text());
    }

    @Test
    void dockerSchemePrefix() {
        ImageLocation.Registry r = registry("docker://nginx:1");
        assertEquals("docker.io", r.reference().registry());
        assertEquals("library/nginx", r.reference().repository());
        assertEquals(Optional.of("1"), r.reference().tag());
        assertTrue(r.explicitTag());
        assertEquals("docker://nginx:1", r.text(), "the text is what the user wrote");
    }

    @Test
    void surroundingSpaceIsIgnored() {
        ImageLocation.Registry r = registry("  nginx:1.27 ");
        assertEquals(Optional.of("1.27"), r.reference().tag());
        assertEquals("nginx:1.27", r.text());
    }

    @Test
    void explicitTag() {
        assertTrue(registry("nginx:latest").explicitTag(), "written, even though it is the default");
        assertTrue(registry("registry.example:5000/team/app:2.1").explicitTag());
        assertFalse(registry("registry.example:5000/team/app").explicitTag(), "a registry port is not a tag");
        assertFalse(registry("localhost:5000/app").explicitTag());
        assertFalse(registry("nginx@sha256:" + HEX).explicitTag());
        assertTrue(registry("nginx:1@sha256:" + HEX).explicitTag());
        assertTrue(ImageLocation.hasExplicitTag("a/b:c"));
        assertFalse(ImageLocation.hasExplicitTag("host:1/b"));
    }

    @Test
    void byDigest() {
        ImageLocation.Registry r = registry("docker://registry.example/app@sha256:" + HEX);
        assertEquals(Optional.of("sha256:" + HEX), r.reference().digest());
        assertEquals("registry.example", r.reference().registry());
        assertEquals("app", r.reference().repository());
    }

    @Test
    void registryNameFromTheConfiguration() {
        ImageLocation.Registry r = registry("@nj/app:1");
        assertEquals("registry.example:5000", r.reference().registry());
        assertEquals("app", r.reference().repository());
        assertEquals(Optional.of("1"), r.reference().tag());
        assertTrue(r.explicitTag());
        assertEquals("@nj/app:1", r.text());

        ImageLocation.Registry deep = registry("@lab/team/web");
        assertEquals("10.45.80.1:5000", deep.reference().registry());
        assertEquals("team/web", deep.reference().repository());
        assertFalse(deep.explicitTag());
    }

    @Test
    void withoutTheAtABareNameIsDockerHub() {
        ImageLocation.Registry r = registry("nj/app:1");
        assertEquals("docker.io", r.reference().registry());
        assertEquals("nj/app", r.reference().repository());
    }

    @Test
    void unknownRegistryNameListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageLocation.parse("@nope/app:1", NAMES));
        assertTrue(e.getMessage().contains("\"nope\""), e.getMessage());
        assertTrue(e.getMessage().contains("known: nj, lab"), e.getMessage());
    }

    @Test
    void unknownRegistryNameWithNoneConfigured() {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageLocation.parse("@nj/app", Map.of()));
        assertTrue(e.getMessage().contains("none is configured"), e.getMessage());
    }

    @Test
    void registryNameWithoutRepository() {
        for (String s : new String[] {"@nj", "@nj/"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ImageLocation.parse(s, NAMES), s);
            assertTrue(e.getMessage().contains("no repository"), e.getMessage());
            assertTrue(e.getMessage().contains("@nj/REPO"), e.getMessage());
        }
    }

    @Test
    void otherSchemesAreRejected() {
        for (String s : new String[] {"http://host/x", "https://registry.example/app:1", "docker-archive://x.tar"}) {
            BadInputException e = assertThrows(BadInputException.class, () -> ImageLocation.parse(s, NAMES), s);
            assertTrue(e.getMessage().contains("docker://REF"), e.getMessage());
            assertTrue(e.getMessage().contains("oci:DIR"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void emptyIsRejected(String s) {
        assertThrows(BadInputException.class, () -> ImageLocation.parse(s, NAMES));
        assertThrows(BadInputException.class, () -> ImageLocation.parse(null, NAMES));
    }

    @Test
    void invalidReferencesAreRejectedByTheReferenceParser() {
        assertThrows(InvalidReferenceException.class, () -> ImageLocation.parse("Nginx", NAMES));
        assertThrows(InvalidReferenceException.class, () -> ImageLocation.parse("docker://", NAMES));
        assertThrows(InvalidReferenceException.class, () -> ImageLocation.parse("@nj/App", NAMES));
    }

    // ---------------------------------------------------------------- OCI layouts

    @Test
    void layoutWithoutTag() {
        ImageLocation.Layout l = layout("oci:/tmp/x");
        assertEquals(Path.of("/tmp/x"), l.directory());
        assertNull(l.reference());
        assertEquals("oci:/tmp/x", l.text());
    }

    @Test
    void layoutWithTag() {
        ImageLocation.Layout l = layout("oci:/tmp/x:1.0");
        assertEquals(Path.of("/tmp/x"), l.directory());
        assertEquals("1.0", l.reference());
    }

    @Test
    void relativeLayoutWithTag() {
        ImageLocation.Layout l = layout("oci:./rel:tag");
        assertEquals(Path.of("./rel"), l.directory());
        assertEquals("./rel", l.directory().toString());
        assertEquals("tag", l.reference());
        assertEquals("layout", layout("oci:layout").directory().toString());
    }

    @Test
    void windowsDriveLetterWithTag() {
        ImageLocation.Layout l = layout("oci:C:\\images\\layout:1.0");
        assertEquals("C:\\images\\layout", l.directory().toString());
        assertEquals("1.0", l.reference());
    }

    @Test
    void windowsDriveLetterWithoutTag() {
        ImageLocation.Layout l = layout("oci:C:\\images\\layout");
        assertEquals("C:\\images\\layout", l.directory().toString(), "the drive letter's colon is not a tag separator");
        assertNull(l.reference());
    }

    @Test
    void layoutByDigest() {
        ImageLocation.Layout l = layout("oci:dir@sha256:" + HEX);
        assertEquals(Path.of("dir"), l.directory());
        assertEquals("sha256:" + HEX, l.reference());

        ImageLocation.Layout abs = layout("oci:/data/layouts/app@sha256:" + HEX);
        assertEquals(Path.of("/data/layouts/app"), abs.directory());
        assertEquals("sha256:" + HEX, abs.reference());

        ImageLocation.Layout win = layout("oci:C:\\images\\layout@sha256:" + HEX);
        assertEquals("C:\\images\\layout", win.directory().toString());
        assertEquals("sha256:" + HEX, win.reference());
    }

    @Test
    void somethingAfterAColonThatIsNoTagStaysInTheDirectory() {
        ImageLocation.Layout l = layout("oci:/tmp/a:b/c");
        assertEquals(Path.of("/tmp/a:b/c"), l.directory());
        assertNull(l.reference());
    }

    @Test
    void ociAloneIsRejected() {
        BadInputException e = assertThrows(BadInputException.class, () -> ImageLocation.parse("oci:", NAMES));
        assertTrue(e.getMessage().contains("needs a directory"), e.getMessage());
    }
}
