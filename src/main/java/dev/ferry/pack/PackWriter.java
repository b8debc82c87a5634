package dev.ferry.pack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.LocalizedInterruptedIOException;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSink;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes an offline pack: {@code files} data files (one per worker, so blobs stream straight in,
 * no temporary copy) and, at the end, the meta file. Every file is written under a
 * {@code .partial} name and renamed when the pack is complete (see {@link PackFiles}), so a save
 * that is killed leaves nothing a reader could take for a pack. Each image gets its own {@link ImageSink}
 * from {@link #sinkFor}; all of them share the data files, so a blob shared by several images is
 * stored once. Blobs present in the parent packs of an incremental pack are left out.
 *
 * <p>With one uncompressed data file and {@code dockerCompatible}, the data file is also an OCI
 * image-layout archive and a {@code docker load} archive: manifests as blobs, {@code oci-layout},
 * {@code index.json}, {@code manifest.json} and {@code repositories} are added at the end.
 */
public final class PackWriter implements AutoCloseable {
    public static final String REF_NAME = OciLayout.REF_NAME;

    private final Path dir;
    private final String baseName;
    private final Compression compression;
    private final boolean dockerCompatible;
    private final String source;
    private final String tool;
    private final ParentPacks parents;
    private final BlobStore store;
    private final List<DataFileWriter> writers = new ArrayList<>();
    private final BlockingQueue<DataFileWriter> free;
    private final Map<Digest, PackMeta.Blob> written = new ConcurrentHashMap<>();
    private final Map<String, Entry> entries = Collections.synchronizedMap(new LinkedHashMap<>());
    private boolean finished;

    /** The manifests one image's sink received, in arrival order (children first, the top last). */
    private static final class Entry {
        final String image;
        final String target;
        final List<Manifest> manifests = new ArrayList<>();
        /** Tags the top manifest was given besides the target's own (images.json's tags): recorded as images of their own. */
        final List<String> alsoTags = new ArrayList<>();
        boolean tagged;
        final Map<Digest, PackMeta.ReferrerEntry> referrers = new LinkedHashMap<>();
        final List<Manifest> referrerManifests = new ArrayList<>();

        Entry(String image, String target) {
            this.image = image;
            this.target = target;
        }
    }

    private PackWriter(Path dir, String baseName, Compression compression, int files, boolean dockerCompatible, String source,
                       String tool, ParentPacks parents, BlobStore store) throws IOException {
        this.dir = dir;
        this.store = store;
        this.baseName = baseName;
        this.compression = compression;
        this.dockerCompatible = dockerCompatible && files == 1 && compression == Compression.NONE;
        this.source = source;
        this.tool = tool;
        this.parents = parents;
        this.free = new ArrayBlockingQueue<>(files);
        try {
            for (int i = 0; i < files; i++) {
                DataFileWriter w = new DataFileWriter(dir.resolve(baseName + "_" + i + compression.extension()), compression);
                writers.add(w);
                free.add(w);
            }
        } catch (IOException e) {
            abort();
            throw e;
        }
    }

    /**
     * Creates the data files in {@code dir} (made if missing).
     *
     * @param baseName e.g. {@code release_img_full_20261122143000}; data files get {@code _N.tar[.lz4|.xz]}, the meta {@code _meta.yaml}
     * @param files    data files to write in parallel (1 for a single-file pack)
     */
    public static PackWriter create(Path dir, String baseName, Compression compression, int files, boolean dockerCompatible,
                                    String source, String tool, ParentPacks parents) throws IOException {
        return create(dir, baseName, compression, files, dockerCompatible, source, tool, parents, null);
    }

    /** The same, with {@code store} putting the blobs into the data files (a squash pack's; null: tar entries). */
    public static PackWriter create(Path dir, String baseName, Compression compression, int files, boolean dockerCompatible,
                                    String source, String tool, ParentPacks parents, BlobStore store) throws IOException {
        if (files < 1) throw new IllegalStateException("a pack needs at least one data file"); // save checks --files first
        if (compression.squash() != (store != null)) throw new IllegalStateException("a squash pack, and only one, needs its blob store");
        Files.createDirectories(dir);
        return new PackWriter(dir, baseName, compression, files, dockerCompatible, source, tool, parents == null ? ParentPacks.NONE : parents, store);
    }

    public Path metaFile() { return dir.resolve(baseName + "_meta.yaml"); }

    public List<Path> dataFiles() {
        return writers.stream().map(w -> dir.resolve(w.name())).toList();
    }

    /** True when the single data file will also be readable by docker load, skopeo and ctr. */
    public boolean dockerCompatible() { return dockerCompatible; }

    /** The sink for one image; {@code image} is its id (as in the engine's events), {@code target} its name:tag without registry. */
    public ImageSink sinkFor(String image, String target) {
        Entry e = new Entry(image, target);
        entries.put(image, e);
        return new Sink(e);
    }

    private final class Sink implements ImageSink {
        private final Entry entry;

        Sink(Entry entry) {
            this.entry = entry;
        }

        @Override public String describe() { return "pack " + baseName; }

        @Override public boolean hasBlob(Descriptor blob) {
            return written.containsKey(blob.digest()) || parents.contains(blob.digest()) && (store == null || !store.storeAgain(blob.digest()));
        }

        @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
            DataFileWriter w;
            try {
                w = free.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalizedInterruptedIOException(Text.of("packfile.interrupted_data_file"));
            }
            try {
                if (store != null) {
                    written.put(blob.digest(), store.put(w, blob, content));
                } else {
                    DataFileWriter.Placement p = w.write(blob, content);
                    written.put(blob.digest(), new PackMeta.Blob(blob.digest(), blob.size(), blob.mediaType(), p.file(), p.offset(), p.length(), null));
                }
            } finally {
                free.add(w);
            }
        }

        @Override public Optional<Digest> manifestDigest(String tag) { return Optional.empty(); }

        @Override public boolean hasManifest(Digest digest) { return false; }

        @Override public void putManifest(Manifest manifest, String tag) {
            synchronized (entry) {
                Manifest top = entry.manifests.isEmpty() ? null : entry.manifests.get(entry.manifests.size() - 1);
                if (tag != null && top != null && top.digest().equals(manifest.digest()) && entry.tagged) {
                    // the same image under another tag: its name is recorded, nothing is stored again
                    String name = entry.target.substring(0, repositoryEnd(entry.target)) + ":" + tag;
                    if (!name.equals(entry.target) && !entry.alsoTags.contains(name)) entry.alsoTags.add(name);
                    return;
                }
                entry.manifests.add(manifest);
                if (tag != null) entry.tagged = true;
            }
        }

        @Override public void putReferrer(Manifest manifest, dev.ferry.oci.Referrer referrer) {
            synchronized (entry) {
                if (entry.referrers.putIfAbsent(manifest.digest(), new PackMeta.ReferrerEntry(manifest.digest(), manifest.mediaType(),
                        new String(manifest.bytes(), StandardCharsets.UTF_8), referrer.tag())) == null) entry.referrerManifests.add(manifest);
            }
        }
    }

    /**
     * Ends the pack: completes the data files and writes the meta file listing the images given
     * (those that finished; others are left out) with their platforms.
     *
     * @param done image id to its platforms, for the images to record
     * @return the meta file
     */
    public Path finish(Map<String, List<String>> done) throws IOException {
        if (finished) throw new IllegalStateException("pack already finished");
        finished = true;
        List<PackMeta.Image> images = new ArrayList<>();
        Set<Digest> needed = new LinkedHashSet<>();
        Map<Digest, String> mediaTypes = new LinkedHashMap<>();
        List<Entry> recorded = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!done.containsKey(e.image) || e.manifests.isEmpty()) continue;
            List<Manifest> ms = new ArrayList<>(e.manifests);
            Manifest top = ms.remove(ms.size() - 1);
            ms.add(0, top);
            List<PackMeta.ManifestEntry> mes = new ArrayList<>();
            for (Manifest m : ms) {
                mes.add(new PackMeta.ManifestEntry(m.digest(), m.mediaType(), new String(m.bytes(), StandardCharsets.UTF_8)));
                if (m instanceof ImageManifest im) {
                    for (Descriptor d : im.blobs()) {
                        if (d.isForeign()) continue;
                        needed.add(d.digest());
                        mediaTypes.putIfAbsent(d.digest(), d.mediaType());
                    }
                }
            }
            for (Manifest m : e.referrerManifests) {
                if (m instanceof ImageManifest im) {
                    for (Descriptor d : im.blobs()) {
                        if (d.isForeign()) continue;
                        needed.add(d.digest());
                        mediaTypes.putIfAbsent(d.digest(), d.mediaType());
                    }
                }
            }
            List<Manifest> checked = new ArrayList<>(ms);
            checked.addAll(e.referrerManifests);
            for (Manifest m : checked) {
                byte[] raw = m.bytes();
                if (!java.util.Arrays.equals(new String(raw, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), raw)) {
                    throw new LocalizedIOException(Text.of("packfile.manifest_not_utf8", m.digest(), e.image));
                }
            }
            images.add(new PackMeta.Image(e.image, e.target, top.digest(), top.mediaType(), done.get(e.image), mes, List.copyOf(e.referrers.values())));
            for (String also : e.alsoTags) images.add(new PackMeta.Image(e.image, also, top.digest(), top.mediaType(), done.get(e.image), mes, List.of()));
            recorded.add(e);
        }
        if (dockerCompatible) writeLayoutMetadata(recorded);
        List<PackMeta.DataFile> files = new ArrayList<>();
        for (DataFileWriter w : writers) {
            DataFileWriter.Finished f = w.finish();
            files.add(new PackMeta.DataFile(f.name(), f.size(), f.sha256()));
        }
        List<PackMeta.Blob> blobs = new ArrayList<>();
        for (Digest d : needed) {
            PackMeta.Blob b = written.get(d);
            if (b != null) blobs.add(b);
            else {
                ParentPacks.Located p = parents.locate(d);
                if (p == null) throw new LocalizedIOException(Text.of("packfile.blob_nowhere", d));
                blobs.add(new PackMeta.Blob(d, p.size(), mediaTypes.get(d), null, 0, 0, p.meta()));
            }
        }
        PackMeta meta = new PackMeta(PackMeta.VERSION, tool, Instant.now().toString(), parents.isEmpty() ? "full" : "incremental",
                compression.id(), source, parents.direct(), files, images, blobs);
        Path out = metaFile();
        Path partialMeta = PackFiles.partial(out);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(partialMeta, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(meta.toYaml().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.force(true);
        }
        // the data files get their names first and the meta file last: a pack whose meta file is there is complete
        for (DataFileWriter w : writers) w.publish();
        Files.move(partialMeta, out); // never over an existing file
        return out;
    }

    /** The OCI layout and docker-archive metadata that make the single data file loadable by other tools. */
    private void writeLayoutMetadata(List<Entry> recorded) throws IOException {
        DataFileWriter w = writers.get(0);
        ObjectMapper json = new ObjectMapper();
        ObjectNode index = json.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode manifests = index.putArray("manifests");
        ArrayNode dockerManifest = json.createArrayNode();
        ObjectNode repositories = json.createObjectNode();
        Set<Digest> stored = new LinkedHashSet<>(written.keySet());
        for (Entry e : recorded) {
            for (Manifest m : e.manifests) {
                if (stored.add(m.digest())) {
                    w.writeEntry("blobs/sha256/" + m.digest().hex(), m.bytes());
                }
            }
            Manifest top = e.manifests.get(e.manifests.size() - 1);
            List<String> names = new ArrayList<>();
            names.add(e.target);
            names.addAll(e.alsoTags);
            for (String name : names) {
                ObjectNode d = manifests.addObject();
                d.put("mediaType", top.mediaType());
                d.put("digest", top.digest().toString());
                d.put("size", top.size());
                ObjectNode ann = d.putObject("annotations");
                ann.put(REF_NAME, name);
                ann.put("io.containerd.image.name", name);
            }
            ImageManifest single = dockerPlatformManifest(e.manifests, top);
            if (single != null) {
                ObjectNode dm = dockerManifest.addObject();
                dm.put("Config", "blobs/sha256/" + single.config().digest().hex());
                ArrayNode repoTags = dm.putArray("RepoTags");
                names.forEach(repoTags::add);
                ArrayNode layers = dm.putArray("Layers");
                for (Descriptor l : single.layers()) layers.add("blobs/sha256/" + l.digest().hex());
                for (String name : names) {
                    int colon = name.lastIndexOf(':');
                    if (colon > 0 && !single.layers().isEmpty()) {
                        String repo = name.substring(0, colon);
                        ObjectNode tags = repositories.has(repo) ? (ObjectNode) repositories.get(repo) : repositories.putObject(repo);
                        tags.put(name.substring(colon + 1), single.layers().get(single.layers().size() - 1).digest().hex());
                    }
                }
            }
        }
        w.writeEntry("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        w.writeEntry("index.json", json.writeValueAsBytes(index));
        w.writeEntry("manifest.json", json.writeValueAsBytes(dockerManifest));
        w.writeEntry("repositories", json.writeValueAsBytes(repositories));
    }

    /** Where the repository of {@code name:tag} ends (its whole length when it has no tag). */
    private static int repositoryEnd(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? colon : name.length();
    }

    /** The manifest docker load gets for an image: the image itself, or linux/amd64 (else the first) of an index. */
    private static ImageManifest dockerPlatformManifest(List<Manifest> manifests, Manifest top) {
        if (top instanceof ImageManifest im) return im;
        ImageIndex idx = (ImageIndex) top;
        Descriptor pick = null;
        for (Descriptor d : idx.manifests()) {
            if (d.platform() != null && "linux".equals(d.platform().os()) && "amd64".equals(d.platform().architecture())) {
                pick = d;
                break;
            }
        }
        if (pick == null && !idx.manifests().isEmpty()) pick = idx.manifests().get(0);
        for (Manifest m : manifests) {
            if (pick != null && m.digest().equals(pick.digest()) && m instanceof ImageManifest im) return im;
        }
        return null;
    }

    /** Closes and deletes the data files and a meta file not yet complete (a failed save leaves nothing behind). */
    public void abort() {
        for (DataFileWriter w : writers) {
            try {
                w.discard();
            } catch (IOException ignored) {
                // best effort
            }
        }
        try {
            Files.deleteIfExists(PackFiles.partial(metaFile()));
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override public void close() {
        if (!finished) abort();
    }
}
