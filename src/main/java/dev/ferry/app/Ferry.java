package dev.ferry.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.config.CacheSettings;
import dev.ferry.config.FerryConfig;
import dev.ferry.config.ImageList;
import dev.ferry.config.ImageListEntry;
import dev.ferry.config.ImageMapper;
import dev.ferry.config.RegistryEntry;
import dev.ferry.daemon.ContainerdSink;
import dev.ferry.daemon.DockerDaemon;
import dev.ferry.daemon.DockerSink;
import dev.ferry.engine.Engine;
import dev.ferry.oci.Platform;
import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.engine.ImageTask;
import dev.ferry.engine.JobResult;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.ImageIndex;
import dev.ferry.oci.ImageManifest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.oci.Descriptor;
import dev.ferry.pack.ArchiveSource;
import dev.ferry.pack.Compression;
import dev.ferry.pack.OciLayout;
import dev.ferry.pack.PackMeta;
import dev.ferry.pack.PackReader;
import dev.ferry.pack.PackWriter;
import dev.ferry.pack.ParentPacks;
import dev.ferry.pack.TransmitPack;
import dev.ferry.ref.ImageReference;
import dev.ferry.registry.DockerCredentialStore;
import dev.ferry.registry.RegistryImageSink;
import dev.ferry.registry.RegistryImageSource;
import dev.ferry.registry.RegistryPool;
import dev.ferry.spi.ImageSink;
import dev.ferry.spi.ImageSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one facade every front end uses: plan and run copies, look around registries. Holds the
 * registry connections (and their tokens) for as long as it lives; close it at the end.
 */
