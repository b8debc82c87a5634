package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An OCI distribution client for one registry. Thread-safe: one instance serves all the
 * repositories of its registry and any number of concurrent transfers.
 *
 * <p>Authentication is discovered from the {@code /v2/} challenge: anonymous, basic, or bearer
 * tokens from the realm (per scope, cached until shortly before they expire, widened when a
 * registry answers {@code insufficient_scope}). Idempotent requests are retried with backoff on
 * resets, timeouts, 408, 429 and 5xx, honouring {@code Retry-After}. Uploads are not retried
 * here: their bodies are streams, so the caller retries the whole blob.
 *
 * <p>This is the face other packages use; each endpoint is a class of its own behind it
 * ({@link ManifestCalls}, {@link BlobReads}, {@link BlobUploads}, {@link Listings}), all sending
 * through one {@link RequestLoop} (scheme by {@link SchemeProbe}, authorization by
 * {@link Authorizer}, errors by {@link RegistryFailures}).
 */
public final class RegistryClient {
    private final RequestLoop loop;
    private final ManifestCalls manifests;
    private final BlobReads blobs;
    private final BlobUploads uploads;
    private final Listings listings;

    /** Where credentials come from when the options carry none. */
    @FunctionalInterface
    public interface CredentialSource {
        Optional<Credentials> lookup(String registry) throws IOException;
    }

    RegistryClient(String registry, RegistryOptions options, OkHttpClient http, CredentialSource credentialSource,
                   ConnectionGate gate, RangeReads rangeReads, CallScope scope, PullLimits pullLimits) {
        this(registry, options, http, credentialSource, gate, rangeReads, scope, pullLimits,
                options.qps() > 0 ? new RateLimiter(options.qps()) : null);
    }

    /** The same, with the registry's request limit shared with its other clients (those of its namespaces with credentials of their own). */
    RegistryClient(String registry, RegistryOptions options, OkHttpClient http, CredentialSource credentialSource,
                   ConnectionGate gate, RangeReads rangeReads, CallScope scope, PullLimits pullLimits, RateLimiter rateLimiter) {
        this(new RequestLoop(registry, options, http, credentialSource,
                new RegistryState(options, gate, rangeReads, http, pullLimits, rateLimiter), scope));
    }

    private RegistryClient(RequestLoop loop) {
        this.loop = loop;
        this.manifests = new ManifestCalls(loop);
        this.blobs = new BlobReads(loop);
        this.uploads = new BlobUploads(loop);
        this.listings = new Listings(loop);
    }

    /**
     * This registry's client for the requests of one job or image: the same connections, tokens
     * and slots, with retries reported to {@code scope}'s listener and every request cancelled
     * with it.
     */
    public RegistryClient in(CallScope scope) {
        return new RegistryClient(loop.in(scope));
    }

    /** The scope this view's requests belong to. */
    public CallScope scope() { return loop.scope(); }

    /** How many tags or repositories to ask for per page (tests use small pages to exercise Link pagination). */
    void pageSize(int n) { listings.pageSize(n); }

    /** The registry as named in references ({@code docker.io}, {@code 127.0.0.1:5000}). */
    public String registry() { return loop.registry(); }

    public RegistryOptions options() { return loop.options(); }

    /** Reaches {@code /v2/} and learns the scheme and the authentication challenge. */
    public void ping() throws RegistryException {
        SchemeProbe.ping(loop);
    }

    // ---------------------------------------------------------------- manifests

    /** HEAD a manifest: its digest, or empty when the tag or digest is not there. */
    public Optional<ManifestHead> headManifest(String repository, String reference) throws RegistryException {
        return manifests.head(repository, reference);
    }

    /** GET a manifest's exact bytes, checked against the digest asked for or the one the registry names (see {@link ManifestCalls#get}). */
    public Manifest getManifest(String repository, String reference) throws RegistryException {
        return manifests.get(repository, reference);
    }

    /**
     * PUT a manifest's exact bytes under a tag or its digest; whether the registry indexed its
     * {@code subject} for the referrers API (see {@link ManifestCalls#put}).
     */
    public boolean putManifest(String repository, String reference, Manifest manifest) throws RegistryException {
        return manifests.put(repository, reference, manifest);
    }

    /** The referrers API's pages for {@code subject}; empty when the registry has no such API (see {@link Listings#referrers}). */
    public Optional<List<byte[]>> referrers(String repository, Digest subject) throws RegistryException {
        return listings.referrers(repository, subject);
    }

    // ---------------------------------------------------------------- blobs

    public boolean hasBlob(String repository, Digest digest) throws RegistryException {
        return blobs.has(repository, digest);
    }

    /** Opens a blob for reading; the stream is raw, the caller verifies it (see {@link BlobReads#open}). */
    public InputStream getBlob(String repository, Descriptor blob) throws RegistryException {
        return blobs.open(repository, blob);
    }

    /** A small blob (a config), whole and checked against its descriptor (see {@link BlobReads#readSmall}). */
    public byte[] readBlob(String repository, Descriptor blob) throws RegistryException {
        return blobs.readSmall(repository, blob);
    }

    /** Opens a blob as {@link #getBlob} does; a large one resumes and reads ranges in parallel (see {@link BlobReads#openFast}). */
    public InputStream getBlobFast(String repository, Descriptor blob) throws RegistryException {
        return blobs.openFast(repository, blob);
    }

    /** Mounts a blob from another repository of this registry; whether it was mounted (see {@link BlobUploads#mount}). */
    public boolean mountBlob(String repository, Digest digest, String fromRepository) throws RegistryException {
        return uploads.mount(repository, digest, fromRepository);
    }

    /**
     * Uploads a blob; {@code content} is read exactly once, and on failure the caller reopens and
     * calls again (see {@link BlobUploads#push}).
     */
    public void pushBlob(String repository, Descriptor blob, InputStream content) throws RegistryException {
        uploads.push(repository, blob, content, null);
    }

    /** Whether a blob is there, asked by opening its upload: null when it is, else the upload (see {@link BlobUploads#probe}). */
    okhttp3.HttpUrl probeUpload(String repository, Digest digest) throws RegistryException {
        return uploads.probe(repository, digest);
    }

    /** {@link #pushBlob} into an upload {@link #probeUpload} opened. */
    void pushBlob(String repository, Descriptor blob, InputStream content, okhttp3.HttpUrl prepared) throws RegistryException {
        uploads.push(repository, blob, content, prepared);
    }

    /** Uploads a blob whose digest is learnt as it streams; its descriptor (see {@link BlobUploads#pushNew}). */
    public Descriptor pushNewBlob(String repository, String mediaType, InputStream content) throws RegistryException {
        return uploads.pushNew(repository, mediaType, content);
    }

    // ---------------------------------------------------------------- listing

    /** All tags of a repository, following {@code Link} pagination. */
    public List<String> tags(String repository) throws RegistryException {
        return listings.tags(repository);
    }

    /** Repository names from {@code _catalog}, following pagination, at most {@code max} (0: all). */
    public List<String> catalog(int max) throws RegistryException {
        return listings.catalog(max);
    }

    /** A map of the token cache's state, for tests and diagnostics (never the tokens themselves). */
    Map<Set<String>, Long> tokenScopes() {
        return loop.state().tokens.scopes();
    }
}
