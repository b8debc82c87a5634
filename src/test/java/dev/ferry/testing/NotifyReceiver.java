package dev.ferry.testing;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTP server standing in for DingTalk's robot endpoint ({@code /robot/send}) and for
 * webhooks ({@code /hook}). The robot checks each request as DingTalk does — access token, and for
 * a signing secret a timestamp within an hour and {@code sign} = Base64(HMAC-SHA256(secret,
 * timestamp + "\n" + secret)) — and answers {@code errcode 0}, or DingTalk's 310000 for a bad
 * signature. The hook checks {@code X-Ferry-Signature} against the HMAC-SHA256 of the body.
 * Every request is kept, with whether its signature held.
 */
public final class NotifyReceiver implements AutoCloseable {
    /** One request received. */
    public record Received(String path, Map<String, String> query, Map<String, String> headers, String body, boolean signatureValid) {}

    private final HttpServer server;
    private final String token;
    private final String robotSecret;
    private final String hookSecret;
    private final List<Received> received = new ArrayList<>();
    private volatile int failNext;

    public NotifyReceiver(String token, String robotSecret, String hookSecret) throws IOException {
        this.token = token;
        this.robotSecret = robotSecret;
        this.hookSecret = hookSecret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            Map<String, String> h = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            boolean valid;
            String answer;
            int status = 200;
            if (path.equals("/robot/send")) {
                valid = token.equals(q.get("access_token")) && (robotSecret == null || robotSigned(q));
                answer = valid ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
            } else {
                valid = hookSecret == null || hookSignature(body).equals(h.get("x-ferry-signature"));
                answer = "{}";
                if (!valid) status = 401;
            }
            synchronized (received) {
                received.add(new Received(path, q, h, new String(body, StandardCharsets.UTF_8), valid));
                received.notifyAll();
            }
            if (failNext > 0) {
                failNext--;
                status = 503;
            }
            byte[] a = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, a.length);
            ex.getResponseBody().write(a);
            ex.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:PORT/robot/send}, for cfg.yaml's dingtalk {@code url:}. */
    public String robotUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/robot/send";
    }

    /** {@code http://127.0.0.1:PORT/hook}. */
    public String hookUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next {@code n} requests are answered 503 (after being recorded). */
    public void failNext(int n) {
        failNext = n;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> received(String path) {
        return received().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits until {@code n} requests to {@code path} came (or {@code millis} passed); returns them. */
    public List<Received> await(String path, int n, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        synchronized (received) {
            while (received(path).size() < n && System.currentTimeMillis() < end) received.wait(Math.max(1, end - System.currentTimeMillis()));
        }
        return received(path);
    }

    private boolean robotSigned(Map<String, String> q) {
        String ts = q.get("timestamp");
        String sign = q.get("sign");
        if (ts == null || sign == null) return false;
        long t = Long.parseLong(ts);
        if (Math.abs(System.currentTimeMillis() - t) > 3_600_000) return false;
        return sign.equals(Base64.getEncoder().encodeToString(hmac(robotSecret, (ts + "\n" + robotSecret).getBytes(StandardCharsets.UTF_8))));
    }

    private String hookSignature(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(hookSecret, body));
    }

    private static byte[] hmac(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query, each value URL-decoded once (DingTalk decodes {@code sign} before comparing it). */
    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) out.put(kv.substring(0, i), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override public void close() {
        server.stop(0);
    }
}
