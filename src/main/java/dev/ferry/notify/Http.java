package dev.ferry.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The HTTP client of notifications: JSON posts with a short timeout, through the proxies it is given (loopback never). */
public final class Http {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient client;

    private Http(HttpClient client) {
        this.client = client;
    }

    /** Straight to the receiver. */
    public static Http direct() {
        return new Http(HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build());
    }

    /** Through {@code proxies} (HTTPS_PROXY and the like, as registries are reached). */
    public static Http via(java.net.ProxySelector proxies) {
        return new Http(HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).proxy(proxies).build());
    }

    /** Posts {@code body} as JSON; returns the answer's status and text. */
    HttpResponse<String> postJson(URI uri, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String hmacSha256(byte[] key, byte[] data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(data));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static byte[] hmacSha256Raw(byte[] key, byte[] data) {
        return java.util.HexFormat.of().parseHex(hmacSha256(key, data));
    }
}
