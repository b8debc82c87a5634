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
import dev.ferry.ref.Localized;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;
import dev.ferry.spi.TransferFailure;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An image archive made by another tool, read as an {@link ImageSource}: an OCI archive
 * ({@code oci-layout}, {@code index.json}, {@code blobs/}: skopeo's {@code oci-archive:}, docker 25's
 * {@code docker save}, ctr's export) or a docker archive ({@code manifest.json} with configs and
 * layer tars: {@code docker save}, skopeo's {@code docker-archive:}). The tar must be uncompressed
 * (blobs are read in place). Entry names are checked strictly: only the names these formats use,
 * no absolute paths, no {@code ..}, no links.
 *
 * <p>What refers to an image in an OCI archive's index (see {@link IndexReferrers}) is not an image of its own but
 * found through {@link #referrers}.
 *
 * <p>A docker archive holds no manifest: one is made (Docker v2 schema 2) from the config and the
 * layers, so its digest is new; layers are pushed as they are stored.
 */
public final class ArchiveSource implements ImageSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALLOWED = Pattern.compile(
            "oci-layout|index\\.json|manifest\\.json|repositories|blobs/?|blobs/sha(256|512)/?|blobs/sha256/[a-f0-9]{64}|blobs/sha512/[a-f0-9]{128}"
                    + "|[a-f0-9]{64}/?|[a-f0-9]{64}/(layer\\.tar|json|VERSION)|[a-f0-9]{64}\\.(json|tar)");
    private static final long MAX_JSON = 4L * 1024 * 1024;

    /** One image in the archive: the name it carries and its top manifest. */
    public record Entry(String name, Manifest manifest) {}

    private final Path file;
    private final Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    private final Map<Digest, String> blobPaths = new LinkedHashMap<>();
    private final Map<Digest, byte[]> madeManifests = new LinkedHashMap<>();
    private final List<Entry> images = new ArrayList<>();
    private final List<IndexReferrers.Listed> listed = new ArrayList<>();

    private ArchiveSource(Path file) {
        this.file = file;
    }

    /** Opens and indexes an archive; fails naming the entry or file that is wrong. */
    public static ArchiveSource open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new LocalizedNoSuchFileException(file.toString(), Text.of("packfile.archive_not_found"));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(6);
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                throw new InvalidInputException(Text.of("packfile.archive_gzip", file));
            }
            if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
                throw new InvalidInputException(Text.of("packfile.archive_xz", file));
            }
        }
        ArchiveSource a = new ArchiveSource(file);
        try (TarFile tar = new TarFile(file)) {
            for (TarArchiveEntry e : tar.getEntries()) {
                String n = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (n.isEmpty() || n.equals(".")) continue;
                if (e.isSymbolicLink() && n.matches("[a-f0-9]{64}/layer\\.tar") && e.getLinkName().matches("\\.\\./[a-f0-9]{64}\\.tar")) {
                    continue; // the legacy per-layer folders of docker-archive point at the real layer files; manifest.json names those
                }
                if (n.startsWith("/") || n.contains("..") || e.isSymbolicLink() || e.isLink() || !(e.isFile() || e.isDirectory())
                        || !ALLOWED.matcher(n).matches()) {
                    throw new InvalidInputException(Text.of("packfile.archive_entry", file, e.getName()));
                }
                if (e.isFile()) a.entries.put(n, e);
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
            throw new InvalidInputException(Text.of("packfile.archive_not_tar", file, Text.of(e)), e);
        }
        for (String n : a.entries.keySet()) {
            if (n.startsWith("blobs/")) {
                String[] p = n.split("/");
                a.blobPaths.put(Digest.parse(p[1] + ":" + p[2]), n);
            }
        }
        if (a.entries.containsKey("index.json")) a.readOci();
        else if (a.entries.containsKey("manifest.json")) a.readDocker();
        else throw new InvalidInputException(Text.of("packfile.archive_no_index", file));
        return a;
    }

    /** Every image of the archive, with the name it carries (or null when it carries none). */
    public List<Entry> images() { return List.copyOf(images); }

    private byte[] readEntry(String name, long max) throws IOException {
        TarArchiveEntry e = entries.get(name);
        if (e == null) throw new InvalidInputException(Text.of("packfile.archive_no_entry", file, name));
        if (e.getSize() > max) throw new InvalidInputException(Text.of("packfile.archive_entry_too_large", file, name, e.getSize(), max));
        try (InputStream in = open(e)) {
            return in.readAllBytes();
        }
    }

    private InputStream open(TarArchiveEntry e) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(e.getDataOffset());
        long size = e.getSize();
        return new BoundedInputStream(Channels.newInputStream(ch), size) {
            @Override public void close() throws IOException {
                ch.close();
            }
        };
    }

    private JsonNode json(String name) throws IOException {
        try {
            return JSON.readTree(readEntry(name, MAX_JSON));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException(Text.of("packfile.archive_not_json", file, name, Text.verbatim(e.getOriginalMessage())));
        }
    }

    private void readOci() throws IOException {
        JsonNode idx = json("index.json");
        for (JsonNode d : idx.path("manifests")) {
            Digest dg;
            try {
                dg = Digest.parse(d.path("digest").asText(null));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(Text.of("packmeta.at", file + ": index.json", Text.of(e)), e);
            }
            Manifest m = manifest(new Descriptor(d.path("mediaType").asText(null), dg, d.path("size").asLong()));
            JsonNode ann = d.path("annotations");
            String name = ann.path("io.containerd.image.name").asText(null);
            if (name == null) name = ann.path("org.opencontainers.image.ref.name").asText(null);
            listed.add(new IndexReferrers.Listed(ann.path("org.opencontainers.image.ref.name").asText(null), m));
            if (!IndexReferrers.isReferrer(ann.path("org.opencontainers.image.ref.name").asText(null), m)) images.add(new Entry(name, m));
        }
    }

    private void readDocker() throws IOException {
        JsonNode list = json("manifest.json");
        if (!list.isArray()) throw new InvalidInputException(Text.of("packfile.archive_manifest_not_list", file));
        for (JsonNode img : list) {
            String configPath = img.path("Config").asText("");
            byte[] config = readEntry(normalise(configPath), MAX_JSON);
            Digest configDigest = Digest.sha256(config);
            blobPaths.putIfAbsent(configDigest, normalise(configPath));
            JsonNode cfg = JSON.readTree(config);
            JsonNode diffIds = cfg.path("rootfs").path("diff_ids");
            ObjectNode m = JSON.createObjectNode();
            m.put("schemaVersion", 2);
            m.put("mediaType", MediaTypes.DOCKER_MANIFEST);
            ObjectNode c = m.putObject("config");
            c.put("mediaType", MediaTypes.DOCKER_CONFIG);
            c.put("size", config.length);
            c.put("digest", configDigest.toString());
            ArrayNode layers = m.putArray("layers");
            int i = 0;
            for (JsonNode l : img.path("Layers")) {
                String path = normalise(l.asText(""));
                TarArchiveEntry e = entries.get(path);
                if (e == null) throw new InvalidInputException(Text.of("packfile.archive_layer_missing", file, l.asText()));
                boolean gz;
                try (InputStream in = open(e)) {
                    byte[] head = in.readNBytes(2);
                    gz = head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
                }
                Digest d;
                if (path.startsWith("blobs/")) {
                    d = Digest.parse(path.split("/")[1] + ":" + path.split("/")[2]);
                } else if (path.matches("[a-f0-9]{64}\\.tar")) {
                    d = Digest.parse("sha256:" + path.substring(0, 64)); // skopeo names a layer file by its digest; checked as it streams
                } else if (!gz && i < diffIds.size()) {
                    d = Digest.parse(diffIds.get(i).asText()); // an uncompressed layer's digest is its diff_id; verified as it streams
                } else {
                    throw new InvalidInputException(Text.of("packfile.archive_layer_digest", file, path));
                }
                blobPaths.putIfAbsent(d, path);
                ObjectNode o = layers.addObject();
                o.put("mediaType", gz ? MediaTypes.DOCKER_LAYER_GZIP : "application/vnd.docker.image.rootfs.diff.tar");
                o.put("size", e.getSize());
                o.put("digest", d.toString());
                i++;
            }
            byte[] raw = JSON.writeValueAsBytes(m);
            Manifest made = Manifest.parse(raw, MediaTypes.DOCKER_MANIFEST);
            madeManifests.put(made.digest(), raw);
            JsonNode tags = img.path("RepoTags");
            if (tags.isArray() && tags.size() > 0) {
                for (JsonNode t : tags) images.add(new Entry(t.asText(), made));
            } else {
                images.add(new Entry(null, made));
            }
        }
    }

    private static String normalise(String p) {
        return p.startsWith("./") ? p.substring(2) : p;
    }

    @Override public String describe() { return "archive " + file.getFileName(); }

    @Override public Manifest manifest(String reference) throws IOException {
        for (Entry e : images) {
            if (reference.equals(e.name()) || reference.equals(e.manifest().digest().toString())) return e.manifest();
        }
        throw new NotInArchive(Text.of("packfile.no_image", describe(), reference));
    }

    /** What refers to {@code subject} in an OCI archive's index (a docker archive keeps none). */
    @Override public List<dev.ferry.oci.Referrer> referrers(Digest subject) {
        return IndexReferrers.of(listed, subject);
    }

    @Override public Manifest manifest(Descriptor d) throws IOException {
        byte[] made = madeManifests.get(d.digest());
        if (made != null) return Manifest.parse(made, MediaTypes.DOCKER_MANIFEST);
        String path = blobPaths.get(d.digest());
        if (path == null) throw new NotInArchive(Text.of("packfile.no_manifest", describe(), d.digest()));
        byte[] raw = readEntry(path, MAX_JSON);
        if (!Digest.sha256(raw).equals(d.digest())) throw new InvalidInputException(Text.of("packfile.archive_manifest_corrupt", describe(), d.digest().shortForm()));
        try {
            return Manifest.parse(raw, d.mediaType());
        } catch (UnsupportedManifestException e) {
            throw new InvalidInputException(Text.of("packmeta.at", describe(), Text.of(e)), e);
        }
    }

    @Override public InputStream openBlob(Descriptor d) throws IOException {
        String path = blobPaths.get(d.digest());
        if (path == null) throw new NotInArchive(Text.of("packfile.no_blob", describe(), d.digest()));
        TarArchiveEntry e = entries.get(path);
        if (e.getSize() != d.size()) throw new InvalidInputException(Text.of("packfile.archive_size", describe(), path, e.getSize(), d.size()));
        return open(e);
    }

    /** Something the archive does not hold. */
    public static final class NotInArchive extends NoSuchFileException implements TransferFailure, Localized {
        private final transient Text text;

        NotInArchive(Text text) {
            super(text.english());
            this.text = text;
        }

        @Override public Text text() { return text; }

        @Override public boolean isRetryable() { return false; }

        @Override public boolean isNotFound() { return true; }

        @Override public String getMessage() { return getFile(); }
    }
}
