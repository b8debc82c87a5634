package dev.ferry.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSink;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An OCI image-layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/ALG/HEX}) as
 * source and sink. Tags are the {@code org.opencontainers.image.ref.name} annotations of
 * {@code index.json} entries, as skopeo and umoci write them.
 *
 * <p>Blobs are written under a temporary name and renamed into place only once their digest has
 * been verified; {@code index.json} is replaced atomically under a file lock, so a crash or a
 * concurrent writer never leaves a tag pointing at a missing or wrong object.
 */
public final class OciLayout implements ImageSource, ImageSink {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** Opens an existing layout for reading; fails with a clear message when {@code dir} is not one. */
    public static OciLayout open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new LocalizedNoSuchFileException(dir.toString(), Text.of("packfile.layout_missing"));
        Path marker = dir.resolve("oci-layout");
        if (!Files.isRegularFile(marker) || !Files.isRegularFile(dir.resolve("index.json"))) {
            throw new InvalidInputException(Text.of("packfile.layout_not_layout", dir));
        }
        JsonNode m = readJson(marker);
        String v = m.path("imageLayoutVersion").asText("");
        if (!v.startsWith("1.")) throw new InvalidInputException(Text.of("packfile.layout_version", dir + "/oci-layout", v));
        return new OciLayout(dir);
    }

    /** Opens a layout for writing, creating it (and its parent directories) when missing. */
    public static OciLayout create(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve("oci-layout");
        if (!Files.exists(marker)) {
            boolean empty;
            try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty) {
                throw new InvalidInputException(Text.of("packfile.layout_not_empty", dir));
            }
            writeAtomically(marker, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (!Files.exists(dir.resolve("index.json"))) {
            writeAtomically(dir.resolve("index.json"),
                    ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8));
        }
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        return open(dir);
    }

    public Path directory() { return dir; }

    @Override public String describe() { return "oci:" + dir; }

    @Override public void close() {}

    /** A layout is no registry repository: nothing mounts from or into it. */
    @Override public Optional<dev.ferry.spi.RepositoryLocation> location() { return Optional.empty(); }

    // ------------------------------------------------------------------ reading

    /** The entries of {@code index.json}. */
    public List<Descriptor> entries() throws IOException {
        JsonNode root = readJson(dir.resolve("index.json"));
        List<Descriptor> out = new ArrayList<>();
        for (JsonNode e : root.path("manifests")) {
            try {
                out.add(new Descriptor(e.path("mediaType").asText(null), Digest.parse(e.path("digest").asText(null)),
                        e.path("size").asLong(), null, null, JSON.convertValue(e.path("annotations").isObject() ? e.path("annotations") : JSON.createObjectNode(),
                        JSON.getTypeFactory().constructMapType(java.util.Map.class, String.class, String.class))));
            } catch (IllegalArgumentException ex) {
                throw new InvalidInputException(Text.of("packfile.layout_invalid_entry", dir + "/index.json", Text.of(ex)));
            }
        }
        return out;
    }

    /**
     * The entries of {@code index.json} that are images: not what refers to another manifest there (a manifest with a
     * {@code subject}, or one under a cosign tag {@code sha256-HEX.sig}/{@code .att}/{@code .sbom}), which
     * {@link #referrers} finds and {@link #putReferrer} writes.
     */
    public List<Descriptor> images() throws IOException {
        List<Descriptor> out = new ArrayList<>();
        for (Descriptor d : entries()) if (!isReferrer(d)) out.add(d);
        return out;
    }

    private boolean isReferrer(Descriptor entry) throws IOException {
        if (!Files.isRegularFile(blobPath(entry.digest()))) return false; // a broken entry is the image's problem, told when it is read
        return IndexReferrers.isReferrer(entry.annotations().get(REF_NAME), manifest(entry));
    }

    /** What refers to {@code subject} in this layout: entries whose manifest names it as its subject, and its cosign tags. */
    @Override public List<dev.ferry.oci.Referrer> referrers(Digest subject) throws IOException {
        List<IndexReferrers.Listed> listed = new ArrayList<>();
        for (Descriptor e : entries()) {
            if (Files.isRegularFile(blobPath(e.digest()))) listed.add(new IndexReferrers.Listed(e.annotations().get(REF_NAME), manifest(e)));
        }
        return IndexReferrers.of(listed, subject);
    }

    /** The tags (ref names) in {@code index.json}, in order. */
    public List<String> tags() throws IOException {
        List<String> tags = new ArrayList<>();
        for (Descriptor d : entries()) {
            String n = d.annotations().get(REF_NAME);
            if (n != null) tags.add(n);
        }
        return tags;
    }

    /**
     * The top manifest for a tag (ref name), a digest, or null when the layout holds exactly one image.
     */
    @Override public Manifest manifest(String reference) throws IOException {
        List<Descriptor> entries = entries();
        Descriptor found = null;
        if (reference == null || reference.isEmpty()) {
            entries = images(); // what refers to the image is kept beside it, not another image
            if (entries.size() != 1) {
                throw new InvalidInputException(entries.isEmpty() ? Text.of("packfile.layout_images", describe(), entries.size(), dir)
                        : Text.of("packfile.layout_images_tags", describe(), entries.size(), dir, String.join(", ", tags())));
            }
            found = entries.get(0);
        } else if (reference.startsWith("sha256:") || reference.startsWith("sha512:")) {
            Digest d = Digest.parse(reference);
            for (Descriptor e : entries) if (e.digest().equals(d)) found = e;
            if (found == null && Files.isRegularFile(blobPath(d))) found = new Descriptor(null, d, Files.size(blobPath(d)));
        } else {
            for (Descriptor e : entries) if (reference.equals(e.annotations().get(REF_NAME))) found = e;
        }
        if (found == null) {
            List<String> tags = tags();
            throw new LocalizedNoSuchFileException(describe(), tags.isEmpty() ? Text.of("packfile.layout_no_image", reference)
                    : Text.of("packfile.layout_no_image_tags", reference, String.join(", ", tags)));
        }
        return manifest(found);
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        Path p = blobPath(descriptor.digest());
        if (!Files.isRegularFile(p)) throw new LocalizedNoSuchFileException(p.toString(), Text.of("packfile.layout_manifest_missing", descriptor.digest().shortForm(), describe()));
        long size = Files.size(p);
        if (size > MAX_MANIFEST_BYTES) throw new InvalidInputException(Text.of("packfile.layout_manifest_too_large", describe(), descriptor.digest().shortForm(), size));
        byte[] raw = Files.readAllBytes(p);
        Digest actual = Digest.sha256(raw);
        if (!actual.equals(descriptor.digest())) {
            throw new InvalidInputException(Text.of("packfile.layout_manifest_corrupt", describe(), descriptor.digest().shortForm(), actual.shortForm()));
        }
        try {
            return Manifest.parse(raw, descriptor.mediaType());
        } catch (UnsupportedManifestException e) {
            throw new InvalidInputException(Text.of("packfile.layout_manifest_unsupported", describe(), descriptor.digest().shortForm(), Text.of(e)), e);
        }
    }

    @Override public InputStream openBlob(Descriptor descriptor) throws IOException {
        Path p = blobPath(descriptor.digest());
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new LocalizedNoSuchFileException(p.toString(), Text.of("packfile.layout_blob_missing", descriptor.digest().shortForm(), describe()));
        }
    }

    Path blobPath(Digest d) {
        return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
    }

    // ------------------------------------------------------------------ writing

    @Override public boolean hasBlob(Descriptor blob) throws IOException {
        Path p = blobPath(blob.digest());
        return Files.isRegularFile(p) && Files.size(p) == blob.size();
    }

    @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
        Path target = blobPath(blob.digest());
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".tmp-" + blob.digest().hex() + "-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = content.read(buf)) >= 0) out.write(buf, 0, n);
            }
            // the content stream verified the digest when it reached its end; only now does the blob get its name
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the blob under a temporary name while hashing it; it gets its name (its digest) only once {@code content} ended cleanly. */
    @Override public Descriptor putNewBlob(String mediaType, InputStream content) throws IOException {
        Path dirOfBlobs = dir.resolve("blobs").resolve("sha256");
        Files.createDirectories(dirOfBlobs);
        Path tmp = dirOfBlobs.resolve(".tmp-new-" + UUID.randomUUID());
        try {
            java.security.MessageDigest sha = Digest.sha256(new byte[0]).newMessageDigest();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = content.read(buf)) >= 0; ) {
                    sha.update(buf, 0, n);
                    out.write(buf, 0, n);
                    size += n;
                }
            }
            Descriptor d = new Descriptor(mediaType, Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(sha.digest())), size);
            moveIntoPlace(tmp, blobPath(d.digest()));
            return d;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void putBytes(Digest d, byte[] bytes) throws IOException {
        Path target = blobPath(d);
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) return;
        Files.createDirectories(target.getParent());
        writeAtomically(target, bytes);
    }

    @Override public Optional<Digest> manifestDigest(String tag) throws IOException {
        for (Descriptor e : entries()) {
            if (tag.equals(e.annotations().get(REF_NAME))) return Optional.of(e.digest());
        }
        return Optional.empty();
    }

    @Override public boolean hasManifest(Digest digest) throws IOException {
        return Files.isRegularFile(blobPath(digest));
    }

    @Override public void putManifest(Manifest manifest, String tag) throws IOException {
        putBytes(manifest.digest(), manifest.bytes());
        if (tag == null) return;
        addEntry(manifest, tag, null);
    }

    /**
     * A referrer is listed in {@code index.json} so that the layout keeps it: under its cosign tag, or (an OCI 1.1
     * referrer, with a subject) as an entry without a ref name, with its artifact type; an index referrer's children
     * are stored beside it without entries of their own.
     */
    @Override public void putReferrer(Manifest manifest, dev.ferry.oci.Referrer referrer) throws IOException {
        if (referrer.tag() != null || manifest.subject() == null) {
            putManifest(manifest, referrer.tag());
            return;
        }
        putBytes(manifest.digest(), manifest.bytes());
        addEntry(manifest, null, referrer.artifactType());
    }

    @Override public boolean hasReferrer(dev.ferry.oci.Referrer referrer) throws IOException {
        if (referrer.tag() != null) return Optional.of(referrer.digest()).equals(manifestDigest(referrer.tag()));
        if (!hasManifest(referrer.digest())) return false;
        for (Descriptor e : entries()) if (e.digest().equals(referrer.digest()) && e.annotations().get(REF_NAME) == null) return true;
        return false;
    }

    /** Adds {@code manifest} to {@code index.json}: under {@code tag} (replacing what the tag named), or untagged once. */
    private void addEntry(Manifest manifest, String tag, String artifactType) throws IOException {
        Path index = dir.resolve("index.json");
        // threads of this JVM queue on the monitor first: a file lock is held per JVM, so a second
        // thread asking for it while another holds it gets OverlappingFileLockException, not a wait
        synchronized (OciLayout.class) {
            try (FileChannel lockChannel = FileChannel.open(dir.resolve(".index.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock()) {
                ObjectNode root = (ObjectNode) readJson(index);
                ArrayNode kept = JSON.createArrayNode();
                for (JsonNode e : root.path("manifests")) {
                    String name = e.path("annotations").path(REF_NAME).asText(null);
                    if (tag == null && name == null && manifest.digest().toString().equals(e.path("digest").asText(null))) return; // listed already
                    if (tag == null || !tag.equals(name)) kept.add(e);
                }
                ObjectNode entry = JSON.createObjectNode();
                entry.put("mediaType", manifest.mediaType());
                entry.put("digest", manifest.digest().toString());
                entry.put("size", manifest.size());
                if (artifactType != null) entry.put("artifactType", artifactType);
                if (tag != null) entry.putObject("annotations").put(REF_NAME, tag);
                kept.add(entry);
                root.set("manifests", kept);
                writeAtomically(index, JSON.writeValueAsBytes(root));
            }
        }
    }

    private static JsonNode readJson(Path p) throws IOException {
        try {
            JsonNode n = JSON.readTree(p.toFile());
            if (n == null || !n.isObject()) throw new InvalidInputException(Text.of("packfile.json_not_object", p));
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(e.getLocation() == null ? Text.of("packfile.json_invalid", p, Text.verbatim(e.getOriginalMessage()))
                    : Text.of("packfile.json_invalid_at", p, Text.verbatim(e.getOriginalMessage()), e.getLocation().getLineNr(), e.getLocation().getColumnNr()));
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
