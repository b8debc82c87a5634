package dev.ferry.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.cache.BlobSightings;
import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.config.ImageListEntry;
import dev.ferry.ref.Text;
import dev.ferry.registry.ConnectionGate;
import dev.ferry.registry.DockerCredentialStore;
import dev.ferry.registry.RangeReads;
import dev.ferry.registry.RegistryPool;
import dev.ferry.registry.RetryListener;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What outlives a command: the configuration (which can be reloaded), registry connections and
 * their tokens, credentials (a login adds some while it lives), the working directory relative
 * paths resolve against, the threads every job runs on, the connection limit each registry is
 * held to across all jobs, and a way to ask the person for a password. The CLI is a session that
 * runs one command; the shell, the terminal UI and watch mode keep one for hours.
 *
 * <p>Every job method returns at once with a {@link Job} to watch, wait for or cancel; bad input
 * fails there ({@link BadInputException}), transfer problems in the job's result.
 * {@link #close()} cancels the running jobs and waits for them.
 */
public final class Session implements AutoCloseable {
    private final SessionContext ctx;
    private final Logins logins;
    private final RangeReads rangeReads;
    private final CopyJobs copies;
    private final SyncJobs syncs;
    private final SaveJobs saves;
    private final LoadJobs loads;
    private final Looks looks;
    private final RulePlans rules;
    private final Expansion expansion;

    private Session(Builder b) {
        ExecutorService executor = threads();
        ConnectionGate gate = new ConnectionGate(b.maxConnections > 0 ? b.maxConnections : b.config.maxconn());
        this.rangeReads = new RangeReads();
        DockerCredentialStore store = DockerCredentialStore.fromEnvironment(b.env);
        SessionContext[] self = new SessionContext[1];
        RegistryPool pool = new RegistryPool(r -> self[0].settings().optionsFor(r), store::lookup, RetryListener.NONE,
                "ferry/" + Version.get(), b.env, gate, rangeReads);
        this.ctx = new SessionContext(b.env, b.workDir, b.config, b.settingsFor.apply(b.config), pool, new Jobs(executor, gate, b.sightings != null ? b.sightings : sightingsFrom(b.env)));
        self[0] = ctx;
        pool.namespaces(new RegistryPool.Namespaces() {
            @Override public String namespaceFor(String registry, String repository) {
                return self[0].settings().namespaceFor(registry, repository);
            }

            @Override public dev.ferry.registry.RegistryOptions optionsFor(String registry, String namespace) {
                return self[0].settings().optionsFor(registry, namespace);
            }
        });
        pool.pullLimits().waitForReset(b.waitForRateLimit);
        Targets targets = new Targets(ctx);
        Places places = new Places(ctx, targets);
        this.copies = new CopyJobs(ctx, places, targets);
        this.syncs = new SyncJobs(ctx, targets, executor);
        this.saves = new SaveJobs(ctx);
        this.loads = new LoadJobs(ctx, targets);
        this.looks = new Looks(ctx, places);
        this.rules = new RulePlans(ctx);
        this.expansion = new Expansion(ctx, looks);
        this.logins = new Logins(ctx, b.settingsFor, store, b.prompt, looks);
    }

    /**
     * Where blob sightings are kept unless the face says: {@code FERRY_SIGHTINGS} (a directory, or {@code off}), else
     * {@code $XDG_CACHE_HOME/ferry/sightings}, else {@code ~/.cache/ferry/sightings}; none when the environment names no
     * home.
     */
    static BlobSightings sightingsFrom(Map<String, String> env) {
        String named = env.get("FERRY_SIGHTINGS");
        if (named != null && !named.isBlank()) {
            return named.equals("off") ? BlobSightings.NONE : BlobSightings.in(Path.of(named), BlobSightings.DEFAULT_MAX_FILE_BYTES);
        }
        String xdg = env.get("XDG_CACHE_HOME"), home = env.get("HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home != null && !home.isBlank() ? Path.of(home, ".cache") : null;
        return base == null ? BlobSightings.NONE : BlobSightings.in(base.resolve("ferry").resolve("sightings"), BlobSightings.DEFAULT_MAX_FILE_BYTES);
    }

    /** What the registries of this session said of their pull limits (only those that sent one), by registry. */
    public java.util.List<PullLimit> pullLimits() {
        return ctx.registries.pullLimits().states().values().stream()
                .map(st -> new PullLimit(st.registry(), st.limit(), st.remaining(), st.window(), st.seen(), st.freeAt())).toList();
    }

    /** Threads for every job of the session; idle ones end after two seconds. */
    private static ExecutorService threads() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "ferry-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder(Map<String, String> env) {
        return new Builder(env);
    }

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

    // ------------------------------------------------------------------ what the session holds

    public FerryConfig config() { return ctx.config(); }

    public RegistrySettings settings() { return ctx.settings(); }

    public Path workDir() { return ctx.workDir; }

    /** The connection limit each registry is held to across all jobs of the session (0: none). */
    public int maxConnections() { return ctx.registries.gate().limit(); }

    /**
     * Reads cfg.yaml again (the file the session was started with, else the one found now in the
     * working directory) and uses it for every job started from now on; logins stay. Bad input
     * fails here and the old configuration stays.
     */
    public FerryConfig reload() {
        Path file = ctx.config().file() != null ? ctx.config().file() : ConfigLoader.locate(ctx.workDir, null).orElse(null);
        FerryConfig fresh = file == null ? FerryConfig.empty() : ConfigLoader.load(file, ctx.env);
        ctx.replace(fresh, logins.settings(fresh));
        ctx.registries.forgetAll();
        return fresh;
    }

    /** Uses {@code user} and {@code password} for {@code registry} in every job started from now on. */
    public void login(String registry, String user, String password) { logins.login(registry, user, password); }

    /** The same, asking the person for the password through the session's prompt. */
    public void login(String registry, String user) { logins.login(registry, user); }

    /**
     * Writes the credentials of this session's login to {@code registry} where docker keeps them: the credential helper
     * docker's config.json names for it ({@code credsStore}, {@code credHelpers}), else the file's {@code auths}
     * ({@code --authfile} / {@code REGISTRY_AUTH_FILE}, {@code DOCKER_CONFIG}, else ~/.docker); returns where they went.
     * Fails when there was no login to it.
     */
    public String saveLogin(String registry) throws IOException { return logins.save(registry); }

    /**
     * Asks {@code registry} for something only a logged-in user may see, with this session's credentials: a registry
     * that refuses them throws (kind unauthorized); one that lets them in but has no catalog for them is fine.
     */
    public void verifyLogin(String registry) throws IOException { logins.verify(registry); }

    /** Removes the saved credentials of {@code registry} (config.json's entry, its credential helper's); false when there were none. */
    public boolean forgetSavedLogin(String registry) throws IOException { return logins.forgetSaved(registry); }

    /** Forgets the login {@link #login} gave {@code registry}; false when it had none. Jobs started from now on go without it. */
    public boolean logout(String registry) { return logins.logout(registry); }

    // ------------------------------------------------------------------ jobs

    /** Starts a copy of one image. */
    public Job copy(CopyRequest req) throws IOException { return copies.copy(req, null); }

    /** The same, with a subscriber that sees every event of the job from the first (see {@link JobSubscriber}). */
    public Job copy(CopyRequest req, JobSubscriber first) throws IOException { return copies.copy(req, first); }

    /** Maps list entries to each target without touching the network. */
    public List<Batch.Planned> plan(List<ImageListEntry> entries, String from, List<String> to) {
        return Endpoints.plan(ctx.config(), entries, from, to);
    }

    /** The same, with {@code namespace} as every target's namespace ({@code --namespace}; null: cfg.yaml's repository). */
    public List<Batch.Planned> plan(List<ImageListEntry> entries, String from, List<String> to, String namespace) {
        return Endpoints.plan(ctx.config(), entries, from, to, namespace);
    }

    /**
     * image-transfer's rules as planned images, each to its rule's registry; a repository-level rule
     * asks its source for the tags it has now.
     */
    public List<Batch.Planned> plan(List<dev.ferry.config.TransferRules.Resolved> transferRules) throws IOException {
        return rules.plan(transferRules);
    }

    /**
     * Entries that choose tags ({@code repo:/REGEX/}) as one entry a chosen tag, asking the source
     * what it has; other entries stay as they are.
     */
    public List<ImageListEntry> expand(List<ImageListEntry> entries, String from) throws IOException {
        return expansion.expand(entries, from);
    }

    /**
     * Every repository of the source's catalog that {@code repos} takes, one entry a tag {@code tags}
     * chooses. A registry without a catalog (Docker Hub, GHCR) is bad input, saying to list the
     * repositories instead.
     */
    public List<ImageListEntry> catalogEntries(String from, dev.ferry.config.RepoSelector repos, dev.ferry.config.TagSelector tags) throws IOException {
        return expansion.catalog(from, repos, tags);
    }

    /** A registry named by {@code --from}/{@code --to}: a cfg.yaml name, or an address; null: cfg.yaml's first. */
    public Batch.Endpoint endpoint(String nameOrAddress, boolean target) {
        return Endpoints.endpoint(ctx.config(), nameOrAddress, target);
    }

    /** Starts looking up every source of a plan; see {@link Batch.Checked#of}. */
    public Job check(List<Batch.Planned> planned, int parallel) { return syncs.check(planned, parallel, null); }

    public Job check(List<Batch.Planned> planned, int parallel, JobSubscriber first) { return syncs.check(planned, parallel, first); }

    /** Starts a batch: every planned image to its target, one engine for all. */
    public Job sync(Batch.SyncRequest req) throws IOException { return syncs.sync(req, null); }

    public Job sync(Batch.SyncRequest req, JobSubscriber first) throws IOException { return syncs.sync(req, first); }

    /** Starts a save into a new pack. */
    public SaveJob save(SaveRequest req) throws IOException { return saves.save(req, null); }

    public SaveJob save(SaveRequest req, JobSubscriber first) throws IOException { return saves.save(req, first); }

    /** Starts a load of a pack, layout or archive. */
    public Job load(LoadRequest req) throws IOException { return loads.load(req, null); }

    public Job load(LoadRequest req, JobSubscriber first) throws IOException { return loads.load(req, first); }

    /** What a load would do, read from the input alone: each image by its name there (for renames) and its target. */
    public List<LoadRequest.Image> contents(LoadRequest req) throws IOException { return loads.contents(req); }

    /** The session's jobs, running and recently finished, oldest first. */
    public List<Job> jobs() { return ctx.jobs.all(); }

    public Optional<Job> job(String id) { return ctx.jobs.get(id); }

    // ------------------------------------------------------------------ looking around

    /** Tags of a repository ({@code REPO}, {@code @NAME/REPO}, {@code oci:DIR}). */
    public List<String> tags(String location) throws IOException { return looks.tags(location); }

    /** Repositories of a registry ({@code host:port}, {@code @NAME}), at most {@code max} (0: all). */
    public List<String> catalog(String registry, int max) throws IOException { return looks.catalog(registry, max); }

    /** Reads an image's manifests (and configs, for platforms and creation times). */
    public Inspection inspect(String location) throws IOException { return looks.inspect(location); }

    /** A handle for quick looks (tags, digests) that can be cancelled as a whole, as a watch round's are. */
    public Lookup lookup() { return new Lookup(ctx); }

    /** {@code ferry analyse}: per layer sizes and history, wasted bytes, duplicates, the largest files; {@code platform} null for the default. */
    public Analysis analyse(String location, dev.ferry.oci.Platform platform) throws IOException { return looks.analyse(location, platform); }

    /** What sort of failure a quick look ({@link #tags}, {@link #catalog}, {@link #inspect}) met: not found, unauthorized, network… */
    public static dev.ferry.spi.ErrorKind errorKind(Throwable failure) {
        return dev.ferry.spi.Failures.kindOf(failure);
    }

    /** Cancels the running jobs, waits for them (10 s at most), then lets go of connections and threads. */
    @Override public void close() {
        try {
            ctx.jobs.cancelAll(Duration.ofSeconds(10));
            ctx.jobs.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ctx.registries.close();
            rangeReads.close();
        }
    }

    public static final class Builder {
        private final Map<String, String> env;
        private FerryConfig config = FerryConfig.empty();
        private Function<FerryConfig, RegistrySettings> settingsFor = c -> RegistrySettings.builder(c).build();
        private Path workDir = Path.of("").toAbsolutePath();
        private PasswordPrompt prompt = PasswordPrompt.NONE;
        private int maxConnections;
        private BlobSightings sightings;
        private boolean waitForRateLimit;

        private Builder(Map<String, String> env) {
            this.env = Map.copyOf(env);
        }

        public Builder config(FerryConfig c) {
            this.config = c;
            return this;
        }

        /** How registry settings follow from a configuration (cfg.yaml, then the face's flags); used again on reload. */
        public Builder settings(Function<FerryConfig, RegistrySettings> f) {
            this.settingsFor = f;
            return this;
        }

        public Builder settings(RegistrySettings s) {
            return settings(c -> s);
        }

        public Builder workDir(Path dir) {
            this.workDir = dir.toAbsolutePath();
            return this;
        }

        public Builder prompt(PasswordPrompt p) {
            this.prompt = p == null ? PasswordPrompt.NONE : p;
            return this;
        }

        /** Connections to each registry at most, across all jobs (default: cfg.yaml's maxconn). */
        public Builder maxConnections(int n) {
            if (n < 1) throw new BadInputException(Text.of("engine.connection_limit", n));
            this.maxConnections = n;
            return this;
        }

        /** Where blobs were seen on each registry, kept between sessions (default: from the environment, see {@link #sightingsFrom}). */
        public Builder sightings(BlobSightings s) {
            this.sightings = s;
            return this;
        }

        /** A pull beyond a registry's stated limit waits for the limit to free (default: it fails at once, saying when). */
        public Builder waitForRateLimit(boolean wait) {
            this.waitForRateLimit = wait;
            return this;
        }

        public Session build() {
            return new Session(this);
        }
    }
}
