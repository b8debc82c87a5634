package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading OCI layouts written by {@link TestImages} (package-private helpers). */
final class OciLayouts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OciLayouts() {
    }

    /** The {@code index.json} descriptor of {@code tag}. */
    static JsonNode descriptorOf(Path layoutDir, String tag) {
        try {
            JsonNode index = JSON.readTree(layoutDir.resolve("index.json").toFile());
            for (JsonNode m : index.path("manifests")) {
                if (tag.equals(m.path("annotations").path(TestImages.REF_NAME).asText(null))) {
                    return m;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no tag " + tag + " in " + layoutDir.resolve("index.json"));
    }

    /** The media type {@code index.json} gives for {@code tag}. */
    static String mediaTypeOf(Path layoutDir, String tag) {
        return descriptorOf(layoutDir, tag).path("mediaType").asText();
    }

    /**
     * Builds a skopeo {@code dir:} transport directory (format 1.1) for {@code tag}: the top
     * manifest as {@code manifest.json}, child manifests as {@code <hex>.manifest.json}, blobs
     * as {@code <hex>}, hard-linked from the layout where possible.
     */
    static Path toDirTransport(Path layoutDir, String tag) {
        Path out = TempDirs.create("dir-transport");
        try {
            Files.writeString(out.resolve("version"), "Directory Transport Version: 1.1\n");
            String top = descriptorOf(layoutDir, tag).path("digest").asText();
            link(TestImages.blobPath(layoutDir, top), out.resolve("manifest.json"));
            JsonNode manifest = JSON.readTree(TestImages.blobPath(layoutDir, top).toFile());
            if (manifest.has("manifests")) {
                for (JsonNode child : manifest.path("manifests")) {
                    String d = child.path("digest").asText();
                    link(TestImages.blobPath(layoutDir, d), out.resolve(hex(d) + ".manifest.json"));
                    linkBlobs(layoutDir, JSON.readTree(TestImages.blobPath(layoutDir, d).toFile()), out);
                }
            } else {
                linkBlobs(layoutDir, manifest, out);
            }
            return out;
        } catch (IOException e) {
            TempDirs.deleteRecursively(out);
            throw new UncheckedIOException(e);
        }
    }

    private static void linkBlobs(Path layoutDir, JsonNode manifest, Path out) throws IOException {
        String config = manifest.path("config").path("digest").asText();
        link(TestImages.blobPath(layoutDir, config), out.resolve(hex(config)));
        for (JsonNode l : manifest.path("layers")) {
            String d = l.path("digest").asText();
            link(TestImages.blobPath(layoutDir, d), out.resolve(hex(d)));
        }
    }

    private static void link(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target);
        }
    }

    private static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
