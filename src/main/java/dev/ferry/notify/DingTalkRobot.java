package dev.ferry.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * A DingTalk custom robot: a markdown message posted to {@code ENDPOINT?access_token=TOKEN}; for a
 * robot with a signing secret also {@code &timestamp=MS&sign=SIGN}, where SIGN is the URL-encoded
 * Base64 of HMAC-SHA256 over {@code MS + "\n" + SECRET} keyed with the secret, as DingTalk
 * documents it. DingTalk answers 200 with {@code {"errcode":0}} when it took the message; any other
 * errcode is a failure. Neither token nor secret is ever part of a message.
 */
public final class DingTalkRobot implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String label;
    private final String endpoint;
    private final String token;
    private final String secret;
    private final Clock clock;
    private final Http http;

    public DingTalkRobot(String label, String endpoint, String token, String secret, Clock clock, Http http) {
        this.http = http;
        this.label = label;
        this.endpoint = endpoint;
        this.token = token;
        this.secret = secret;
        this.clock = clock;
    }

    @Override public String label() {
        return label;
    }

    /** DingTalk's signature of {@code timestamp} (milliseconds) with {@code secret}, before URL encoding. */
    public static String sign(long timestamp, String secret) {
        byte[] mac = Http.hmacSha256Raw(secret.getBytes(StandardCharsets.UTF_8), (timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    @Override public void send(Notice notice) throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?')
                .append("access_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        if (secret != null) {
            long ts = clock.millis();
            url.append("&timestamp=").append(ts).append("&sign=").append(URLEncoder.encode(sign(ts, secret), StandardCharsets.UTF_8));
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("msgtype", "markdown");
        body.putObject("markdown").put("title", notice.title()).put("text", notice.markdown());
        URI uri;
        try {
            uri = URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new LocalizedIOException(Text.of("notify.robot_url_invalid"));
        }
        HttpResponse<String> r = http.postJson(uri, JSON.writeValueAsString(body), Map.of());
        if (r.statusCode() != 200) throw new IOException("HTTP " + r.statusCode());
        JsonNode answer;
        try {
            answer = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new LocalizedIOException(Text.of("notify.robot_answer_not_json"));
        }
        int code = answer.path("errcode").asInt(-1);
        if (code != 0) throw new IOException("errcode " + code + ": " + answer.path("errmsg").asText(""));
    }
}
