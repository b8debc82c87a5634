package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OCI distribution client for one registry. Thread-safe: one instance serves all the
 * repositories of its registry and any number of concurrent transfers.
 *
 * <p>Authentication is discovered from the {@code /v2/} challenge: anonymous, basic, or bearer
 * tokens from the realm (per scope, cached until shortly before they expire, widened when a
 * registry answers {@code insufficient_scope}). Idempotent requests are retried with backoff on
 * resets, timeouts, 408, 429 and 5xx, honouring {@code Retry-After}. Uploads are not retried
 * here: their bodies are streams, so the caller retries the whole blob.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final MediaType OCTET = MediaType.get("application/octet-stream");

    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final OkHttpClient http;
    private final CredentialSource credentialSource;
    private final Shared shared;
    private final TokenCache tokens;
    private final Object pingLock;
    private final CallScope scope;
    private volatile int pageSize = 1000;
    private final RateLimiter rateLimiter;

    /**
     * What every view of one registry's client shares: what was learnt about the registry (its
     * scheme and challenge, the credentials found, whether it honours ranges, the upload chunk
     * size), its tokens, the session's connection slots and range readers.
     */
    private static final class Shared {
        final TokenCache tokens = new TokenCache();
        final Object pingLock = new Object();
        final ConnectionGate gate;
        final RangeReads rangeReads;
        final RateLimiter rateLimiter;
        final PullLimits pullLimits;
        /** For the answer to the request that completes an upload: the registry may check and move gigabytes first. */
        final OkHttpClient patient;
        volatile HttpUrl base;
        volatile Challenge challenge;
        volatile Credentials credentials;
        volatile boolean credentialsLoaded;
        volatile long chunkSize;
        volatile boolean rangesRefused;

        Shared(RegistryOptions options, ConnectionGate gate, RangeReads rangeReads, OkHttpClient http, PullLimits pullLimits, RateLimiter rateLimiter) {
            this.pullLimits = pullLimits;
            this.patient = http.newBuilder().readTimeout(options.readTimeout()).build();
            this.gate = gate;
            this.rangeReads = rangeReads;
            this.chunkSize = options.chunkSize();
            this.rateLimiter = rateLimiter;
        }
    }

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
        this(registry, options, http, credentialSource, new Shared(options, gate, rangeReads, http, pullLimits, rateLimiter), scope);
    }

    private RegistryClient(String registry, RegistryOptions options, OkHttpClient http, CredentialSource credentialSource,
                           Shared shared, CallScope scope) {
        this.registry = registry;
        this.apiHost = Registries.apiHost(registry);
        this.options = options;
        this.http = http;
        this.credentialSource = credentialSource;
        this.shared = shared;
        this.tokens = shared.tokens;
        this.pingLock = shared.pingLock;
        this.rateLimiter = shared.rateLimiter;
        this.scope = scope;
    }

    /**
     * This registry's client for the requests of one job or image: the same connections, tokens
     * and slots, with retries reported to {@code scope}'s listener and every request cancelled
     * with it.
     */
    public RegistryClient in(CallScope scope) {
        return new RegistryClient(registry, options, http, credentialSource, shared, scope);
    }

    /** The scope this view's requests belong to. */
    public CallScope scope() { return scope; }

    /** How many tags or repositories to ask for per page (tests use small pages to exercise Link pagination). */
    void pageSize(int n) { this.pageSize = n; }

    /** The registry as named in references ({@code docker.io}, {@code 127.0.0.1:5000}). */
    public String registry() { return registry; }

    public RegistryOptions options() { return options; }

    private static boolean isLoopback(String registry) {
        return Registries.parse(registry).isLoopback();
    }

    // ---------------------------------------------------------------- ping, scheme, credentials

    /** Reaches {@code /v2/} and learns the scheme and the authentication challenge. */
    public void ping() throws RegistryException {
        synchronized (pingLock) {
            if (shared.base != null) return;
            Text op = Text.of("remote.op.reach", registry);
            List<String> schemes = new ArrayList<>();
            boolean loopback = isLoopback(registry);
            if (options.scheme() != null) schemes.add(options.scheme());
            else if (loopback) {
                // registries on this machine are usually plain HTTP: ask that way first, then HTTPS
                schemes.add("http");
                schemes.add("https");
            } else {
                schemes.add("https");
                if (options.insecure()) schemes.add("http");
            }
            RegistryException last = null;
            for (int i = 0; i < schemes.size(); i++) {
                String scheme = schemes.get(i);
                boolean more = i + 1 < schemes.size();
                HttpUrl url = HttpUrl.get(scheme + "://" + apiHost + "/v2/");
                // retried like every request: a 503, a 429 or a reset here must not fail the job, nor turn into another scheme
                try (Response r = withRetries(op, () -> execute(op, new Request.Builder().url(url).get().build(), true), true)) {
                    int s = r.code();
                    if (s == 200 || s == 401) {
                        shared.challenge = s == 401 ? Challenge.parse(r.header("WWW-Authenticate")) : null;
                        shared.base = HttpUrl.get(scheme + "://" + apiHost + "/");
                        if (scheme.equals("http") && PlainHttp.warns(registry, options)) scope.retryListener().warning(PlainHttp.warning(registry));
                        return;
                    }
                    last = error(op, r, Text.of("remote.detail.not_oci", s));
                    // a TLS server answers a plain request with 400: try the next scheme
                    if (!(more && scheme.equals("http") && s == 400)) break;
                } catch (RegistryException e) {
                    if (last != null && scheme.equals("https") && e.getCause() instanceof SSLException && !isCertificateProblem(e.getCause())) {
                        break; // the server is not TLS either: what the plain attempt got says more than "unrecognized SSL message"
                    }
                    last = e;
                    boolean tryNext = scheme.equals("http") ? notHttp(e.getCause()) : e.getCause() instanceof SSLException && !isCertificateProblem(e.getCause());
                    if (!(tryNext && more)) break;
                }
            }
            throw last;
        }
    }

    /**
     * Whether a plain-HTTP attempt got an answer that is not HTTP at all (a TLS server's bytes):
     * only then is HTTPS tried instead. A reset, a refused connection or an answer cut short is a
     * network fault, retried and reported as such.
     */
    private static boolean notHttp(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.ProtocolException) return true; // "Unexpected status line"
            String m = c.getMessage();
            // OkHttp's EOF with bytes that hold no line break: something answered, but not with an HTTP status line
            if (c instanceof java.io.EOFException && m != null && m.contains("\\n not found") && !m.contains("limit=0")) return true;
        }
        return false;
    }

    private static boolean isCertificateProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateException || c instanceof SSLPeerUnverifiedException) return true;
            String m = c.getMessage();
            if (m != null && (m.contains("PKIX") || m.contains("certificate"))) return true;
        }
        return false;
    }

    private Credentials credentials() throws RegistryException {
        if (options.credentials() != null) return options.credentials();
        if (!shared.credentialsLoaded) {
            synchronized (shared) {
                if (!shared.credentialsLoaded) {
                    try {
                        shared.credentials = credentialSource == null ? null : credentialSource.lookup(registry).orElse(null);
                    } catch (IOException e) {
                        throw new RegistryException(Text.of("remote.op.look_up_credentials", registry), 0, List.of(), e.getMessage(), false, e);
                    }
                    shared.credentialsLoaded = true;
                }
            }
        }
        return shared.credentials;
    }

    // ---------------------------------------------------------------- manifests

    /** HEAD a manifest: its digest, or empty when the tag or digest is not there. */
    public Optional<ManifestHead> headManifest(String repository, String reference) throws RegistryException {
        Text op = Text.of("remote.op.check_manifest", repository + ":" + reference, registry);
        String dcd, ct;
        long len;
        try (Response r = send(op, "HEAD", url("v2/" + repository + "/manifests/" + reference), acceptHeaders(), null,
                true, Scopes.pull(repository), 404)) {
            if (r.code() == 404) return Optional.empty();
            dcd = r.header("Docker-Content-Digest");
            ct = r.header("Content-Type");
            len = parseLong(r.header("Content-Length"), -1);
        }
        if (dcd == null) {
            // some registries do not send the digest on HEAD: fall back to a GET (after the HEAD gave back its connection)
            Manifest m = getManifest(repository, reference);
            return Optional.of(new ManifestHead(m.digest(), m.mediaType(), m.size()));
        }
        return Optional.of(new ManifestHead(parseDigest(op, dcd), ct == null ? null : ct.split(";")[0].trim(), len));
    }

    /**
     * GET a manifest's exact bytes. When {@code reference} is a digest the bytes must hash to it;
     * otherwise they must match the registry's {@code Docker-Content-Digest} when it sends one.
     */
    public Manifest getManifest(String repository, String reference) throws RegistryException {
        Text op = Text.of("remote.op.get_manifest", repository + (reference.contains(":") ? "@" : ":") + reference, registry);
        // a GET of a manifest is a pull: none is spent once the registry said none is left (a HEAD is not one)
        Duration spent = shared.pullLimits.beforePull(op, registry, java.time.Instant.now());
        if (!spent.isZero()) pause(op, 1, spent, Text.of("remote.detail.pull_limit_wait", registry, PullLimits.human(spent)));
        // read whole in the retry loop: a reset inside the body, a stall or bytes that do not hash as they must are fetched again
        return fetch(op, url("v2/" + repository + "/manifests/" + reference), acceptHeaders(), Scopes.pull(repository), r -> {
            ResponseBody body = r.body();
            long len = body.contentLength();
            if (len > MAX_MANIFEST_BYTES) throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.manifest_too_large", len), false, null);
            byte[] raw = readBounded(body.byteStream(), MAX_MANIFEST_BYTES, op);
            if (len >= 0 && raw.length != len) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_ended", raw.length, len), true, null);
            Digest actual = Digest.sha256(raw);
            if (reference.startsWith("sha256:") && !actual.toString().equals(reference)) {
                throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.manifest_digest", actual), true, null);
            }
            String dcd = r.header("Docker-Content-Digest");
            if (dcd != null && dcd.startsWith("sha256:") && !dcd.equals(actual.toString())) {
                throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.manifest_hash", actual, dcd), true, null);
            }
            try {
                return Manifest.parse(raw, r.header("Content-Type"));
            } catch (UnsupportedManifestException e) {
                throw new RegistryException(op, 0, List.of("UNSUPPORTED"), e.getMessage(), false, e);
            }
        });
    }

    /**
     * PUT a manifest's exact bytes under a tag or its digest, with its own media type.
     *
     * @return whether the registry answered with {@code OCI-Subject} (distribution spec 1.1): it indexed the manifest's
     *         {@code subject} for its referrers API, so no client needs to keep the referrers tag schema's index there
     */
    public boolean putManifest(String repository, String reference, Manifest manifest) throws RegistryException {
        Text op = Text.of("remote.op.push_manifest", manifest.digest().shortForm(), registry + "/" + repository
                + (reference.contains(":") ? "@" : ":") + reference);
        RequestBody body = RequestBody.create(manifest.bytes(), MediaType.get(manifest.mediaType()));
        try (Response r = send(op, "PUT", url("v2/" + repository + "/manifests/" + reference), Headers.of(), body,
                true, Scopes.push(repository))) {
            String dcd = r.header("Docker-Content-Digest");
            if (dcd != null && dcd.startsWith("sha256:") && !dcd.equals(manifest.digest().toString())) {
                throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.stored_instead", dcd, manifest.digest()), false, null);
            }
            return r.header("OCI-Subject") != null;
        }
    }

    /**
     * The referrers of {@code subject} from the referrers API ({@code GET /v2/<name>/referrers/<digest>}, distribution
     * spec 1.1), every page of it (as index bytes, one per page); empty when the registry does not have that API (it
     * answers 404), so the caller falls back to the referrers tag schema.
     */
    public Optional<List<byte[]>> referrers(String repository, Digest subject) throws RegistryException {
        Text op = Text.of("remote.op.list_referrers", subject.shortForm(), registry + "/" + repository);
        List<byte[]> pages = new ArrayList<>();
        HttpUrl next = url("v2/" + repository + "/referrers/" + subject);
        Headers accept = Headers.of("Accept", MediaTypes.OCI_INDEX);
        while (next != null) {
            HttpUrl at = next;
            record Answer(byte[] body, HttpUrl next, boolean missing) {}
            Answer a;
            try (Response r = send(op, "GET", at, accept, null, true, Scopes.pull(repository), 404, 405)) {
                if (r.code() == 404 || r.code() == 405) {
                    if (pages.isEmpty()) return Optional.empty();
                    break;
                }
                a = new Answer(readBounded(r.body().byteStream(), MAX_MANIFEST_BYTES, op), nextLink(op, r), false);
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                throw failed(op, e);
            }
            pages.add(a.body());
            next = a.next();
            if (pages.size() > 100) break; // bounded: a registry that pages forever does not hold the job
        }
        return Optional.of(pages);
    }

    private static Headers acceptHeaders() {
        return Headers.of("Accept", String.join(", ", MediaTypes.MANIFEST_ACCEPT));
    }

    // ---------------------------------------------------------------- blobs

    public boolean hasBlob(String repository, Digest digest) throws RegistryException {
        Text op = Text.of("remote.op.check_blob", digest.shortForm(), registry + "/" + repository);
        try (Response r = send(op, "HEAD", url("v2/" + repository + "/blobs/" + digest), Headers.of(), null,
                true, Scopes.pull(repository), 404)) {
            return r.code() != 404;
        }
    }

    /**
     * Opens a blob for reading (redirects followed; OkHttp does not send the Authorization header to
     * another host). The stream is raw: the caller verifies it.
     */
    public InputStream getBlob(String repository, Descriptor blob) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob", blob.digest().shortForm(), registry + "/" + repository);
        Response r = send(op, "GET", url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of(), null,
                true, Scopes.pull(repository));
        InputStream in = blobBody(r);
        return new FilterInputStream(in) {
            @Override public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw failed(op, e);
                }
            }

            @Override public void close() {
                r.close();
            }
        };
    }

    /**
     * The body of a blob's answer as a stream, without okio's per-read timeout: a blob is read in reads of a segment
     * (8 KiB) each, and each read with a timeout enters okio's {@code AsyncTimeout} queue and wakes its watchdog thread
     * — two context switches per 8 KiB, a third of the CPU a loopback copy spent. A stalled connection is still given
     * up after the stall timeout: OkHttp sets the socket's own {@code SO_TIMEOUT} to the same read timeout, and a
     * blocked read then fails with a {@link SocketTimeoutException} as before. A cancelled call still closes the socket.
     */
    private static InputStream blobBody(Response r) {
        r.body().source().timeout().clearTimeout();
        return r.body().byteStream();
    }

    /**
     * A small blob (a config), whole and checked against its descriptor. It is read in the retry
     * loop: a connection broken or stalled inside it, or bytes that do not hash to its digest, are
     * fetched again, as often as any request.
     */
    public byte[] readBlob(String repository, Descriptor blob) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob", blob.digest().shortForm(), registry + "/" + repository);
        if (blob.size() > MAX_MANIFEST_BYTES * 2L) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.not_small_blob", blob.size()), false, null);
        return fetch(op, url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of(), Scopes.pull(repository), r -> {
            byte[] b = r.body().byteStream().readNBytes((int) blob.size() + 1);
            if (b.length < blob.size()) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_ended", b.length, blob.size()), true, null);
            if (b.length > blob.size()) throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.more_than_declared", blob.size()), false, null);
            java.security.MessageDigest md = blob.digest().newMessageDigest();
            Digest actual = Digest.of(blob.digest().algorithm(), md.digest(b));
            if (!actual.equals(blob.digest())) {
                throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.bytes_hash", actual), true, null);
            }
            return b;
        });
    }

    /** Blobs this large may turn into parallel byte ranges when their connection proves slow. */
    static final long RANGED_THRESHOLD = 32L * 1024 * 1024;
    static final int RANGE_CHUNK = 4 * 1024 * 1024;
    static final int RANGE_CONNECTIONS = 4;

    /** The rest of a blob from byte {@code from} on, as one stream. */
    private InputStream getBlobFrom(String repository, Descriptor blob, long from) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob_from", blob.digest().shortForm(), from, registry + "/" + repository);
        Response r = send(op, "GET", url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of("Range", "bytes=" + from + "-"),
                null, true, Scopes.pull(repository));
        if (r.code() != 206) {
            r.close();
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.ranges_stopped"), true, null);
        }
        InputStream in = blobBody(r);
        return new FilterInputStream(in) {
            @Override public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw failed(op, e);
                }
            }

            @Override public void close() {
                r.close();
            }
        };
    }

    /**
     * Opens a blob for reading, as {@link #getBlob} does. A large blob resumes from where its
     * connection was cut, and turns into parallel byte ranges when one connection proves slow
     * while this machine has processor time to spare (see {@link AdaptiveBlobStream}).
     */
    public InputStream getBlobFast(String repository, Descriptor blob) throws RegistryException {
        if (blob.size() < RANGED_THRESHOLD) return getBlob(repository, blob);
        SystemLoad.prime();
        return new AdaptiveBlobStream(blob, getBlob(repository, blob), new AdaptiveBlobStream.Opener() {
            @Override public InputStream from(long offset) throws IOException {
                return getBlobFrom(repository, blob, offset);
            }

            @Override public RangedBlobStream ranges(long start) throws IOException {
                if (shared.rangesRefused) return null;
                // extra connections only while the registry has free slots (more are taken as others free up): never more than its limit
                int connections = shared.gate.borrow(registry, RANGE_CONNECTIONS);
                if (connections == 0) return RangedBlobStream.NOT_NOW;
                return new RangedBlobStream(blob, start, (from, len) -> {
                    byte[] b = covered(() -> fetchRange(repository, blob, from, len));
                    if (b == null) {
                        shared.rangesRefused = true;
                        throw new RegistryException(Text.of("remote.op.pull_blob", blob.digest().shortForm(), registry + "/" + repository),
                                200, List.of(), Text.of("remote.detail.no_ranges"), false, null);
                    }
                    return b;
                }, RANGE_CHUNK, connections, RANGE_CONNECTIONS, new RangedBlobStream.Lender() {
                    @Override public int lend(int max) { return shared.gate.borrow(registry, max); }

                    @Override public void giveBack(int n) { shared.gate.giveBack(registry, n); }
                }, shared.rangeReads.budget, shared.rangeReads.pool, 0).start();
            }
        }, RANGE_CHUNK, options.retry().retries());
    }

    /**
     * Bytes {@code [from, from+length)} of a blob, or null when the registry ignores {@code Range}.
     * Read whole in the retry loop: a range cut short or the wrong range is fetched again.
     */
    private byte[] fetchRange(String repository, Descriptor blob, long from, int length) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob_range", blob.digest().shortForm(), from + "-" + (from + length - 1), registry + "/" + repository);
        return fetch(op, url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of("Range", "bytes=" + from + "-" + (from + length - 1)),
                Scopes.pull(repository), r -> {
                    if (r.code() != 206) return null;
                    String cr = r.header("Content-Range");
                    if (cr != null && !cr.startsWith("bytes " + from + "-")) {
                        throw new RegistryException(op, 206, List.of(), Text.of("remote.detail.wrong_range", cr), true, null);
                    }
                    byte[] b = r.body().byteStream().readNBytes(length + 1);
                    if (b.length != length) throw new RegistryException(op, 206, List.of(), Text.of("remote.detail.range_length", b.length, length), true, null);
                    return b;
                });
    }

    /**
     * Mounts a blob from another repository of this registry. True when mounted (201); false when
     * the registry started an upload instead (202, which is cancelled) or refused.
     */
    public boolean mountBlob(String repository, Digest digest, String fromRepository) throws RegistryException {
        Text op = Text.of("remote.op.mount_blob", digest.shortForm(), registry + "/" + fromRepository, repository);
        HttpUrl u = url("v2/" + repository + "/blobs/uploads/").newBuilder()
                .addQueryParameter("mount", digest.toString()).addQueryParameter("from", fromRepository).build();
        Set<String> scopes = Scopes.union(Scopes.push(repository), Scopes.pull(fromRepository));
        HttpUrl cancel = null;
        try (Response r = send(op, "POST", u, Headers.of(), RequestBody.create(new byte[0], null), true, scopes)) {
            if (r.code() == 201) return true;
            String location = r.header("Location");
            if (r.code() == 202 && location != null) cancel = resolve(op, r, location);
        }
        if (cancel != null) {
            try (Response ignored = send(Text.of("remote.op.cancel_upload", repository), "DELETE", cancel, Headers.of(), null, false, Scopes.push(repository), 404, 405)) {
                // best effort: the upload session expires by itself otherwise
            } catch (RegistryException e) {
                // not worth failing the copy
            }
        }
        return false;
    }

    /**
     * Uploads a blob: POST to open an upload, then one streamed PUT, or PATCH chunks and a closing
     * PUT when chunked uploads are configured or the registry refused a large body (413).
     * {@code content} is read exactly once; on failure the caller reopens and calls again.
     */
    public void pushBlob(String repository, Descriptor blob, InputStream content) throws RegistryException {
        Text op = Text.of("remote.op.push_blob", blob.digest().shortForm(), registry + "/" + repository);
        HttpUrl location;
        try (Response r = send(op, "POST", url("v2/" + repository + "/blobs/uploads/"), Headers.of(),
                RequestBody.create(new byte[0], null), true, Scopes.push(repository))) {
            String loc = r.header("Location");
            if (r.code() != 202 || loc == null) {
                throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.no_location"), false, null);
            }
            location = resolve(op, r, loc);
        }
        long chunk = shared.chunkSize;
        if (chunk <= 0) {
            HttpUrl put = location.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
            try (Response r = send(op, "PUT", put, Headers.of(), new StreamBody(content, blob.size(), blob.size()),
                    false, Scopes.push(repository), 413)) {
                if (r.code() == 413) {
                    shared.chunkSize = 8L * 1024 * 1024;
                    throw new RegistryException(op, 413, List.of(), Text.of("remote.detail.body_refused", blob.size()), true, null);
                }
                checkUploaded(op, r, blob);
            }
            return;
        }
        long offset = 0;
        while (offset < blob.size()) {
            long n = Math.min(chunk, blob.size() - offset);
            Headers h = Headers.of("Content-Range", offset + "-" + (offset + n - 1));
            try (Response r = send(op, "PATCH", location, h, new StreamBody(content, n, blob.size()),
                    false, Scopes.push(repository), 413, 416)) {
                if (r.code() == 413 && chunk > 256 * 1024) {
                    shared.chunkSize = Math.max(256 * 1024, chunk / 4);
                    throw new RegistryException(op, 413, List.of(), Text.of("remote.detail.chunk_too_large", n), true, null);
                }
                if (r.code() >= 400) throw error(op, r, Text.of("remote.detail.chunk_refused", offset));
                String loc = r.header("Location");
                if (loc != null) location = resolve(op, r, loc);
            }
            offset += n;
        }
        // the stream must reach its end so that it verifies the digest before we commit
        try {
            if (content.read() != -1) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.blob_longer"), false, null);
        } catch (IOException e) {
            throw asRegistryException(op, e);
        }
        HttpUrl put = location.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
        try (Response r = send(op, "PUT", put, Headers.of(), RequestBody.create(new byte[0], OCTET), false, Scopes.push(repository))) {
            checkUploaded(op, r, blob);
        }
    }

    /**
     * Uploads a blob whose digest is learnt as it streams (a layer compressed while it is pushed):
     * POST to open an upload, one PATCH that streams the bytes while they are hashed, and only when
     * {@code content} ended without failing the PUT {@code ?digest=} that commits the blob. On any
     * failure the upload is cancelled: a blob read only in part is never committed. Not retried here
     * ({@code content} is a stream); returns the blob's descriptor.
     */
    public Descriptor pushNewBlob(String repository, String mediaType, InputStream content) throws RegistryException {
        Text op = Text.of("remote.op.push_new_blob", registry + "/" + repository);
        HttpUrl location;
        try (Response r = send(op, "POST", url("v2/" + repository + "/blobs/uploads/"), Headers.of(),
                RequestBody.create(new byte[0], null), true, Scopes.push(repository))) {
            String loc = r.header("Location");
            if (r.code() != 202 || loc == null) {
                throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.no_location"), false, null);
            }
            location = resolve(op, r, loc);
        }
        java.security.MessageDigest sha = Digest.sha256(new byte[0]).newMessageDigest();
        long[] size = new long[1];
        boolean committed = false;
        try {
            RequestBody body = new RequestBody() {
                @Override public MediaType contentType() { return OCTET; }

                @Override public long contentLength() { return -1; }

                @Override public boolean isOneShot() { return true; }

                @Override public void writeTo(BufferedSink sink) throws IOException {
                    byte[] buf = new byte[1 << 16];
                    OutputStream out = sink.outputStream();
                    for (int n; (n = content.read(buf)) >= 0; ) {
                        sha.update(buf, 0, n);
                        size[0] += n;
                        out.write(buf, 0, n);
                    }
                    out.flush();
                }
            };
            try (Response r = send(op, "PATCH", location, Headers.of(), body, false, Scopes.push(repository))) {
                if (r.code() >= 400) throw error(op, r, Text.of("remote.detail.chunk_refused", 0));
                String loc = r.header("Location");
                if (loc != null) location = resolve(op, r, loc);
            }
            Descriptor blob = new Descriptor(mediaType, Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(sha.digest())), size[0]);
            HttpUrl put = location.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
            try (Response r = send(op, "PUT", put, Headers.of(), RequestBody.create(new byte[0], OCTET), false, Scopes.push(repository))) {
                checkUploaded(op, r, blob);
            }
            committed = true;
            return blob;
        } finally {
            if (!committed) {
                try (Response ignored = send(Text.of("remote.op.cancel_upload", repository), "DELETE", location, Headers.of(), null, false, Scopes.push(repository), 404, 405)) {
                    // best effort: the upload session expires by itself otherwise
                } catch (RegistryException e) {
                    // the upload stays uncommitted either way
                }
            }
        }
    }

    private void checkUploaded(Text op, Response r, Descriptor blob) throws RegistryException {
        if (r.code() != 201 && r.code() != 204 && r.code() != 200) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.unexpected_upload_answer"), true, null);
        }
        String dcd = r.header("Docker-Content-Digest");
        if (dcd != null && dcd.startsWith(blob.digest().algorithm() + ":") && !dcd.equals(blob.digest().toString())) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.stored_digest", dcd), false, null);
        }
    }

    /** Streams exactly {@code length} bytes of {@code in} as a request body; one shot. */
    private static final class StreamBody extends RequestBody {
        private final InputStream in;
        private final long length;
        private final long total;

        StreamBody(InputStream in, long length, long total) {
            this.in = in;
            this.length = length;
            this.total = total;
        }

        @Override public MediaType contentType() { return OCTET; }

        @Override public long contentLength() { return length; }

        @Override public boolean isOneShot() { return true; }

        @Override public void writeTo(BufferedSink sink) throws IOException {
            byte[] buf = new byte[64 * 1024];
            long left = length;
            OutputStream out = sink.outputStream();
            while (left > 0) {
                // a source answers a segment (8 KiB) per read: the buffer is filled first, so each write to the
                // socket (and each entry into its write timeout) carries 64 KiB, not 8
                int want = (int) Math.min(buf.length, left), n = 0;
                while (n < want) {
                    int r = in.read(buf, n, want - n);
                    if (r < 0) throw new LocalizedIOException(Text.of("remote.detail.blob_ended", total - left + n, total));
                    n += r;
                }
                out.write(buf, 0, n);
                left -= n;
            }
            if (length == total && in.read() != -1) {
                // reaching the end makes a verifying stream check the digest before the request completes
                throw new LocalizedIOException(Text.of("remote.detail.blob_longer_than", total));
            }
            out.flush();
        }
    }

    // ---------------------------------------------------------------- listing

    /** All tags of a repository, following {@code Link} pagination. */
    public List<String> tags(String repository) throws RegistryException {
        Text op = Text.of("remote.op.list_tags", registry + "/" + repository);
        List<String> out = new ArrayList<>();
        HttpUrl next = url("v2/" + repository + "/tags/list").newBuilder().addQueryParameter("n", String.valueOf(pageSize)).build();
        while (next != null) {
            Page page = fetch(op, next, Headers.of(), Scopes.pull(repository), r -> new Page(readAnswer(op, r), nextLink(op, r)));
            page.json().path("tags").forEach(t -> out.add(t.asText()));
            next = page.next();
        }
        return out;
    }

    /** Repository names from {@code _catalog}, following pagination, at most {@code max} (0: all). */
    public List<String> catalog(int max) throws RegistryException {
        Text op = Text.of("remote.op.list_repositories", registry);
        List<String> out = new ArrayList<>();
        HttpUrl next = url("v2/_catalog").newBuilder().addQueryParameter("n", String.valueOf(pageSize)).build();
        while (next != null && (max <= 0 || out.size() < max)) {
            Page page = fetch(op, next, Headers.of(), Scopes.catalog(), r -> new Page(readAnswer(op, r), nextLink(op, r)));
            page.json().path("repositories").forEach(t -> out.add(t.asText()));
            next = page.next();
        }
        return max > 0 && out.size() > max ? out.subList(0, max) : out;
    }

    /** One page of a listing and the link to the next. */
    private record Page(JsonNode json, HttpUrl next) {}

    /** A JSON answer read whole; an answer cut short or garbled in transit is worth fetching again. */
    private static JsonNode readAnswer(Text op, Response r) throws IOException {
        byte[] raw = readBounded(r.body().byteStream(), 64 * 1024 * 1024, op);
        long len = r.body().contentLength();
        if (len >= 0 && raw.length != len) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_ended", raw.length, len), true, null);
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.not_json"), true, e);
        }
    }

    private HttpUrl nextLink(Text op, Response r) throws RegistryException {
        String link = r.header("Link");
        if (link == null) return null;
        Matcher m = LINK_NEXT.matcher(link);
        return m.find() ? resolve(op, r, m.group(1)) : null;
    }

    private static JsonNode readJson(Text op, Response r) throws RegistryException {
        try {
            byte[] raw = readBounded(r.body().byteStream(), 64 * 1024 * 1024, op);
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.not_json"), false, e);
        }
    }

    // ---------------------------------------------------------------- the request loop

    private HttpUrl url(String path) throws RegistryException {
        ping();
        return shared.base.resolve(path);
    }

    /** Where the answer {@code r} points ({@code Location}, {@code Link}), against the URL it answered. */
    private static HttpUrl resolve(Text op, Response r, String location) throws RegistryException {
        HttpUrl u = r.request().url().resolve(location);
        if (u == null) throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.invalid_location", location), false, null);
        return u;
    }

    @FunctionalInterface
    private interface Attempt {
        Response run() throws IOException;
    }

    /**
     * Runs a network attempt with retries on connection failures and retryable statuses (ping and
     * tokens). The answer is small and read whole inside the loop, so a connection that breaks in
     * its body is retried too.
     */
    private Response withRetries(Text op, Attempt attempt, boolean replayable) throws RegistryException {
        int tries = 0;
        while (true) {
            try {
                Response r = buffered(attempt.run());
                if (replayable && retryableStatus(r.code()) && tries < options.retry().retries()) {
                    Duration after = retryAfter(r);
                    if (!RetryPolicy.waitsFor(after)) throw waitTooLong(op, error(op, r, null), after);
                    Duration d = options.retry().delay(++tries, after);
                    String reason = "HTTP " + r.code();
                    r.close();
                    pause(op, tries, d, Text.verbatim(reason));
                    continue;
                }
                return r;
            } catch (RegistryException e) {
                throw e;
            } catch (IOException e) {
                if (e instanceof SSLException || e instanceof UnknownHostException || !replayable || scope.isCancelled()
                        || tries >= options.retry().retries() || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
                    throw replayable ? failed(op, e).tried() : failed(op, e);
                }
                Duration d = options.retry().delay(++tries, null);
                pause(op, tries, d, failed(op, e).detailText());
            }
        }
    }

    /** The answer with its (small) body read into memory; a failure while reading it is the attempt's. */
    private static Response buffered(Response r) throws IOException {
        try (r) {
            byte[] b = readBounded(r.body().byteStream(), 1024 * 1024, Text.verbatim(r.request().url().encodedPath()));
            return r.newBuilder().body(ResponseBody.create(b, r.body().contentType())).build();
        }
    }

    /** A registry asking to wait longer than is waited for: it fails now, with the registry's own wait. */
    private static RegistryException waitTooLong(Text op, RegistryException e, Duration after) {
        long secs = after.toSeconds();
        String wait = secs >= 120 ? secs + " s (" + (secs + 59) / 60 + " min)" : secs + " s";
        return new RegistryException(op, e.status(), e.codes(), Text.of("remote.detail.wait_too_long", wait, RetryPolicy.MAX_RETRY_AFTER.toMinutes()), false, null);
    }

    /** How many times one request was tried, shared by every layer of the loop that retries it. */
    private static final class Tries {
        int used;
    }

    /** What reads a whole answer; an IOException while reading is a broken answer, tried again. */
    @FunctionalInterface
    private interface BodyReader<T> {
        T read(Response r) throws IOException;
    }

    /**
     * A GET whose answer is read whole: a connection broken inside the body, a stall, or bytes that
     * fail their check (a retryable {@link RegistryException} from {@code reader}) are tried again,
     * in the same count as the request's own retries, so it is tried {@code retries + 1} times in all.
     */
    private <T> T fetch(Text op, HttpUrl url, Headers headers, Set<String> scopes, BodyReader<T> reader) throws RegistryException {
        Tries tries = new Tries();
        while (true) {
            RegistryException failure;
            try (Response r = send(op, "GET", url, headers, null, true, scopes, tries)) {
                return reader.read(r);
            } catch (RegistryException e) {
                failure = e;
            } catch (IOException e) {
                failure = failed(op, e);
            }
            // send's own failures come here tried (not retryable); the body's come here fresh
            if (!failure.isRetryable() || scope.isCancelled()) throw failure;
            if (tries.used >= options.retry().retries()) throw failure.tried();
            tries.used++;
            pause(op, tries.used, options.retry().delay(tries.used, null), failure.detailText());
        }
    }

    private void pause(Text op, int attempt, Duration d, Text reason) throws RegistryException {
        if (scope.isCancelled()) throw new RegistryException(op, 0, List.of(), Text.of("engine.cancelled"), false, null); // no retry to announce
        scope.retryListener().retrying(op, attempt, d, reason);
        try {
            scope.sleep(op.english(), d);
        } catch (InterruptedIOException ie) {
            throw new RegistryException(op, 0, List.of(), Text.of("engine.cancelled"), false, ie);
        }
    }

    /**
     * Runs one HTTP exchange in this view's scope: cancelled with it, and, when {@code gated},
     * holding one of the registry's connection slots until the answer is closed (the pool's
     * event listener gives the slot back when the call ends).
     */
    private Response execute(Text op, Request request, boolean gated) throws IOException {
        scope.checkOpen(op.english());
        ConnectionGate.Slot slot = gated ? shared.gate.request(registry, scope, op.english()) : ConnectionGate.Slot.NONE;
        // the pool's client detects stalls (its timeouts are the stall time); the answer that completes an upload may take longer
        okhttp3.Call call = (completesUpload(request) ? shared.patient : http).newCall(request.newBuilder().tag(Ticket.class, new Ticket(scope, slot)).build());
        try {
            return call.execute();
        } catch (IOException | RuntimeException e) {
            slot.release();
            scope.untrack(call);
            throw e;
        }
    }

    /** The PUT that ends an upload ({@code ?digest=}): the registry checks the blob before it answers. */
    private static boolean completesUpload(Request request) {
        return request.method().equals("PUT") && request.url().queryParameter("digest") != null;
    }

    /** What a call carries for the pool's event listener: its scope, and the slot to give back when it ends. */
    record Ticket(CallScope scope, ConnectionGate.Slot slot) {}

    /** Runs a range fetch on a borrowed connection slot (see {@link ConnectionGate#covered}). */
    private byte[] covered(java.util.concurrent.Callable<byte[]> fetch) throws IOException {
        try {
            return shared.gate.covered(registry, fetch);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private Response send(Text op, String method, HttpUrl url, Headers headers, RequestBody body, boolean replayable,
                          Set<String> scopes, int... accepted) throws RegistryException {
        return send(op, method, url, headers, body, replayable, scopes, new Tries(), accepted);
    }

    private Response send(Text op, String method, HttpUrl url, Headers headers, RequestBody body, boolean replayable,
                          Set<String> scopes, Tries tries, int... accepted) throws RegistryException {
        boolean authRetried = false;
        Set<String> wanted = new LinkedHashSet<>(scopes);
        while (true) {
            Request.Builder rb = new Request.Builder().url(url).headers(headers).method(method, body);
            String auth = authorization(op, wanted, false);
            if (auth != null) rb.header("Authorization", auth);
            Response r;
            try {
                if (rateLimiter != null) rateLimiter.acquire();
                r = execute(op, rb.build(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException(op, 0, List.of(), "interrupted", false, e);
            } catch (IOException e) {
                if (!replayable || e instanceof SSLException || e instanceof UnknownHostException || scope.isCancelled()
                        || tries.used >= options.retry().retries() || Thread.currentThread().isInterrupted()) {
                    // a replayable request was tried here as often as it will be: no layer above tries it again
                    RegistryException f = failed(op, e, completesUpload(rb.build()));
                    throw replayable ? f.tried() : f;
                }
                Duration d = options.retry().delay(++tries.used, null);
                pause(op, tries.used, d, failed(op, e).detailText());
                continue;
            }
            int s = r.code();
            shared.pullLimits.observe(registry, r::header, java.time.Instant.now());
            if (s == 429 && method.equals("GET")) {
                // the registry says its pull limit is spent: trying again now is pointless; wait for it if told to, else say when it frees
                Duration spent;
                try {
                    spent = shared.pullLimits.beforePull(op, registry, java.time.Instant.now());
                } catch (RegistryException e) {
                    r.close();
                    throw e;
                }
                if (!spent.isZero()) { // told to wait for the limit: this refusal is not a try
                    r.close();
                    pause(op, tries.used + 1, spent, Text.of("remote.detail.pull_limit_wait", registry, PullLimits.human(spent)));
                    continue;
                }
            }
            if (s == 401 && !authRetried) {
                Challenge c = Challenge.parse(r.header("WWW-Authenticate"));
                r.close();
                authRetried = true;
                if (c != null) {
                    if (c.isBearer() && c.scope() != null) wanted.addAll(Scopes.parse(c.scope()));
                    shared.challenge = c;
                }
                tokens.invalidate(wanted);
                authorization(op, wanted, true);
                if (!replayable) {
                    throw new RegistryException(op, 401, List.of(), Text.of("remote.detail.authorization_expired"), true, null);
                }
                continue;
            }
            if (s < 400 || contains(accepted, s)) return r;
            if (s == 401) throw refused(op, r, auth);
            RegistryException e = error(op, r, null);
            if (replayable && e.isRetryable() && tries.used < options.retry().retries()) {
                Duration after = retryAfter(r);
                if (!RetryPolicy.waitsFor(after)) throw waitTooLong(op, e, after);
                Duration d = options.retry().delay(++tries.used, after);
                pause(op, tries.used, d, Text.verbatim("HTTP " + s));
                continue;
            }
            throw replayable ? e.tried() : e;
        }
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    static boolean retryableStatus(int s) {
        return s == 408 || s == 429 || s >= 500;
    }

    private static Duration retryAfter(Response r) {
        String v = r.header("Retry-After");
        if (v == null) return null;
        try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(ZonedDateTime.now(t.getZone()), t);
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    /** Builds the typed error for a failed answer and closes it. */
    private RegistryException error(Text op, Response r, Text detail) {
        int s = r.code();
        List<String> codes = new ArrayList<>();
        String message = null;
        try (r) {
            if (!"HEAD".equals(r.request().method())) {
                byte[] raw = readBounded(r.body().byteStream(), 64 * 1024, op);
                JsonNode n = JSON.readTree(raw);
                if (n != null) {
                    for (JsonNode e : n.path("errors")) {
                        codes.add(e.path("code").asText());
                        if (message == null && !e.path("message").asText("").isEmpty()) message = e.path("message").asText();
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no JSON error body: the status says enough
        }
        boolean reading = r.request().method().equals("GET") || r.request().method().equals("HEAD");
        Text d = detail != null ? detail : switch (s) {
            case 401 -> credentialsHint();
            case 403 -> Text.of(reading ? "remote.detail.denied_read" : "remote.detail.denied_write");
            case 404 -> message != null ? Text.of("remote.detail.not_found_said", message) : Text.of("remote.detail.not_found");
            case 429 -> Text.of("remote.detail.rate_limited");
            default -> message != null ? Text.verbatim(message) : Text.of(s >= 500 ? "remote.detail.failed" : "remote.detail.refused");
        };
        return new RegistryException(op, s, codes, d, retryableStatus(s), null);
    }

    private Text credentialsHint() {
        Credentials c;
        try {
            c = credentials();
        } catch (RegistryException e) {
            return e.text();
        }
        return AuthRefusal.rejected(c, registry, AuthRefusal.theRegistry());
    }

    /**
     * The registry's 401 to a request that carried {@code sent} (or no authorization), once the
     * token was fetched again: told by the step that failed (see {@link AuthRefusal}).
     */
    private RegistryException refused(Text op, Response r, String sent) throws RegistryException {
        Challenge answer = Challenge.parse(r.header("WWW-Authenticate"));
        List<String> codes = error(op, r, Text.verbatim("")).codes(); // reads the registry's error codes and closes the answer
        Challenge known = shared.challenge;
        HttpUrl realm = known == null || known.realm() == null ? null : HttpUrl.parse(known.realm());
        String tokenService = realm == null ? null : realm.host() + ":" + realm.port();
        return AuthRefusal.byRegistry(op, codes, credentials(), registry, sent, answer, tokenService);
    }

    /**
     * The typed failure of an exchange. A timeout is the stall detector's: no byte came (or could be
     * sent) for the stall time, so the connection is given up and the request retried or the blob
     * resumed; for the answer to an upload's last request, it is that answer's longer wait.
     */
    private RegistryException failed(Text op, IOException e, boolean patient) {
        if (e instanceof SocketTimeoutException && !scope.isCancelled() && (e.getMessage() == null || !e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect"))) {
            Text what = patient ? Text.of("remote.detail.no_answer", seconds(options.readTimeout()))
                    : Text.of("remote.detail.stalled", seconds(options.stallTimeout()));
            return new RegistryException(op, 0, List.of(), what, true, e);
        }
        return asRegistryException(op, e);
    }

    private RegistryException failed(Text op, IOException e) {
        return failed(op, e, false);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static RegistryException asRegistryException(Text op, IOException e) {
        if (e instanceof RegistryException re) return re;
        boolean retryable = !(e instanceof SSLException) && !(e instanceof UnknownHostException);
        return new RegistryException(op, 0, List.of(), describe(e), retryable, e);
    }

    static Text describe(IOException e) {
        if (e instanceof UnknownHostException) return Text.of("remote.detail.unknown_host", e.getMessage());
        if (e instanceof ConnectException) return Text.of("remote.detail.connection_refused", e.getMessage());
        if (e instanceof SocketTimeoutException) return Text.of("remote.detail.timed_out", e.getMessage());
        Text outOfDate = e instanceof SSLException ? CertificateDates.describe(e) : null;
        if (outOfDate != null) return outOfDate;
        if (e instanceof SSLHandshakeException && isCertificateProblem(e)) return Text.of("remote.detail.tls_untrusted", rootMessage(e));
        if (e instanceof SSLException) return Text.of("remote.detail.tls_failed", rootMessage(e));
        String m = e.getMessage();
        return Text.verbatim(m == null ? e.getClass().getSimpleName() : m);
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) c = c.getCause();
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    // ---------------------------------------------------------------- authorization

    /** The Authorization header for a request needing {@code scopes}, fetching a token if needed. */
    private String authorization(Text op, Set<String> scopes, boolean refresh) throws RegistryException {
        Challenge c = shared.challenge;
        if (c == null) return null;
        Credentials creds = credentials();
        if (c.isBasic()) {
            if (creds == null || creds.isIdentityToken()) return null;
            HttpUrl base = shared.base;
            if (base != null && !PlainHttp.credentialsMayGo(base.scheme(), registry, options)) throw AuthRefusal.cleartext(op, registry, registry);
            return creds.basicHeader();
        }
        if (!c.isBearer()) return null;
        TokenCache.Token t = refresh ? null : tokens.find(scopes);
        if (t == null) {
            synchronized (tokens) {
                t = refresh ? null : tokens.find(scopes);
                if (t == null) {
                    t = fetchToken(op, c, scopes, creds);
                    tokens.put(t);
                }
            }
        }
        return "Bearer " + t.value();
    }

    private TokenCache.Token fetchToken(Text op, Challenge c, Set<String> scopes, Credentials creds) throws RegistryException {
        String realm = c.realm();
        HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
        if (realmUrl == null) throw new RegistryException(op, 401, List.of(), Text.of("remote.detail.realm_not_url", realm), false, null);
        Text what = Text.of("remote.op.get_token", realmUrl.host(), registry);
        String realmHost = (realmUrl.host().indexOf(':') >= 0 ? "[" + realmUrl.host() + "]" : realmUrl.host()) + ":" + realmUrl.port();
        if (creds != null && !PlainHttp.credentialsMayGo(realmUrl.scheme(), realmHost, options)) throw AuthRefusal.cleartext(what, registry, realmHost);
        List<String> scopeParams = Scopes.format(scopes);
        Request.Builder rb;
        if (creds != null && creds.isIdentityToken()) {
            okhttp3.FormBody.Builder form = new okhttp3.FormBody.Builder()
                    .add("grant_type", "refresh_token").add("refresh_token", creds.identityToken()).add("client_id", "ferry");
            if (c.service() != null) form.add("service", c.service());
            form.add("scope", String.join(" ", scopeParams));
            rb = new Request.Builder().url(realmUrl).post(form.build());
        } else {
            HttpUrl.Builder ub = realmUrl.newBuilder();
            if (c.service() != null) ub.addQueryParameter("service", c.service());
            for (String s : scopeParams) ub.addQueryParameter("scope", s);
            if (creds != null) ub.addQueryParameter("account", creds.username());
            rb = new Request.Builder().url(ub.build()).get();
            if (creds != null) rb.header("Authorization", creds.basicHeader());
        }
        Request req = rb.build();
        try (Response r = withRetries(what, () -> execute(what, req, false), true)) {
            if (r.code() == 401 || r.code() == 403) {
                throw AuthRefusal.byTokenService(what, r.code(), creds, registry, realmHost);
            }
            if (r.code() != 200) throw error(what, r, Text.of("remote.detail.token_service_answered", r.code()));
            JsonNode n = readJson(what, r);
            String token = n.path("token").asText("");
            if (token.isEmpty()) token = n.path("access_token").asText("");
            if (token.isEmpty()) throw new RegistryException(what, r.code(), List.of(), Text.of("remote.detail.no_token"), false, null);
            long expires = n.path("expires_in").asLong(60);
            if (expires <= 0) expires = 60;
            return TokenCache.Token.of(Collections.unmodifiableSet(new LinkedHashSet<>(scopes)), token, Duration.ofSeconds(expires));
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static Digest parseDigest(Text op, String s) throws RegistryException {
        try {
            return Digest.parse(s.trim());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.invalid_digest_header", e.getMessage()), false, null);
        }
    }

    private static long parseLong(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static byte[] readBounded(InputStream in, int max, Text op) throws IOException {
        byte[] buf = in.readNBytes(max + 1);
        if (buf.length > max) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_too_large", max), false, null);
        return buf;
    }

    /** A map of the token cache's state, for tests and diagnostics (never the tokens themselves). */
    Map<Set<String>, Long> tokenScopes() {
        return tokens.scopes();
    }
}
