package dev.ferry.config;

import dev.ferry.ref.Text;

/**
 * A generic webhook to notify ({@code notify:} in cfg.yaml, or {@code --notify URL}): a JSON
 * document is posted to {@code url}, signed with HMAC-SHA256 when a secret is set. The secret is a
 * credential and a URL may carry one in its query: {@link #toString()} shows neither.
 *
 * @param url    where to post, http or https
 * @param secret the HMAC key, or {@code null} for unsigned posts
 */
public record Webhook(String url, String secret) {
    public Webhook {
        if (url == null || url.isBlank()) throw new ConfigException(null, Text.of("settings.webhook_no_url"), null);
    }

    /** The URL without its query and user information, for messages. */
    public String shown() {
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) u = u.substring(0, q);
        int scheme = u.indexOf("://");
        int at = u.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) u = u.substring(0, scheme + 3) + u.substring(at + 1);
        return u;
    }

    @Override
    public String toString() {
        return "Webhook[" + shown() + ", secret=" + (secret == null ? "none" : "***") + "]";
    }
}
