package dev.ferry.app;

import dev.ferry.ref.Text;
import dev.ferry.config.CacheSettings;
import dev.ferry.config.FerryConfig;
import dev.ferry.daemon.DockerDaemon;
import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.registry.CallScope;
import dev.ferry.registry.RegistryClient;
import dev.ferry.registry.RegistryPool;
import dev.ferry.registry.TrustFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the parts of a session share: the configuration as it is now, the environment, the working
 * directory, the registry connections and the jobs. Package-private: each job kind's class gets it.
 */
final class SessionContext {
    final Map<String, String> env;
    final Path workDir;
    final RegistryPool registries;
    final Jobs jobs;
    private volatile FerryConfig config;
    private volatile RegistrySettings settings;
    private DockerDaemon docker;

    SessionContext(Map<String, String> env, Path workDir, FerryConfig config, RegistrySettings settings, RegistryPool registries, Jobs jobs) {
        this.env = env;
        this.workDir = workDir;
        this.config = config;
        this.settings = settings;
        this.registries = registries;
        this.jobs = jobs;
    }

    FerryConfig config() { return config; }

    RegistrySettings settings() { return settings; }

    void replace(FerryConfig c, RegistrySettings s) {
        this.config = c;
        this.settings = s;
    }

    /** A path as the person wrote it, against the session's working directory. */
    Path resolve(Path p) {
        return workDir.resolve(p);
    }

    ImageLocation parse(String location) {
        return ImageLocation.parse(location, settings.names());
    }

    /** The client of {@code registry} for requests of {@code scope} that concern no one repository (its catalog). */
    RegistryClient client(String registry, CallScope scope) throws IOException {
        return client(registry, null, scope);
    }

    /**
     * The client for {@code repository} of {@code registry}, for requests of {@code scope}: with the
     * credentials of the repository's namespace when it has its own (the more specific win).
     */
    RegistryClient client(String registry, String repository, CallScope scope) throws IOException {
        try {
            return (repository == null ? registries.client(registry) : registries.client(registry, repository)).in(scope);
        } catch (TrustFileException e) {
            throw new BadInputException(Text.of("session.trust_file", Text.of(e), registry));
        }
    }

    synchronized DockerDaemon dockerDaemon() throws IOException {
        if (docker == null) {
            DockerDaemon d = DockerDaemon.fromEnv(env);
            d.version();
            docker = d;
        }
        return docker;
    }

    /** The blob cache of a job (none for a dry run, which writes nothing); its warnings go to the job's events. */
    JobCache jobCache(CacheSettings cache, boolean dryRun, String job, EventListener listener) {
        if (cache == null || dryRun) return JobCache.none();
        return JobCache.open(cache, workDir, job, w -> listener.on(new Event.Warning("", w)));
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing to save
        }
    }
}
