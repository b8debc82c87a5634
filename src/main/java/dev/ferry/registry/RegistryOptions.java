package dev.ferry.registry;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to talk to one registry.
 *
 * @param scheme        "https", "http", or null to choose: HTTPS, with plain HTTP allowed only for
 *                      loopback registries and those marked insecure
 * @param insecure      plain HTTP allowed and TLS certificates not verified (docker's "insecure registry")
 * @param skipTlsVerify TLS certificates not verified, HTTPS still required
 * @param caFile        a PEM file with extra CA certificates to trust for this registry
 * @param credentials   credentials to use; null means look in docker's config.json
 * @param retry         how to retry failed requests
 * @param chunkSize     0 for monolithic uploads (switched to chunked when a registry refuses a large body), else the PATCH chunk size
 * @param readTimeout   how long the registry may take to answer the request that completes an upload (it may be
 *                      checking and moving gigabytes before it answers)
 * @param qps           requests per second to this registry at most (0: no limit), as image-transfer's qps
 * @param cleartextCredentials credentials may be sent over plain HTTP to this registry although it is not on
 *                      this machine (an explicit choice: anyone on the network can read them; see {@link PlainHttp})
 * @param stallTimeout  the stall detector: a connection on which no byte comes (or none can be sent) for this long is
 *                      given up, and the request retried or the blob resumed where it stopped
 */
public record RegistryOptions(String scheme, boolean insecure, boolean skipTlsVerify, Path caFile,
                              Credentials credentials, RetryPolicy retry, long chunkSize, Duration readTimeout, double qps,
                              boolean cleartextCredentials, Duration stallTimeout) {

    /** The stall detector's default: no byte for this long is a stalled connection. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    public static final RegistryOptions DEFAULT = new RegistryOptions(null, false, false, null, null,
            RetryPolicy.DEFAULT, 0, Duration.ofMinutes(2), 0, false, DEFAULT_STALL_TIMEOUT);

    /** Every value here was checked where the person gave it (flags, cfg.yaml): a bad one is a bug in ferry. */
    public RegistryOptions {
        if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalStateException("scheme must be http or https, not " + scheme);
        }
        if (retry == null) retry = RetryPolicy.DEFAULT;
        if (readTimeout == null) readTimeout = Duration.ofMinutes(2);
        if (qps < 0) throw new IllegalStateException("qps must not be negative");
        if (stallTimeout == null) stallTimeout = DEFAULT_STALL_TIMEOUT;
        if (stallTimeout.isNegative() || stallTimeout.isZero()) throw new IllegalStateException("stallTimeout must be positive");
    }

    public RegistryOptions withCredentials(Credentials c) { return new RegistryOptions(scheme, insecure, skipTlsVerify, caFile, c, retry, chunkSize, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withInsecure(boolean b) { return new RegistryOptions(scheme, b, skipTlsVerify, caFile, credentials, retry, chunkSize, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withSkipTlsVerify(boolean b) { return new RegistryOptions(scheme, insecure, b, caFile, credentials, retry, chunkSize, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withCaFile(Path p) { return new RegistryOptions(scheme, insecure, skipTlsVerify, p, credentials, retry, chunkSize, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withScheme(String s) { return new RegistryOptions(s, insecure, skipTlsVerify, caFile, credentials, retry, chunkSize, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withRetry(RetryPolicy r) { return new RegistryOptions(scheme, insecure, skipTlsVerify, caFile, credentials, r, chunkSize, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withQps(double q) { return new RegistryOptions(scheme, insecure, skipTlsVerify, caFile, credentials, retry, chunkSize, readTimeout, q, cleartextCredentials, stallTimeout); }

    public RegistryOptions withChunkSize(long n) { return new RegistryOptions(scheme, insecure, skipTlsVerify, caFile, credentials, retry, n, readTimeout, qps, cleartextCredentials, stallTimeout); }

    public RegistryOptions withCleartextCredentials(boolean b) { return new RegistryOptions(scheme, insecure, skipTlsVerify, caFile, credentials, retry, chunkSize, readTimeout, qps, b, stallTimeout); }

    public RegistryOptions withStallTimeout(Duration d) { return new RegistryOptions(scheme, insecure, skipTlsVerify, caFile, credentials, retry, chunkSize, readTimeout, qps, cleartextCredentials, d); }

    @Override public String toString() {
        return "RegistryOptions[scheme=" + scheme + ", insecure=" + insecure + ", skipTlsVerify=" + skipTlsVerify
                + ", caFile=" + caFile + ", credentials=" + credentials + ", retry=" + retry + ", chunkSize=" + chunkSize + ", qps=" + qps
                + (cleartextCredentials ? ", cleartextCredentials" : "") + ", stallTimeout=" + stallTimeout + "]";
    }
}
