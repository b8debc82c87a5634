package dev.ferry.notify;

import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic webhook: the notice's JSON document posted as it is, with {@code X-Ferry-Event} naming
 * it and, when a secret is set, {@code X-Ferry-Signature: sha256=HEX}, the HMAC-SHA256 of the
 * exact body bytes keyed with the secret (as GitHub signs its webhooks). Any 2xx answer is taken.
 */
public final class WebhookChannel implements Channel {
    /** The signature header. */
    public static final String SIGNATURE = "X-Ferry-Signature";
    public static final String EVENT = "X-Ferry-Event";

    private final String label;
    private final String url;
    private final String secret;
    private final Http http;

    public WebhookChannel(String label, String url, String secret, Http http) {
        this.http = http;
        this.label = label;
        this.url = url;
        this.secret = secret;
    }

    @Override public String label() {
        return label;
    }

    /** {@code sha256=HEX} of {@code body} with {@code secret}. */
    public static String signature(String secret, byte[] body) {
        return "sha256=" + Http.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body);
    }

    @Override public void send(Notice notice) throws IOException, InterruptedException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(EVENT, notice.event());
        headers.put("User-Agent", "ferry");
        if (secret != null) headers.put(SIGNATURE, signature(secret, notice.json().getBytes(StandardCharsets.UTF_8)));
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LocalizedIOException(Text.of("notify.webhook_url_invalid"));
        }
        HttpResponse<String> r = http.postJson(uri, notice.json(), headers);
        if (r.statusCode() / 100 != 2) throw new IOException("HTTP " + r.statusCode());
    }
}