public final class Ferry implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistrySettings settings;
    private final FerryConfig config;
    private final RegistryPool registries;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> env;

    /**
     * Initialises the JSON and HTTP libraries on a background thread, while the caller is still
     * reading its arguments: their first use costs a CLI run about a tenth of a second, which a
     * second core can take off the start of the job. Safe to call more than once; never fails.
     */
    public static void preload() {
        Thread t = new Thread(() -> {
            try {
                new ObjectMapper().readTree("{\"schemaVersion\":2}");
                RegistryPool.preload();
            } catch (Exception | LinkageError e) {
                // only a head start: the real use reports any problem
            }
        }, "ferry-preload");
        t.setDaemon(true);
        t.start();
    }

    public Ferry(RegistrySettings settings, Map<String, String> env) {
        this(FerryConfig.empty(), settings, env);
    }

    /** A facade for a cfg.yaml (whose registries the settings already include, see {@link RegistrySettings#builder(FerryConfig)}). */
    public Ferry(FerryConfig config, RegistrySettings settings, Map<String, String> env) {
        this.config = config;
        this.settings = settings;
        this.env = env;
        DockerCredentialStore store = DockerCredentialStore.fromEnvironment(env);
        this.registries = new RegistryPool(settings::optionsFor, store::lookup,
                (op, attempt, delay, reason) -> emit(new Event.Retrying("", op, attempt, delay, reason)),
                "ferry/" + Version.get(), env);
    }

    private void emit(Event e) {
        for (EventListener l : listeners) l.on(e);
    }

    public RegistrySettings settings() { return settings; }

    public ImageLocation parse(String location) {
        return ImageLocation.parse(location, settings.names());
    }

    // ------------------------------------------------------------------ copy

    /** Starts a copy; bad input fails here (InvalidReferenceException), transfer problems in the job's result. */
    public Job copy(CopyRequest req, EventListener listener) throws IOException {
        ImageLocation src = parse(req.source());
        ImageLocation dst = parse(req.target());
        Endpoint from = source(src);
        Endpoint to = sink(dst, src);
        List<Platform> platforms = req.platforms();
        if (dst instanceof ImageLocation.Daemon d && d.kind().equals("docker")) platforms = List.of(dockerPlatform(platforms));
        JobCache cache = jobCache(req.cache(), req.dryRun(), "copy", listener);
        // only registry sources go through the cache: an OCI layout is on disk already
        ImageSource s = src instanceof ImageLocation.Registry ? cache.wrap(from.source) : from.source;
        ImageTask task = new ImageTask(from.name, s, from.reference, to.sink, to.tag, from.name, to.name, platforms);
        return start(List.of(task), dst instanceof ImageLocation.Daemon ? 1 : req.parallel(), req.retries(), req.dryRun(), listener, () -> {
            closeQuietly(from.source);
            closeQuietly(to.sink);
            cache.close();
        });
    }

    /** The blob cache of a job (none for a dry run, which writes nothing); its warnings go to the job's listener. */
    private static JobCache jobCache(CacheSettings settings, boolean dryRun, String job, EventListener listener) {
        if (settings == null || dryRun) return JobCache.none();
        EventListener l = listener == null ? EventListener.NONE : listener;
        return JobCache.open(settings, Path.of("").toAbsolutePath(), job, w -> l.on(new Event.Warning("", w)));
    }

    private record Endpoint(String name, ImageSource source, String reference, ImageSink sink, String tag) {}

    private Endpoint source(ImageLocation loc) throws IOException {
        if (loc instanceof ImageLocation.Daemon d) {
            throw new BadInputException("\"" + d.text() + "\": " + d.kind() + " is a target only; ferry reads images from registries, OCI layouts and packs");
        }
        if (loc instanceof ImageLocation.Registry r) {
            ImageReference ref = r.reference();
            return new Endpoint(ref.toString(), new RegistryImageSource(registries.client(ref.registry()), ref.repository()),
                    ref.reference(), null, null);
        }
        ImageLocation.Layout l = (ImageLocation.Layout) loc;
        OciLayout layout = OciLayout.open(l.directory());
        return new Endpoint("oci:" + l.directory() + (l.reference() == null ? "" : (l.reference().contains(":") ? "@" : ":") + l.reference()),
                layout, l.reference(), null, null);
    }

    /** The tag the source was named by, if any (a layout's tag, or a registry reference's tag when no digest pins it). */
    private static String sourceTag(ImageLocation src) {
        if (src instanceof ImageLocation.Registry r) return r.reference().digest().isPresent() ? null : r.reference().tag().orElse(null);
        String ref = ((ImageLocation.Layout) src).reference();
        return ref == null || ref.contains(":") ? null : ref;
    }

    private Endpoint sink(ImageLocation dst, ImageLocation src) throws IOException {
        if (dst instanceof ImageLocation.Daemon d) {
            ImageReference name = d.reference();
            if (name == null) {
                if (!(src instanceof ImageLocation.Registry r)) throw new BadInputException("name the image for " + d.kind() + ": write " + d.kind() + ":NAME:TAG");
                name = daemonName(r.reference(), null);
            } else if (!d.explicitTag()) {
                String st = sourceTag(src);
                name = name.withTag(st == null ? "latest" : st);
            }
            Batch.Endpoint to = d.kind().equals("docker") ? new Batch.Endpoint("docker", null, null, "docker", null)
                    : new Batch.Endpoint("containerd", null, null, "containerd", env.get("CONTAINERD_NAMESPACE"));
            return new Endpoint(d.kind() + ":" + name, null, null, targetSink(to, name, List.of()), name.tag().orElse("latest"));
        }
        if (dst instanceof ImageLocation.Registry r) {
            ImageReference ref = r.reference();
            if (ref.digest().isPresent()) {
                throw new BadInputException("target \"" + r.text() + "\" names a digest: a copy target needs a tag (or none, to keep the source's)");
            }
            String tag = r.explicitTag() ? ref.tag().orElse(null) : sourceTag(src);
            if (tag == null && !r.explicitTag()) tag = null; // by-digest source: written by digest only
            ImageReference shown = tag == null ? ref : ref.withTag(tag);
            String name = tag == null ? ref.name() : shown.toString();
            return new Endpoint(name, null, null, new RegistryImageSink(registries.client(ref.registry()), ref.repository()), tag);
        }
        ImageLocation.Layout l = (ImageLocation.Layout) dst;
        if (l.reference() != null && l.reference().contains(":")) {
            throw new BadInputException("target \"" + l.text() + "\" names a digest: write oci:DIR:TAG");
        }
        String tag = l.reference() != null ? l.reference() : sourceTag(src) != null ? sourceTag(src) : "latest";
        return new Endpoint("oci:" + l.directory() + ":" + tag, null, null, OciLayout.create(l.directory()), tag);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to save
        }
    }

    // ------------------------------------------------------------------ batches

    public FerryConfig config() { return config; }

    /**
     * A registry named by {@code --from}/{@code --to}: a cfg.yaml name, or an address. Null means
     * the first source (or target) of cfg.yaml, as image-transmit does.
     */
    public Batch.Endpoint endpoint(String nameOrAddress, boolean target) {
        if (nameOrAddress == null || nameOrAddress.isBlank()) {
            List<RegistryEntry> list = target ? config.targets() : config.sources();
            if (list.isEmpty()) {
                throw new BadInputException("no " + (target ? "--to" : "--from") + " given and no " + (target ? "target" : "source")
                        + " registry in cfg.yaml" + (config.file() == null ? " (no cfg.yaml found: ./cfg.yaml, ./data/cfg.yaml or --config FILE)" : " " + config.file()));
            }
            RegistryEntry e = list.get(0);
            return new Batch.Endpoint(e.name(), e.host(), target ? e.repository() : null);
        }
        String n = nameOrAddress.startsWith("@") ? nameOrAddress.substring(1) : nameOrAddress;
        if (target && (n.equals("docker") || n.equals("ctr") || n.equals("containerd") || n.startsWith("containerd:"))) {
            if (n.equals("docker")) return new Batch.Endpoint("docker", null, null, "docker", null);
            String ns = n.startsWith("containerd:") ? n.substring("containerd:".length()) : null;
            if (ns != null && !ns.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new BadInputException("invalid containerd namespace \"" + ns + "\"");
            return new Batch.Endpoint(n, null, null, "containerd", ns);
        }
        var entry = config.registry(n);
        if (entry.isPresent()) {
            return new Batch.Endpoint(n, entry.get().host(), target ? entry.get().repository() : null);
        }
        try {
            String host = dev.ferry.ref.Registries.normaliseRegistry(nameOrAddress);
            if (!(host.contains(".") || host.contains(":") || host.equals("localhost"))) throw new IllegalArgumentException("bare name");
            return new Batch.Endpoint(nameOrAddress, host, null);
        } catch (IllegalArgumentException e) {
            List<String> known = new ArrayList<>();
            config.sources().forEach(r -> known.add(r.name()));
            config.targets().forEach(r -> known.add(r.name()));
            throw new BadInputException("\"" + nameOrAddress + "\" is neither a registry named in cfg.yaml"
                    + (known.isEmpty() ? " (none is configured)" : " (known: " + String.join(", ", known) + ")") + " nor a registry address");
        }
    }

    /** Maps an image list to each target without touching the network. */
    public List<Batch.Planned> plan(String listText, String listName, String from, List<String> to) {
        List<ImageListEntry> entries = ImageList.parse(listText, listName);
        Batch.Endpoint src = endpoint(from, false);
        List<Batch.Endpoint> dsts = new ArrayList<>();
        if (to == null || to.isEmpty()) dsts.add(endpoint(null, true));
        else for (String t : to) dsts.add(endpoint(t, true));
        List<Batch.Planned> out = new ArrayList<>();
        for (Batch.Endpoint d : dsts) {
            for (ImageListEntry e : entries) {
                String written = e.target() == null ? e.source() : e.source() + " -> " + e.target();
                if (d.isDaemon()) {
                    // a daemon keeps the image's own full name, or the rename as docker reads it
                    ImageReference s0 = ImageMapper.map(e, src.host(), PACK_HOST, null).source();
                    out.add(new Batch.Planned(e.line(), written, s0, daemonName(s0, e.target()), d));
                    continue;
                }
                dev.ferry.config.Mapping m = ImageMapper.map(e, src.host(), d.host(), d.repository());
                out.add(new Batch.Planned(e.line(), written, m.source(), m.target(), d));
            }
        }
        return out;
    }

    /** The name an image gets in a daemon: its own, or a rename read the way docker reads names (keeping the tag when none is given). */
    static ImageReference daemonName(ImageReference source, String rename) {
        if (rename == null) return source.digest().isPresent() && source.tag().isEmpty() ? source : source.withTag(source.tag().orElse("latest"));
        ImageReference r = ImageReference.parse(rename);
        return ImageLocation.hasExplicitTag(rename) ? r : r.withTag(source.tag().orElse("latest"));
    }

    /** The sink for one image at a target: a registry repository, or a load into docker or containerd. */
    private ImageSink targetSink(Batch.Endpoint to, ImageReference target, List<Platform> platforms) throws IOException {
        if (!to.isDaemon()) return new RegistryImageSink(registries.client(target.registry()), target.repository());
        if (to.daemon().equals("docker")) return new DockerSink(dockerDaemon(), target.name(), dockerPlatform(platforms));
        return new ContainerdSink(env, target.name(), ContainerdSink.Settings.defaults().withNamespace(to.namespace()));
    }

    private DockerDaemon docker;

    private synchronized DockerDaemon dockerDaemon() throws IOException {
        if (docker == null) {
            DockerDaemon d = DockerDaemon.fromEnv(env);
            d.version();
            docker = d;
        }
        return docker;
    }

    /** docker holds one platform per name: the one asked for, else the daemon's own. */
    private Platform dockerPlatform(List<Platform> platforms) throws IOException {
        if (platforms.size() > 1) throw new BadInputException("docker keeps one platform per image name: give at most one --platform");
        return platforms.isEmpty() ? dockerDaemon().platform() : platforms.get(0);
    }

    /** The platforms to move for a target: docker's one, or what was asked. */
    private List<Platform> platformsFor(Batch.Endpoint to, List<Platform> asked) throws IOException {
        return to.isDaemon() && to.daemon().equals("docker") ? List.of(dockerPlatform(asked)) : asked;
    }

    /** HEADs every source of a plan (several at once): does it exist, and what digest has it. */
    public List<Batch.Checked> check(List<Batch.Planned> planned, int parallel) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, parallel), r -> {
            Thread t = new Thread(r, "ferry-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<java.util.concurrent.Future<Batch.Checked>> fs = new ArrayList<>();
            for (Batch.Planned p : planned) {
                fs.add(pool.submit(() -> {
                    try {
                        var head = new RegistryImageSource(registries.client(p.source().registry()), p.source().repository()).digestOf(p.source().reference());
                        return new Batch.Checked(p, head.map(Object::toString).orElse(null), head.isPresent() ? null : "not found");
                    } catch (IOException e) {
                        return new Batch.Checked(p, null, e.getMessage());
                    }
                }));
            }
            List<Batch.Checked> out = new ArrayList<>();
            for (var f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts a batch: every planned image to its target, one engine and one pool of workers for all. */
    public Job sync(Batch.SyncRequest req, EventListener listener) throws IOException {
        JobCache cache = jobCache(req.cache(), req.dryRun(), "sync", listener);
        List<ImageTask> tasks = new ArrayList<>();
        try {
            for (Batch.Planned p : req.images()) {
                ImageReference s = p.source();
                ImageReference t = p.target();
                String image = s + " -> " + p.targetName();
                tasks.add(new ImageTask(image, cache.wrap(new RegistryImageSource(registries.client(s.registry()), s.repository())), s.reference(),
                        targetSink(p.to(), t, req.platforms()), p.targetTag() == null && p.to().isDaemon() ? "latest" : p.targetTag(),
                        s.toString(), p.to().isDaemon() ? p.to().label() + ":" + p.targetName() : p.targetName(), platformsFor(p.to(), req.platforms())));
            }
        } catch (IOException | RuntimeException e) {
            tasks.forEach(t -> closeQuietly(t.sink()));
            cache.close();
            throw e;
        }
        // a daemon takes one archive stream at a time: more workers would only hold source connections idle
        int parallel = req.images().stream().allMatch(p -> p.to().isDaemon()) ? 1 : req.parallel();
        return start(tasks, parallel, req.retries(), req.dryRun(), listener, () -> {
            tasks.forEach(t -> closeQuietly(t.sink()));
            cache.close();
        });
    }

    private Job start(List<ImageTask> tasks, int parallel, int retries, boolean dryRun, EventListener listener, Runnable cleanup) {
        return start(tasks, parallel, retries, dryRun, listener, cleanup, (engine, l) -> engine.run(tasks));
    }

    /** Runs {@code body} (the engine's work and whatever must happen around it) on a job thread. */
    private Job start(List<ImageTask> tasks, int parallel, int retries, boolean dryRun, EventListener listener, Runnable cleanup,
                      java.util.function.BiFunction<Engine, EventListener, JobResult> body) {
        EventListener l = listener == null ? EventListener.NONE : listener;
        Engine engine = new Engine(new Engine.Settings(parallel, retries, Duration.ofSeconds(1), dryRun), l);
        listeners.add(l);
        CompletableFuture<JobResult> f = CompletableFuture.supplyAsync(() -> {
            try {
                return body.apply(engine, l);
            } finally {
                listeners.remove(l);
                cleanup.run();
            }
        }, r -> {
            Thread t = new Thread(r, "ferry-job");
            t.setDaemon(true);
            t.start();
        });
        return new Job(engine, f);
    }

    // ------------------------------------------------------------------ offline packs

    /** The host image names are mapped under when a list is saved: the target name is the path and tag alone. */
    private static final String PACK_HOST = "pack.invalid";

    /**
     * Starts a save: the list's images from {@code req.from()} into a new pack in {@code req.dir()}.
     * The pack's file names are known at once; the meta file is written when the job ends, listing
     * the images that were saved.
     */
    public SaveJob save(SaveRequest req, EventListener listener) throws IOException {
        Batch.Endpoint src = endpoint(req.from(), false);
        List<ImageListEntry> entries = ImageList.parse(req.listText(), req.listName());
        if (entries.isEmpty()) throw new BadInputException(req.listName() + " holds no image (one per line; # starts a comment)");
        ParentPacks parents = ParentPacks.read(req.inc());
        Compression compression = Compression.parse(req.compression());
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        Path dir = req.dir().resolve(stamp.substring(0, 8));
        String base = (req.prefix() == null || req.prefix().isBlank() ? "" : req.prefix() + "_") + (parents.isEmpty() ? "img_full_" : "img_inc_") + stamp;
        if (!base.matches("[A-Za-z0-9._-]+")) throw new BadInputException("pack prefix \"" + req.prefix() + "\" may hold only letters, digits, . _ -");
        String unique = base;
        for (int n = 2; Files.exists(dir.resolve(unique + "_meta.yaml")) || Files.exists(dir.resolve(unique + "_0" + compression.extension())); n++) {
            unique = base + "-" + n;
        }
        int files = req.singleFile() ? 1 : req.parallel();
        PackWriter writer = PackWriter.create(dir, unique, compression, files, req.dockerCompatible(), src.host(), "ferry " + Version.get(), parents);
        JobCache cache = jobCache(req.cache(), false, "save", listener);
        List<ImageTask> tasks = new ArrayList<>();
        try {
            for (ImageListEntry e : entries) {
                dev.ferry.config.Mapping m = ImageMapper.map(e, src.host(), PACK_HOST, null);
                String target = m.target().toString().substring(PACK_HOST.length() + 1);
                String tag = m.target().tag().orElse(null);
                String id = m.source().toString();
                tasks.add(new ImageTask(id, cache.wrap(new RegistryImageSource(registries.client(m.source().registry()), m.source().repository())),
                        m.source().reference(), writer.sinkFor(id, target), tag, id, "pack:" + target, req.platforms()));
            }
        } catch (IOException | RuntimeException e) {
            writer.abort();
            cache.close();
            throw e;
        }
        java.util.concurrent.atomic.AtomicReference<Path> meta = new java.util.concurrent.atomic.AtomicReference<>();
        Job job = start(tasks, req.parallel(), req.retries(), false, listener, cache::close, (engine, l) -> {
            JobResult r = engine.run(tasks);
            Map<String, List<String>> done = new java.util.LinkedHashMap<>();
            for (var i : r.images()) if (i.ok()) done.put(i.image(), i.platforms());
            if (done.isEmpty() || r.cancelled()) {
                writer.abort();
                return r;
            }
            try {
                meta.set(writer.finish(done));
            } catch (IOException e) {
                writer.abort();
                throw new java.io.UncheckedIOException("write the pack's meta file " + writer.metaFile() + ": " + e.getMessage(), e);
            }
            return r;
        });
        return new SaveJob(job, writer.metaFile(), writer.dataFiles(), writer.dockerCompatible(), meta::get);
    }

    /**
     * Starts a load: verifies every data file of the pack first (nothing is pushed when one is
     * missing or damaged), then pushes each image to {@code req.to()} with renames applied. An image
     * of an incremental pack whose parent-pack blobs the target lacks fails before any of its blobs moves.
     */
    public Job load(LoadRequest req, EventListener listener) throws IOException {
        String fn = req.meta().getFileName() == null ? "" : req.meta().getFileName().toString();
        if (Files.isDirectory(req.meta()) || !(fn.endsWith(".yaml") || fn.endsWith(".yml"))) return loadArchive(req, listener);
        if (TransmitPack.looksLikeTransmitMeta(req.meta())) return loadTransmit(req, listener);
        PackReader reader = PackReader.open(req.meta());
        Batch.Endpoint dst = endpoint(req.to(), true);
        Map<String, String> renames = renames(req);
        reader.verify(req.parallel());
        List<LoadItem> items = new ArrayList<>();
        Map<dev.ferry.oci.Digest, PackMeta.Blob> index = reader.meta().blobIndex();
        for (PackMeta.Image img : reader.meta().images()) {
            String newName = renames.getOrDefault(img.target(), renames.get(img.source()));
            ImageListEntry entry = new ImageListEntry(PACK_HOST + "/" + img.target(), newName, 0);
            ImageReference t = dst.isDaemon() ? daemonName(ImageReference.parse(img.source()), newName)
                    : ImageMapper.map(entry, PACK_HOST, dst.host(), newName == null ? dst.repository() : null).target();
            String tag = t.tag().orElse(null);
            List<Map.Entry<Descriptor, String>> fromParents = new ArrayList<>();
            for (PackMeta.ManifestEntry me : img.manifests()) {
                if (me.parse() instanceof ImageManifest im) {
                    for (Descriptor d : im.blobs()) {
                        PackMeta.Blob b = index.get(d.digest());
                        if (b != null && b.inParent()) fromParents.add(Map.entry(new Descriptor(b.mediaType(), b.digest(), b.size()), b.parent()));
                    }
                }
            }
            String name = tag == null ? t.name() : t.name() + ":" + tag;
            if (dst.isDaemon() && tag == null) tag = "latest";
            items.add(new LoadItem(new ImageTask(img.source() + " -> " + name, reader, img.digest().toString(),
                    targetSink(dst, t, List.of()), tag, img.target(), dst.isDaemon() ? dst.label() + ":" + name : name,
                    platformsFor(dst, List.of())), fromParents));
        }
        return startLoad(items, dst.isDaemon() ? 1 : req.parallel(), req.retries(), listener);
    }

    /**
     * Loads a pack written by image-transmit (its tar data files): images under their own names,
     * with renames and the target's repository applied; blobs left to a parent pack are checked at
     * the target first, as for ferry's own incremental packs.
     */
    private Job loadTransmit(LoadRequest req, EventListener listener) throws IOException {
        TransmitPack pack = TransmitPack.open(req.meta());
        Batch.Endpoint dst = endpoint(req.to(), true);
        Map<String, String> renames = renames(req);
        List<LoadItem> items = new ArrayList<>();
        for (TransmitPack.Image img : pack.images()) {
            String name = img.name().replaceFirst("^https?://", "");
            ImageReference carried = ImageReference.parse(name);
            String pathTag = carried.repository() + ":" + carried.tag().orElse("latest");
            String newName = renames.getOrDefault(pathTag, renames.getOrDefault(name, renames.get(img.name())));
            ImageListEntry entry = new ImageListEntry(PACK_HOST + "/" + pathTag, newName, 0);
            ImageReference t = dst.isDaemon() ? daemonName(carried, newName)
                    : ImageMapper.map(entry, PACK_HOST, dst.host(), newName == null ? dst.repository() : null).target();
            String tag = t.tag().orElse("latest");
            String target = t.name() + ":" + tag;
            List<Map.Entry<Descriptor, String>> fromParents = new ArrayList<>();
            for (TransmitPack.ParentBlob pb : pack.parentBlobs(img.reference())) fromParents.add(Map.entry(pb.blob(), pb.parentMeta()));
            items.add(new LoadItem(new ImageTask(name + " -> " + target, pack, img.reference(), targetSink(dst, t, List.of()), tag, name,
                    dst.isDaemon() ? dst.label() + ":" + target : target, platformsFor(dst, List.of())), fromParents));
        }
        return startLoad(items, dst.isDaemon() ? 1 : req.parallel(), req.retries(), listener);
    }

    /** An image to load and the blobs it needs from parent packs (descriptor, and the parent meta holding it). */
    private record LoadItem(ImageTask task, List<Map.Entry<Descriptor, String>> parentBlobs) {}

    /**
     * Runs a load: an image whose parent-pack blobs the target lacks fails before any of its blobs
     * moves, naming the pack to load first; the others go through the engine.
     */
    private Job startLoad(List<LoadItem> items, int parallel, int retries, EventListener listener) {
        List<ImageTask> tasks = items.stream().map(LoadItem::task).toList();
        return start(tasks, parallel, retries, false, listener, () -> tasks.forEach(t -> closeQuietly(t.sink())), (engine, l) -> {
            List<ImageTask> runnable = new ArrayList<>();
            Map<String, dev.ferry.engine.ImageResult> blocked = new java.util.HashMap<>();
            for (LoadItem it : items) {
                String missingFrom = null;
                try {
                    for (Map.Entry<Descriptor, String> pb : it.parentBlobs()) {
                        if (!it.task().sink().hasBlob(pb.getKey())) {
                            missingFrom = pb.getValue();
                            break;
                        }
                    }
                } catch (IOException e) {
                    blocked.put(it.task().image(), blockedResult(it.task(), "check the parent pack's blobs at the target: " + e.getMessage()));
                    continue;
                }
                if (missingFrom != null) {
                    blocked.put(it.task().image(), blockedResult(it.task(), "the target lacks blobs of the parent pack " + missingFrom
                            + ": load " + missingFrom + " first (nothing of this image was pushed)"));
                } else {
                    runnable.add(it.task());
                }
            }
            for (dev.ferry.engine.ImageResult r : blocked.values()) l.on(new Event.ImageFinished(r));
            JobResult ran = engine.run(runnable);
            List<dev.ferry.engine.ImageResult> all = new ArrayList<>();
            var done = ran.images().iterator();
            for (ImageTask t : tasks) all.add(blocked.containsKey(t.image()) ? blocked.get(t.image()) : done.next());
            return new JobResult(List.copyOf(all), ran.seconds(), ran.cancelled());
        });
    }

    private static Map<String, String> renames(LoadRequest req) {
        Map<String, String> renames = new java.util.LinkedHashMap<>();
        if (req.renames() != null && !req.renames().isBlank()) {
            for (ImageListEntry e : ImageList.parse(req.renames(), "--rename")) {
                if (e.target() == null) throw new BadInputException("--rename line " + e.line() + ": write OLD -> NEW");
                renames.put(e.source(), e.target());
            }
        }
        return renames;
    }

    /**
     * Loads the images of an OCI layout directory, or of an OCI or docker archive made by another
     * tool, under the names they carry (a bare tag takes the file's name as its repository).
     */
    private Job loadArchive(LoadRequest req, EventListener listener) throws IOException {
        Path p = req.meta();
        Batch.Endpoint dst = endpoint(req.to(), true);
        Map<String, String> renames = renames(req);
        ImageSource source;
        List<String[]> images = new ArrayList<>(); // {name as carried, reference in the source}
        if (Files.isDirectory(p)) {
            OciLayout layout = OciLayout.open(p);
            source = layout;
            for (Descriptor d : layout.entries()) {
                String n = d.annotations().get(OciLayout.REF_NAME);
                images.add(new String[]{n, n != null ? n : d.digest().toString()});
            }
        } else {
            ArchiveSource archive = ArchiveSource.open(p);
            source = archive;
            for (ArchiveSource.Entry e : archive.images()) images.add(new String[]{e.name(), e.manifest().digest().toString()});
        }
        if (images.isEmpty()) throw new BadInputException(p + " holds no image");
        String base = fn(p).replaceAll("\\.(tar|oci|docker)$", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        List<ImageTask> tasks = new ArrayList<>();
        for (String[] img : images) {
            String carried = img[0];
            String pathTag;
            if (carried == null || carried.isBlank()) pathTag = base + ":latest";
            else if (!carried.contains("/") && !carried.contains(":")) pathTag = base + ":" + carried;
            else {
                ImageReference r = ImageReference.parse(carried);
                pathTag = r.repository() + ":" + r.tag().orElse("latest");
            }
            String newName = renames.getOrDefault(pathTag, renames.get(carried));
            ImageListEntry entry = new ImageListEntry(PACK_HOST + "/" + pathTag, newName, 0);
            ImageReference t = dst.isDaemon() ? daemonName(ImageReference.parse(pathTag), newName)
                    : ImageMapper.map(entry, PACK_HOST, dst.host(), newName == null ? dst.repository() : null).target();
            String tag = t.tag().orElse("latest");
            String name = t.name() + ":" + tag;
            tasks.add(new ImageTask(carried + " -> " + name, source, img[1], targetSink(dst, t, List.of()), tag,
                    carried == null ? p.toString() : carried, dst.isDaemon() ? dst.label() + ":" + name : name, platformsFor(dst, List.of())));
        }
        return start(tasks, dst.isDaemon() ? 1 : req.parallel(), req.retries(), false, listener, () -> tasks.forEach(t -> closeQuietly(t.sink())));
    }

    private static String fn(Path p) {
        Path f = p.toAbsolutePath().normalize().getFileName();
        return f == null ? "image" : f.toString();
    }

    private static dev.ferry.engine.ImageResult blockedResult(ImageTask t, String why) {
        return new dev.ferry.engine.ImageResult(t.image(), t.sourceName(), t.targetName(), dev.ferry.engine.ImageResult.Status.FAILED,
                null, null, List.of(), 0, 0, 0, 0, 0, 0, why);
    }

    // ------------------------------------------------------------------ looking around

    /** Tags of a repository ({@code REPO}, {@code @NAME/REPO}, {@code oci:DIR}). */
    public List<String> tags(String location) throws IOException {
        ImageLocation loc = parse(location);
        if (loc instanceof ImageLocation.Layout l) return OciLayout.open(l.directory()).tags();
        ImageReference ref = ((ImageLocation.Registry) loc).reference();
        if (((ImageLocation.Registry) loc).explicitTag() || ref.digest().isPresent()) {
            throw new BadInputException("\"" + location + "\" names an image; tags wants a repository, e.g. " + ref.name());
        }
        return registries.client(ref.registry()).tags(ref.repository());
    }

    /** Repositories of a registry ({@code host:port}, {@code @NAME}), at most {@code max} (0: all). */
    public List<String> catalog(String registry, int max) throws IOException {
        String host = registry.trim();
        if (host.startsWith("@")) {
            String h = settings.names().get(host.substring(1));
            if (h == null) throw new BadInputException("unknown registry name \"" + host.substring(1) + "\": @NAME refers to a registry named in cfg.yaml");
            host = h;
        }
        String normalised = dev.ferry.ref.Registries.normaliseRegistry(host);
        return registries.client(normalised).catalog(max);
    }

    /** Reads an image's manifests (and configs, for platforms and creation times). */
    public Inspection inspect(String location) throws IOException {
        ImageLocation loc = parse(location);
        Endpoint e = source(loc);
        try (ImageSource s = e.source) {
            Manifest top = s.manifest(e.reference);
            List<Inspection.PlatformImage> images = new ArrayList<>();
            if (top instanceof ImageIndex idx) {
                for (Descriptor d : idx.manifests()) {
                    Manifest m = s.manifest(d);
                    if (m instanceof ImageManifest im) images.add(describe(s, im, d.platform() == null ? null : d.platform().toString()));
                }
            } else {
                images.add(describe(s, (ImageManifest) top, null));
            }
            return new Inspection(e.name, top.mediaType(), top.digest(), top.size(), List.copyOf(images), top.bytes());
        }
    }

    private static Inspection.PlatformImage describe(ImageSource s, ImageManifest m, String platform) throws IOException {
        String created = null;
        Descriptor c = m.config();
        if (c.size() < 8 * 1024 * 1024 && c.mediaType() != null && (c.mediaType().contains("image.config") || c.mediaType().contains("container.image"))) {
            try (InputStream raw = s.openBlob(c); VerifyingInputStream v = new VerifyingInputStream(raw, c, "config " + c.digest().shortForm() + " of " + s.describe(), null)) {
                JsonNode n = JSON.readTree(v.readAllBytes());
                if (platform == null && n.hasNonNull("os")) {
                    platform = n.get("os").asText() + "/" + n.path("architecture").asText() + (n.hasNonNull("variant") ? "/" + n.get("variant").asText() : "");
                }
                created = n.path("created").asText(null);
            }
        }
        List<Inspection.Layer> layers = m.layers().stream().map(d -> new Inspection.Layer(d.digest(), d.size(), d.mediaType())).toList();
        return new Inspection.PlatformImage(platform, m.digest(), m.mediaType(), m.size(), c.digest(), m.totalSize(), layers, created);
    }

    @Override public void close() {
        registries.close();
    }
}
