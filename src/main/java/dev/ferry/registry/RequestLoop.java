package dev.ferry.registry;

import dev.ferry.ref.Registries;
import dev.ferry.ref.Text;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one view of a registry's client talks to it: every request goes through here, is
 * authorized (see {@link Authorizer}), holds one of the registry's connection slots, belongs to
 * the view's {@link CallScope} and is retried with backoff and {@code Retry-After} when it can be
 * sent again. A retried request is marked as tried, so no layer above retries it once more.
 */
final class RequestLoop {
    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final OkHttpClient http;
    private final RegistryClient.CredentialSource credentialSource;
    private final RegistryState state;
    private final CallScope scope;
    private final Authorizer authorizer;

    RequestLoop(String registry, RegistryOptions options, OkHttpClient http, RegistryClient.CredentialSource credentialSource,
                RegistryState state, CallScope scope) {
        this.registry = registry;
        this.apiHost = Registries.apiHost(registry);
        this.options = options;
        this.http = http;
        this.credentialSource = credentialSource;
        this.state = state;
        this.scope = scope;
        this.authorizer = new Authorizer(this);
    }

    /** The same registry, connections, tokens and slots, for the requests of another scope. */
    RequestLoop in(CallScope scope) {
        return new RequestLoop(registry, options, http, credentialSource, state, scope);
    }

    String registry() { return registry; }

    /** The host and port the API answers on (docker.io's is another). */
    String apiHost() { return apiHost; }

    RegistryOptions options() { return options; }

    RegistryState state() { return state; }

    CallScope scope() { return scope; }

    Credentials credentials() throws RegistryException {
        if (options.credentials() != null) return options.credentials();
        if (!state.credentialsLoaded) {
            synchronized (state) {
                if (!state.credentialsLoaded) {
                    try {
                        state.credentials = credentialSource == null ? null : credentialSource.lookup(registry).orElse(null);
                    } catch (IOException e) {
                        throw new RegistryException(Text.of("remote.op.look_up_credentials", registry), 0, List.of(), e.getMessage(), false, e);
                    }
                    state.credentialsLoaded = true;
                }
            }
        }
        return state.credentials;
    }

    /** {@code path} on the registry, once {@code /v2/} was reached (see {@link SchemeProbe}). */
    HttpUrl url(String path) throws RegistryException {
        SchemeProbe.ping(this);
        return state.base.resolve(path);
    }

    @FunctionalInterface
    interface Attempt {
        Response run() throws IOException;
    }

    /**
     * Runs a network attempt with retries on connection failures and retryable statuses (ping and
     * tokens). The answer is small and read whole inside the loop, so a connection that breaks in
     * its body is retried too.
     */
    Response withRetries(Text op, Attempt attempt, boolean replayable) throws RegistryException {
        int tries = 0;
        while (true) {
            try {
                Response r = buffered(attempt.run());
                if (replayable && Failures.retryableStatus(r.code()) && tries < options.retry().retries()) {
                    Duration after = Failures.retryAfter(r);
                    if (!RetryPolicy.waitsFor(after)) throw Failures.waitTooLong(op, error(op, r, null), after);
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
            byte[] b = Answers.readBounded(r.body().byteStream(), 1024 * 1024, Text.verbatim(r.request().url().encodedPath()));
            return r.newBuilder().body(ResponseBody.create(b, r.body().contentType())).build();
        }
    }

    /** How many times one request was tried, shared by every layer of the loop that retries it. */
    private static final class Tries {
        int used;
    }

    /** What reads a whole answer; an IOException while reading is a broken answer, tried again. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(Response r) throws IOException;
    }

    /**
     * A GET whose answer is read whole: a connection broken inside the body, a stall, or bytes that
     * fail their check (a retryable {@link RegistryException} from {@code reader}) are tried again,
     * in the same count as the request's own retries, so it is tried {@code retries + 1} times in all.
     */
    <T> T fetch(Text op, HttpUrl url, Headers headers, Set<String> scopes, BodyReader<T> reader) throws RegistryException {
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

    void pause(Text op, int attempt, Duration d, Text reason) throws RegistryException {
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
    Response execute(Text op, Request request, boolean gated) throws IOException {
        scope.checkOpen(op.english());
        ConnectionGate.Slot slot = gated ? state.gate.request(registry, scope, op.english()) : ConnectionGate.Slot.NONE;
        // the pool's client detects stalls (its timeouts are the stall time); the answer that completes an upload may take longer
        okhttp3.Call call = (completesUpload(request) ? state.patient : http).newCall(request.newBuilder().tag(Ticket.class, new Ticket(scope, slot)).build());
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

    Response send(Text op, String method, HttpUrl url, Headers headers, RequestBody body, boolean replayable,
                  Set<String> scopes, int... accepted) throws RegistryException {
        return send(op, method, url, headers, body, replayable, scopes, new Tries(), accepted);
    }

    private Response send(Text op, String method, HttpUrl url, Headers headers, RequestBody body, boolean replayable,
                          Set<String> scopes, Tries tries, int... accepted) throws RegistryException {
        boolean authRetried = false;
        Set<String> wanted = new LinkedHashSet<>(scopes);
        while (true) {
            Request.Builder rb = new Request.Builder().url(url).headers(headers).method(method, body);
            String auth = authorizer.authorization(op, wanted, false);
            if (auth != null) rb.header("Authorization", auth);
            Response r;
            try {
                if (state.rateLimiter != null) state.rateLimiter.acquire();
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
            state.pullLimits.observe(registry, r::header, java.time.Instant.now());
            if (s == 429 && method.equals("GET")) {
                // the registry says its pull limit is spent: trying again now is pointless; wait for it if told to, else say when it frees
                Duration spent;
                try {
                    spent = state.pullLimits.beforePull(op, registry, java.time.Instant.now());
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
                    state.challenge = c;
                }
                state.tokens.invalidate(wanted);
                authorizer.authorization(op, wanted, true);
                if (!replayable) {
                    throw new RegistryException(op, 401, List.of(), Text.of("remote.detail.authorization_expired"), true, null);
                }
                continue;
            }
            if (s < 400 || contains(accepted, s)) return r;
            if (s == 401) throw refused(op, r, auth);
            RegistryException e = error(op, r, null);
            if (replayable && e.isRetryable() && tries.used < options.retry().retries()) {
                Duration after = Failures.retryAfter(r);
                if (!RetryPolicy.waitsFor(after)) throw Failures.waitTooLong(op, e, after);
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

    /** Builds the typed error for a failed answer and closes it. */
    RegistryException error(Text op, Response r, Text detail) {
        return Failures.ofAnswer(op, r, detail, this::credentialsHint);
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
        Challenge known = state.challenge;
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
            Text what = patient ? Text.of("remote.detail.no_answer", Failures.seconds(options.readTimeout()))
                    : Text.of("remote.detail.stalled", Failures.seconds(options.stallTimeout()));
            return new RegistryException(op, 0, List.of(), what, true, e);
        }
        return Failures.asRegistryException(op, e);
    }

    RegistryException failed(Text op, IOException e) {
        return failed(op, e, false);
    }
}
