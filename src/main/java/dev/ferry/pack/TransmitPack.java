package dev.ferry.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.pack.TransmitEntries.Entry;
import dev.ferry.pack.TransmitMeta.Stored;
import dev.ferry.ref.Text;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an offline pack written by image-transmit's download mode: a {@code …_meta.yaml} and the
 * tar data files beside it ({@code img_full_YYYYMMDDhhmm_N.tar}, or one {@code img_full_YYYYMMDDhhmm.tar}
 * with {@code singlefile: true}).
 *
 * <p>The format, as image-transmit writes it (its {@code CompressionMetadata} marshalled by go-yaml):
 * <pre>
 * datafiles:                        # data file name (beside the meta) → its size in bytes
 *   img_full_202106122344_0.tar: 73216
 * compressor: tar                   # tar, or squashfs (one .squashfs data file; not supported here)
 * blobs:                            # blob hex (sha256, no "sha256:") → the images it was saved for
 *   3f4b…:
 *   - 10.45.80.1/public/alpine:3.11
 *   9a8c…:                          # incremental packs: left out because the parent pack holds it
 *   - https://last.img/skip/it:img_full_202106010900_meta.yaml
 * manifests:                        # image as listed (source registry included) → top manifest text
 *   10.45.80.1/public/alpine:3.11: '{"schemaVersion":2,…}'
 * blobdoing: {}                     # work state of the writer, empty when it finished
 * </pre>
 * Each data file is a plain tar whose entries are the blobs exactly as the registry served them
 * (never re-compressed), named {@code <hex><suffix>}: {@code .tar.gz} for a {@code …tar.gzip} layer
 * of more than 32 bytes, {@code .tar} for a {@code …tar} layer, {@code .json} for a config, else
 * {@code .raw} (OCI {@code tar+gzip} layers among them). The suffix is only a label; the bytes hash
 * to the blob digest. Only the top manifest of each image is kept: for a manifest list the platform
 * manifests are not saved (their layers and configs are), so such an image cannot be loaded from the
 * pack; {@link #manifest(Descriptor)} says so.
 *
 * <p>Blobs are served by random access: every data file is indexed once when the pack is opened, and
 * each read opens its own channel bounded to the entry, so reads may run in parallel.
 *
 * <p>{@link TransmitMeta} reads and checks the meta file, {@link TransmitEntries} indexes the data
 * files, {@link FileSlice} serves an entry; a squashfs pack is unpacked by {@link TransmitSquashfs}.
 */
public final class TransmitPack implements ImageSource {
    /** How image-transmit marks, in an incremental pack, a blob left out because the parent pack holds it. */
    static final String SKIP_PREFIX = "https://last.img/skip/it:";


    /**
     * An image of the pack.
     *
     * @param name      as the meta file names it, e.g. {@code 10.45.80.1/public/alpine:3.11} (image-transmit
     *                  keeps the source registry as configured, so it may start with {@code http://})
     * @param reference what to pass to {@link #manifest(String)}
     */
    public record Image(String name, String reference) {}

    /** A blob an image needs that the pack left out because the named parent pack holds it. */
    public record ParentBlob(Descriptor blob, String parentMeta) {}


    private final Path metaFile;
    private final Map<String, Stored> manifests;            // image name → top manifest
    private final Map<Digest, Stored> byDigest;
    private final Map<String, List<String>> blobRefs;       // hex → images / skip markers
    private final Map<String, List<Entry>> entries;         // hex → entries holding it (first first)
    private final List<Image> images;

    private TransmitPack(Path metaFile, Map<String, Stored> manifests, Map<String, List<String>> blobRefs,
                         Map<String, List<Entry>> entries) {
        this.metaFile = metaFile;
        this.manifests = manifests;
        this.blobRefs = blobRefs;
        this.entries = entries;
        Map<Digest, Stored> d = new LinkedHashMap<>();
        List<Image> list = new ArrayList<>();
        for (Stored s : manifests.values()) {
            d.putIfAbsent(s.digest(), s);
            list.add(new Image(s.name(), s.name()));
        }
        this.byDigest = Map.copyOf(d);
        this.images = List.copyOf(list);
    }

    // ------------------------------------------------------------------ recognising and opening

    /**
     * Whether {@code yaml} looks like an image-transmit meta file: top-level {@code datafiles:} and
     * {@code manifests:} keys and no {@code format:} key (which ferry's own packs carry). Reads the
     * file's lines without parsing YAML; any problem reading it is a {@code false}.
     */
    public static boolean looksLikeTransmitMeta(Path yaml) {
        return TransmitMeta.looksLike(yaml);
    }

    /**
     * Reads and checks a meta file, checks every data file is beside it with the recorded size, and
     * indexes their entries. Errors name the file and the field (or data file and entry) at fault.
     */
    public static TransmitPack open(Path metaYaml) throws IOException {
        TransmitMeta m = TransmitMeta.read(metaYaml);
        Path dir = m.file().getParent();
        if (m.squashfs()) return squashfs(m.file(), m.manifests(), m.blobRefs(), dir.resolve(m.datafiles().keySet().iterator().next()));
        Map<String, List<Entry>> entries = new LinkedHashMap<>();
        for (String name : m.datafiles().keySet()) TransmitEntries.index(dir.resolve(name), name, entries);
        return new TransmitPack(m.file(), m.manifests(), m.blobRefs(), entries);
    }

    /**
     * A squashfs pack: unpacked with unsquashfs; its blobs stored as they are indexed as entries,
     * its unpacked layers served as uncompressed tars under their diff_ids, and the manifests that
     * name them rewritten so (their images get new digests, said by {@link #newDigests}).
     */
    private static TransmitPack squashfs(Path meta, Map<String, Stored> manifests, Map<String, List<String>> blobRefs, Path file) throws IOException {
        TransmitSquashfs sq = TransmitSquashfs.unpack(file);
        try {
            Map<String, List<Entry>> entries = new LinkedHashMap<>();
            Map<String, String> layerByDiffId = new LinkedHashMap<>();
            List<NewDigest> changes = new ArrayList<>();
            Map<String, Stored> rewritten = new LinkedHashMap<>();
            for (Stored s : manifests.values()) {
                Stored now = s;
                if (s.parsed() instanceof ImageManifest im) {
                    Path config = sq.blob(im.config().digest().hex());
                    List<String> ids = new ArrayList<>();
                    if (config != null) for (JsonNode id : new ObjectMapper().readTree(config.toFile()).path("rootfs").path("diff_ids")) ids.add(id.asText());
                    int layers = 0;
                    for (int i = 0; i < im.layers().size() && i < ids.size(); i++) {
                        String hex = im.layers().get(i).digest().hex();
                        if (sq.layer(hex)) {
                            layerByDiffId.put(Digest.parse(ids.get(i)).hex(), hex);
                            layers++;
                        }
                    }
                    byte[] raw = sq.rewrite(s.raw(), ids);
                    if (raw != null) {
                        Digest to = Digest.sha256(raw);
                        now = new Stored(s.name(), raw, to, Manifest.parse(raw, im.mediaType()), null);
                        changes.add(new NewDigest(s.name(), s.digest(), to, layers));
                    }
                }
                rewritten.put(s.name(), now);
            }
            for (String hex : blobRefs.keySet()) {
                Path p = sq.blob(hex);
                if (p != null) entries.computeIfAbsent(hex, k -> new ArrayList<>()).add(new Entry(p, file.getFileName() + ":" + p.getFileName(), 0, Files.size(p)));
            }
            TransmitPack pack = new TransmitPack(meta, rewritten, blobRefs, entries);
            pack.squashfs = sq;
            pack.layerByDiffId = Map.copyOf(layerByDiffId);
            pack.newDigests = List.copyOf(changes);
            return pack;
        } catch (IOException | RuntimeException e) {
            sq.close();
            throw e;
        }
    }

    /** An image whose top digest changes on load: its layers stored unpacked are pushed as uncompressed tars. */
    public record NewDigest(String image, Digest from, Digest to, int layers) {}

    private TransmitSquashfs squashfs;
    private Map<String, String> layerByDiffId = Map.of();
    private List<NewDigest> newDigests = List.of();

    /** The images whose top digests change on load (a squashfs pack's), else none. */
    public List<NewDigest> newDigests() { return newDigests; }

    @Override public void close() {
        if (squashfs != null) squashfs.close();
    }

    /** Reads every blob entry of every data file once, hashing it against its name's digest; throws naming each that does not match. */
    public void verify(int parallel, PackReader.Progress progress) throws IOException {
        verify(parallel, progress, null);
    }

    /**
     * {@link #verify(int, PackReader.Progress)} of the blob entries the images {@code references} need (their
     * manifests' configs and layers; a manifest list's platform manifests where the pack holds them); all when null.
     */
    public void verify(int parallel, PackReader.Progress progress, java.util.Collection<String> references) throws IOException {
        Set<String> only = null;
        if (references != null) {
            only = new java.util.HashSet<>();
            for (String r : references) {
                Manifest m = manifest(r);
                List<Manifest> ms = new ArrayList<>(List.of(m));
                if (m instanceof ImageIndex idx) {
                    for (Descriptor c : idx.manifests()) {
                        try {
                            ms.add(manifest(c));
                        } catch (PackReader.NotInPack notHeld) {
                            // the pack holds no platform manifest: nothing of it to check (its load fails, saying so)
                        }
                    }
                }
                for (Manifest x : ms) if (x instanceof ImageManifest im) for (Descriptor d : im.blobs()) only.add(d.digest().hex());
            }
        }
        Set<String> wanted = only;
        List<TransmitPackCheck.Blob> all = new ArrayList<>();
        entries.forEach((hex, es) -> {
            if (wanted == null || wanted.contains(hex)) es.forEach(e -> all.add(new TransmitPackCheck.Blob(e.file(), e.name(), e.offset(), e.size(), hex)));
        });
        TransmitPackCheck.verify(metaFile, all, parallel, progress);
    }

    // ------------------------------------------------------------------ contents

    public Path metaFile() { return metaFile; }

    /** The images of the pack, in the meta file's order. */
    public List<Image> images() { return images; }

    /** The parent meta files this (incremental) pack leaves blobs to, by file name. */
    public Set<String> parents() {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> refs : blobRefs.values()) {
            for (String r : refs) if (r.startsWith(SKIP_PREFIX)) out.add(r.substring(SKIP_PREFIX.length()));
        }
        return out;
    }

    /**
     * The blobs of an image (config and layers of its manifest) that this pack left out because a
     * parent pack holds them: the target must already have them. Empty for a full pack, and for a
     * manifest list (whose platform manifests the pack does not hold).
     */
    public List<ParentBlob> parentBlobs(String reference) throws IOException {
        List<ParentBlob> out = new ArrayList<>();
        if (manifest(reference) instanceof ImageManifest im) {
            for (Descriptor d : im.blobs()) {
                if (entries.containsKey(d.digest().hex())) continue;
                String parent = parentOf(d.digest().hex());
                if (parent != null) out.add(new ParentBlob(d, parent));
            }
        }
        return List.copyOf(out);
    }

    @Override public String describe() {
        return "image-transmit pack " + metaFile;
    }

    @Override public Manifest manifest(String reference) throws IOException {
        Stored s = manifests.get(reference);
        if (s == null && reference != null && reference.contains(":")) {
            try {
                s = byDigest.get(Digest.parse(reference));
            } catch (IllegalArgumentException notADigest) {
                // an image name this pack does not hold
            }
        }
        if (s == null) {
            List<String> names = images.stream().map(Image::name).limit(5).toList();
            throw new PackReader.NotInPack(Text.of("transmit.no_image", describe(), reference, images.size(),
                    String.join(", ", names) + (images.size() > names.size() ? ", …" : "")));
        }
        return parsed(s);
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        Stored s = byDigest.get(descriptor.digest());
        if (s != null) return parsed(s);
        for (Stored top : manifests.values()) {
            if (top.parsed() instanceof ImageIndex idx && idx.manifests().stream().anyMatch(d -> d.digest().equals(descriptor.digest()))) {
                throw new PackReader.NotInPack(Text.of("transmit.no_platform_manifest", descriptor.digest().shortForm(), top.name(), describe()));
            }
        }
        throw new PackReader.NotInPack(Text.of("packfile.no_manifest", describe(), descriptor.digest()));
    }

    @Override public Optional<Digest> digestOf(String reference) {
        Stored s = manifests.get(reference);
        return s == null ? Optional.empty() : Optional.of(s.digest());
    }

    private Manifest parsed(Stored s) throws IOException {
        if (s.parsed() == null) throw new UnsupportedManifestException(Text.of("transmit.manifest_unsupported", s.name(), describe(), s.problem()));
        return s.parsed();
    }

    @Override public InputStream openBlob(Descriptor d) throws IOException {
        String hex = d.digest().hex();
        String layer = layerByDiffId.get(hex);
        if (layer != null) return squashfs.tar(layer);
        List<Entry> es = entries.get(hex);
        if (es == null) {
            String parent = parentOf(hex);
            if (parent != null) {
                throw new PackReader.NotInPack(Text.of("transmit.blob_in_parent", d.digest().shortForm(), metaFile.getFileName(), parent));
            }
            List<String> refs = blobRefs.get(hex);
            if (refs != null && !refs.isEmpty()) {
                throw new PackReader.NotInPack(Text.of("transmit.blob_not_held", describe(), d.digest().shortForm(), refs.get(0)));
            }
            throw new PackReader.NotInPack(Text.of("packfile.no_blob", describe(), d.digest()));
        }
        Entry e = es.stream().filter(x -> x.size() == d.size()).findFirst().orElse(null);
        if (e == null) {
            throw new InvalidInputException(Text.of("transmit.blob_size", describe(), es.get(0).name(), es.get(0).size(), d.digest().shortForm(), d.size()));
        }
        return new FileSlice(FileChannel.open(e.file(), StandardOpenOption.READ), e.offset(), e.size(), e.name());
    }

    private String parentOf(String hex) {
        List<String> refs = blobRefs.get(hex);
        if (refs == null) return null;
        for (String r : refs) if (r.startsWith(SKIP_PREFIX)) return r.substring(SKIP_PREFIX.length());
        return null;
    }
}
