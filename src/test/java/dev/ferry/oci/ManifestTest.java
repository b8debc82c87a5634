package dev.ferry.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CONFIG = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
    static final String LAYER1 = "sha256:9834876dcfb05cb167a5c24953eba58c4ac89b1adf57f28f2f9d09af107ee8f0";
    static final String LAYER2 = "sha256:3c3a4604a545cdc127456d94e421cd355bca5b528f4a9c1905b15da2eb4a4c6b";
    static final String AMD64 = "sha256:e692418e4cbaf90ca69d05a66403747baa33ee08806650b51fab815ad7fc331f";
    static final String ARM64 = "sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270";
    static final String ARMV7 = "sha256:cb7b9a8cd2d8e8d6d9c5a0c6f0a0fbd2bb2ee1b1a4c9e2c3f7d7c7e8a6f4f0a1";
    static final String ATTEST = "sha256:0f2d9b2c7b1e3c4a5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4";

    // the example in the OCI image spec (manifest.md), as a registry would store it: pretty-printed
    static final String OCI_MANIFEST = """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": "%s",
                "size": 7023
              },
              "layers": [
                {
                  "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                  "digest": "%s",
                  "size": 32654
                },
                {
                  "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                  "digest": "%s",
                  "size": 16724,
                  "urls": ["https://mirror.example/blobs/layer2"],
                  "annotations": {"org.opencontainers.image.title": "layer2.tar.gz"}
                }
              ],
              "annotations": {
                "com.example.key1": "value1",
                "com.example.key2": "value2"
              }
            }
            """.formatted(CONFIG, LAYER1, LAYER2);

    // docker push of a classic build: compact, three-space indentation as the docker daemon writes it
    static final String DOCKER_MANIFEST = """
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 1469,
                  "digest": "%s"
               },
               "layers": [
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 2479,
                     "digest": "%s"
                  },
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
                     "size": 1654,
                     "digest": "%s",
                     "urls": ["https://go.microsoft.example/fwlink/?linkid=837858"]
                  }
               ]
            }""".formatted(CONFIG, LAYER1, LAYER2);

    // buildx output: an OCI index with two platforms, an attestation manifest, unknown fields
    static final String OCI_INDEX = """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.index.v1+json",
              "manifests": [
                {
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "%s",
                  "size": 1050,
                  "platform": {"architecture": "amd64", "os": "linux"},
                  "x-vendor-field": {"kept": true}
                },
                {
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "%s",
                  "size": 1051,
                  "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"},
                  "annotations": {"org.opencontainers.image.ref.name": "arm"}
                },
                {
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "%s",
                  "size": 566,
                  "platform": {"architecture": "unknown", "os": "unknown"},
                  "annotations": {
                    "vnd.docker.reference.digest": "%s",
                    "vnd.docker.reference.type": "attestation-manifest"
                  }
                }
              ],
              "annotations": {"org.opencontainers.image.created": "2024-05-01T10:00:00Z"},
              "x-top-level": [1, 2, 3]
            }
            """.formatted(AMD64, ARM64, ATTEST, AMD64);

    static final String DOCKER_LIST = """
            {
               "manifests": [
                  {
                     "digest": "%s",
                     "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                     "platform": {
                        "architecture": "amd64",
                        "os": "linux"
                     },
                     "size": 528
                  },
                  {
                     "digest": "%s",
                     "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                     "platform": {
                        "architecture": "arm",
                        "os": "linux",
                        "variant": "v7"
                     },
                     "size": 528
                  }
               ],
               "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
               "schemaVersion": 2
            }""".formatted(AMD64, ARMV7);

    // a signed schema 1 manifest (shortened), as old registries still serve them
    static final String SCHEMA1 = """
            {
               "schemaVersion": 1,
               "name": "library/hello-world",
               "tag": "latest",
               "architecture": "amd64",
               "fsLayers": [
                  {"blobSum": "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4"}
               ],
               "history": [{"v1Compatibility": "{\\"id\\":\\"e45a5af57b00\\"}"}],
               "signatures": [{"header": {"alg": "ES256"}, "signature": "abc", "protected": "def"}]
            }""";

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    // ---------------------------------------------------------------- kinds

    @Test
    void ociManifest() {
        Manifest m = Manifest.parse(utf8(OCI_MANIFEST), MediaTypes.OCI_MANIFEST);
        ImageManifest im = assertInstanceOf(ImageManifest.class, m);
        assertFalse(m.isIndex());
        assertEquals(MediaTypes.OCI_MANIFEST, m.mediaType());
        assertEquals(new Descriptor(MediaTypes.OCI_CONFIG, Digest.parse(CONFIG), 7023), im.config());
        assertEquals(2, im.layers().size());
        Descriptor l2 = im.layers().get(1);
        assertEquals(Digest.parse(LAYER2), l2.digest());
        assertEquals(16724, l2.size());
        assertEquals(MediaTypes.OCI_LAYER_GZIP, l2.mediaType());
        assertEquals(List.of("https://mirror.example/blobs/layer2"), l2.urls());
        assertEquals(Map.of("org.opencontainers.image.title", "layer2.tar.gz"), l2.annotations());
        assertNull(l2.platform());
        assertEquals(List.of(Digest.parse(CONFIG), Digest.parse(LAYER1), Digest.parse(LAYER2)),
                im.blobs().stream().map(Descriptor::digest).toList());
        assertEquals(7023 + 32654 + 16724, im.totalSize());
    }

    @Test
    void dockerV2Schema2Manifest() {
        ImageManifest m = assertInstanceOf(ImageManifest.class, Manifest.parse(utf8(DOCKER_MANIFEST), null));
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
        assertEquals(MediaTypes.DOCKER_CONFIG, m.config().mediaType());
        assertEquals(1469, m.config().size());
        assertFalse(m.layers().get(0).isForeign());
        assertTrue(m.layers().get(1).isForeign());
        assertTrue(MediaTypes.isDocker(m.mediaType()));
    }

    @Test
    void ociIndex() {
        ImageIndex idx = assertInstanceOf(ImageIndex.class, Manifest.parse(utf8(OCI_INDEX), MediaTypes.OCI_INDEX));
        assertTrue(idx.isIndex());
        assertEquals(MediaTypes.OCI_INDEX, idx.mediaType());
        assertEquals(3, idx.manifests().size());
        assertEquals(new Platform("linux", "amd64", null), idx.manifests().get(0).platform());
        assertEquals(new Platform("linux", "arm64", "v8"), idx.manifests().get(1).platform());
        assertEquals("arm", idx.manifests().get(1).annotations().get("org.opencontainers.image.ref.name"));
        assertEquals("attestation-manifest", idx.manifests().get(2).annotations().get("vnd.docker.reference.type"));
        assertEquals(Digest.parse(ARM64), idx.manifests().get(1).digest());
        assertEquals(1051, idx.manifests().get(1).size());
    }

    @Test
    void dockerManifestList() {
        ImageIndex idx = assertInstanceOf(ImageIndex.class,
                Manifest.parse(utf8(DOCKER_LIST), MediaTypes.DOCKER_MANIFEST_LIST));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, idx.mediaType());
        assertEquals(List.of(Digest.parse(AMD64), Digest.parse(ARMV7)),
                idx.manifests().stream().map(Descriptor::digest).toList());
        assertTrue(idx.manifests().get(1).platform().matches(Platform.parse("linux/arm")));
        assertEquals(MediaTypes.DOCKER_MANIFEST, idx.manifests().get(0).mediaType());
    }

    @Test
    void emptyIndexHasNoEntries() {
        ImageIndex idx = assertInstanceOf(ImageIndex.class, Manifest.parse(utf8(
                "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}"), null));
        assertTrue(idx.manifests().isEmpty());
    }

    // ---------------------------------------------------------------- media type: field, then content type, then shape

    @Test
    void mediaTypeFieldWinsOverContentType() {
        // a registry that answers with the wrong Content-Type does not change what the document says it is
        Manifest m = Manifest.parse(utf8(DOCKER_MANIFEST), MediaTypes.OCI_MANIFEST);
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());
        Manifest i = Manifest.parse(utf8(DOCKER_LIST), MediaTypes.OCI_INDEX);
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, i.mediaType());
    }

    @Test
    void contentTypeIsUsedWhenTheFieldIsMissing() {
        String noField = OCI_MANIFEST.replace("\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n", "");
        assertFalse(noField.contains("\"mediaType\": \"" + MediaTypes.OCI_MANIFEST + "\""));
        Manifest m = Manifest.parse(utf8(noField), MediaTypes.DOCKER_MANIFEST + "; charset=utf-8");
        assertInstanceOf(ImageManifest.class, m);
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.mediaType());

        String indexNoField = OCI_INDEX.replace("\"mediaType\": \"application/vnd.oci.image.index.v1+json\",\n", "");
        Manifest i = Manifest.parse(utf8(indexNoField), MediaTypes.DOCKER_MANIFEST_LIST);
        assertInstanceOf(ImageIndex.class, i);
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, i.mediaType());
    }

    @Test
    void shapeDecidesWhenNeitherFieldNorContentTypeSays() {
        String manifest = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + CONFIG
                + "\",\"size\":2},\"layers\":[]}";
        assertEquals(MediaTypes.OCI_MANIFEST, Manifest.parse(utf8(manifest), null).mediaType());
        // a plain JSON content type (some registries, files) is not schema 1 when the document has layers
        assertEquals(MediaTypes.OCI_MANIFEST, Manifest.parse(utf8(manifest), "application/json").mediaType());
        assertEquals(MediaTypes.OCI_MANIFEST, Manifest.parse(utf8(manifest), "application/octet-stream").mediaType());

        String index = "{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + AMD64 + "\",\"size\":5}]}";
        Manifest i = Manifest.parse(utf8(index), null);
        assertInstanceOf(ImageIndex.class, i);
        assertEquals(MediaTypes.OCI_INDEX, i.mediaType());
        assertEquals(MediaTypes.OCI_INDEX, Manifest.parse(utf8(index), "application/json").mediaType());
    }

    @Test
    void noMediaTypeAndNoRecognisableShapeIsRejected() {
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8("{\"schemaVersion\":2,\"config\":{}}"), null));
        assertTrue(e.getMessage().contains("cannot tell"), e.getMessage());
    }

    @Test
    void unknownMediaTypeFieldIsRejected() {
        String artifact = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.thing.v1+json\",\"layers\":[]}";
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(artifact), null));
        assertTrue(e.getMessage().contains("application/vnd.example.thing.v1+json"), e.getMessage());
    }

    // ---------------------------------------------------------------- rejected documents

    @Test
    void schema1IsRejectedByName() {
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(SCHEMA1), MediaTypes.DOCKER_SCHEMA1_SIGNED));
        assertTrue(e.getMessage().contains("schema 1"), e.getMessage());
        // also without a content type: the schemaVersion says so
        UnsupportedManifestException e2 = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(SCHEMA1), null));
        assertTrue(e2.getMessage().contains("schema 1"), e2.getMessage());
    }

    @Test
    void schema1ContentTypeWithoutSchemaVersionIsRejectedByName() {
        String jws = "{\"name\":\"library/hello-world\",\"tag\":\"latest\",\"fsLayers\":[]}";
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(jws), MediaTypes.DOCKER_SCHEMA1));
        assertTrue(e.getMessage().contains("schema 1"), e.getMessage());
    }

    @Test
    void otherSchemaVersionsAreRejected() {
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(OCI_MANIFEST.replace("\"schemaVersion\": 2", "\"schemaVersion\": 3")), null));
        assertTrue(e.getMessage().contains("schemaVersion 3"), e.getMessage());
    }

    @Test
    void garbageIsNotJson() {
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8("<html><body>502 Bad Gateway</body></html>"), "text/html"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());

        assertThrows(UnsupportedManifestException.class, () -> Manifest.parse(utf8("{\"schemaVersion\":2,"), null));
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        for (String s : List.of("[]", "42", "\"manifest\"", "null", "")) {
            UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                    () -> Manifest.parse(utf8(s), null), s);
            assertTrue(e.getMessage().contains("not a JSON object"), s + ": " + e.getMessage());
        }
    }

    @Test
    void imageManifestWithoutConfigIsRejected() {
        String noConfig = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[]}";
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(noConfig), null));
        assertTrue(e.getMessage().contains("no config"), e.getMessage());
    }

    @Test
    void invalidDescriptorDigestIsAnUnsupportedManifest() {
        String bad = OCI_MANIFEST.replace(LAYER1, "sha256:1234");
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(bad), null));
        assertTrue(e.getMessage().contains("layers[0]"), e.getMessage());
        assertTrue(e.getMessage().contains("sha256:1234"), e.getMessage());

        String badConfig = OCI_MANIFEST.replace(CONFIG, CONFIG.toUpperCase().replace("SHA256", "sha256"));
        UnsupportedManifestException e2 = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(badConfig), null));
        assertTrue(e2.getMessage().contains("config"), e2.getMessage());

        String badEntry = OCI_INDEX.replace(ARM64, "md5:d41d8cd98f00b204e9800998ecf8427e");
        UnsupportedManifestException e3 = assertThrows(UnsupportedManifestException.class,
                () -> Manifest.parse(utf8(badEntry), null));
        assertTrue(e3.getMessage().contains("manifests[1]"), e3.getMessage());
    }

    @Test
    void descriptorWithoutDigestOrSizeIsRejected() {
        String noDigest = DOCKER_MANIFEST.replace("\"digest\": \"" + LAYER1 + "\"", "\"x\": 1");
        assertThrows(UnsupportedManifestException.class, () -> Manifest.parse(utf8(noDigest), null));
        String noSize = DOCKER_MANIFEST.replace("\"size\": 2479,", "");
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class, () -> Manifest.parse(utf8(noSize), null));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
        String negative = DOCKER_MANIFEST.replace("\"size\": 2479", "\"size\": -1");
        assertThrows(UnsupportedManifestException.class, () -> Manifest.parse(utf8(negative), null));
    }

    @Test
    void layersThatAreNotAListAreRejected() {
        String bad = "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"digest\":\"" + CONFIG
                + "\",\"size\":1},\"layers\":{}}";
        UnsupportedManifestException e = assertThrows(UnsupportedManifestException.class, () -> Manifest.parse(utf8(bad), null));
        assertTrue(e.getMessage().contains("\"layers\""), e.getMessage());
    }

    // ---------------------------------------------------------------- exact bytes

    @Test
    void digestIsSha256OfTheExactBytes() throws Exception {
        byte[] raw = utf8(OCI_MANIFEST);
        Manifest m = Manifest.parse(raw, null);
        assertEquals(Digest.sha256(raw), m.digest());
        assertEquals(raw.length, m.size());
        assertArrayEquals(raw, m.bytes());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        assertArrayEquals(raw, out.toByteArray());
        assertEquals(new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256(raw), raw.length), m.descriptor());
    }

    @Test
    void reformattingTheSameJsonGivesAnotherDigest() throws Exception {
        byte[] pretty = utf8(OCI_MANIFEST);
        byte[] compact = JSON.writeValueAsBytes(JSON.readTree(pretty));
        assertEquals(JSON.readTree(pretty), JSON.readTree(compact), "same document");
        assertFalse(java.util.Arrays.equals(pretty, compact));

        Manifest a = Manifest.parse(pretty, null);
        Manifest b = Manifest.parse(compact, null);
        assertNotEquals(a.digest(), b.digest());
        assertEquals(Digest.sha256(pretty), a.digest());
        assertEquals(Digest.sha256(compact), b.digest());
        assertArrayEquals(pretty, a.bytes(), "whitespace kept");
        // the parsed content is the same
        assertEquals(((ImageManifest) a).layers(), ((ImageManifest) b).layers());

        // a trailing newline alone changes the digest too
        Manifest c = Manifest.parse(utf8(OCI_MANIFEST.stripTrailing()), null);
        assertNotEquals(a.digest(), c.digest());
    }

    @Test
    void bytesReturnsACopy() {
        byte[] raw = utf8(DOCKER_LIST);
        Manifest m = Manifest.parse(raw, null);
        byte[] first = m.bytes();
        first[0] = 'X';
        assertArrayEquals(raw, m.bytes(), "changing the returned array must not change the manifest");
        raw[0] = 'Y';
        assertEquals('{', m.bytes()[0], "changing the input array after parsing must not change the manifest");
        assertEquals(Digest.sha256(m.bytes()), m.digest());
    }

    // ---------------------------------------------------------------- ImageIndex.retain

    @Test
    void retainKeepsOnlyTheGivenEntriesAndEverythingElse() throws Exception {
        ImageIndex idx = (ImageIndex) Manifest.parse(utf8(OCI_INDEX), null);
        ImageIndex kept = idx.retain(Set.of(Digest.parse(ARM64), Digest.parse(AMD64)));

        assertEquals(MediaTypes.OCI_INDEX, kept.mediaType());
        assertEquals(List.of(Digest.parse(AMD64), Digest.parse(ARM64)),
                kept.manifests().stream().map(Descriptor::digest).toList(), "original order");
        assertNotEquals(idx.digest(), kept.digest());
        assertEquals(Digest.sha256(kept.bytes()), kept.digest());

        JsonNode before = JSON.readTree(idx.bytes());
        JsonNode after = JSON.readTree(kept.bytes());
        assertEquals(2, after.path("manifests").size());
        // kept entries unchanged, unknown fields included
        assertEquals(before.path("manifests").get(0), after.path("manifests").get(0));
        assertEquals(before.path("manifests").get(1), after.path("manifests").get(1));
        assertTrue(after.path("manifests").get(0).path("x-vendor-field").path("kept").asBoolean());
        assertEquals("arm", after.path("manifests").get(1).path("annotations").path("org.opencontainers.image.ref.name").asText());
        // top-level fields unchanged
        assertEquals(before.path("annotations"), after.path("annotations"));
        assertEquals(before.path("x-top-level"), after.path("x-top-level"));
        assertEquals(2, after.path("schemaVersion").asInt());
        assertEquals(MediaTypes.OCI_INDEX, after.path("mediaType").asText());

        // the result parses back to the same thing
        ImageIndex reparsed = (ImageIndex) Manifest.parse(kept.bytes(), null);
        assertEquals(kept.manifests(), reparsed.manifests());
        assertEquals(kept.digest(), reparsed.digest());

        // the original is untouched
        assertEquals(3, idx.manifests().size());
        assertArrayEquals(utf8(OCI_INDEX), idx.bytes());
    }

    @Test
    void retainOnADockerListKeepsItsKind() throws Exception {
        ImageIndex list = (ImageIndex) Manifest.parse(utf8(DOCKER_LIST), null);
        ImageIndex one = list.retain(Set.of(Digest.parse(ARMV7)));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, one.mediaType());
        assertEquals(1, one.manifests().size());
        assertEquals(new Platform("linux", "arm", "v7"), one.manifests().get(0).platform());
        JsonNode after = JSON.readTree(one.bytes());
        assertEquals(JSON.readTree(list.bytes()).path("manifests").get(1), after.path("manifests").get(0));
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, Manifest.parse(one.bytes(), null).mediaType());
    }

    @Test
    void retainNothingGivesAnEmptyIndex() throws Exception {
        ImageIndex idx = (ImageIndex) Manifest.parse(utf8(OCI_INDEX), null);
        ImageIndex none = idx.retain(Set.of());
        assertTrue(none.manifests().isEmpty());
        assertTrue(JSON.readTree(none.bytes()).path("manifests").isArray());
        assertEquals(0, JSON.readTree(none.bytes()).path("manifests").size());
    }
}
