package dev.ferry.config;

/**
 * A DingTalk robot to notify when a job ends ({@code dingtalk:} in cfg.yaml).
 * Both values are credentials: {@link #toString()} shows neither.
 *
 * @param token  the robot's access token
 * @param secret the robot's signing secret, or {@code null} when the robot does not sign
 */
public record DingTalk(String token, String secret) {

    @Override
    public String toString() {
        return "DingTalk[token=" + (token == null ? "none" : "***") + ", secret=" + (secret == null ? "none" : "***") + "]";
    }
}
