package dev.ferry.registry;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What every view of one registry's client shares: what was learnt about the registry (its
 * scheme and challenge, the credentials found, whether it honours ranges, the upload chunk
 * size), its tokens, the session's connection slots and range readers.
 */
final class RegistryState {
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

    RegistryState(RegistryOptions options, ConnectionGate gate, RangeReads rangeReads, OkHttpClient http, PullLimits pullLimits, RateLimiter rateLimiter) {
        this.pullLimits = pullLimits;
        this.patient = http.newBuilder().readTimeout(options.readTimeout()).build();
        this.gate = gate;
        this.rangeReads = rangeReads;
        this.chunkSize = options.chunkSize();
        this.rateLimiter = rateLimiter;
    }
}
