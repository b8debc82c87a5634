package dev.ferry.config;

/**
 * A DingTalk robot to notify when a job ends ({@code dingtalk:} in cfg.yaml).
 * Both values are credentials: {@link #toString()} shows neither.
 *
 * @param token  the robot's access token
 * @param secret the robot's signing secret, or {@code null} when the robot does not sign
 * @param url    the robot endpoint ({@code url:}, for a proxy or a test), or {@code null} for DingTalk's own
 */
public record DingTalk(String token, String secret, String url) {
    /** DingTalk's robot endpoint. */
    public static final String DEFAULT_URL = "https://oapi.dingtalk.com/robot/send";

    public DingTalk(String token, String secret) {
        this(token, secret, null);
    }

    /** The endpoint to post to. */
    public String endpoint() {
        return url == null ? DEFAULT_URL : url;
    }

    @Override
    public String toString() {
        return "DingTalk[token=" + (token == null ? "none" : "***") + ", secret=" + (secret == null ? "none" : "***")
                + (url == null ? "" : ", url=" + url) + "]";
    }
}
