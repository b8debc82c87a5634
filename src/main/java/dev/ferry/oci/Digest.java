package dev.ferry.oci;

import dev.ferry.ref.LocalizedArgumentException;
import dev.ferry.ref.Text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest, {@code algorithm:hex}. Only sha256 and sha512 can be computed; both parse. */
public final class Digest implements Comparable<Digest> {
    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*");
    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

    private final String algorithm;
    private final String hex;

    private Digest(String algorithm, String hex) {
        this.algorithm = algorithm;
        this.hex = hex;
    }

    public static Digest parse(String s) {
        if (s == null) throw new LocalizedArgumentException(Text.of("oci.digest_missing"));
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new LocalizedArgumentException(Text.of("oci.digest_form", s));
        }
        String alg = s.substring(0, colon);
        String hex = s.substring(colon + 1);
        if (!ALGORITHM.matcher(alg).matches() || !HEX.matcher(hex).matches()) {
            throw new LocalizedArgumentException(Text.of("oci.digest_lowercase", s));
        }
        int want = switch (alg) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> -1;
        };
        if (want < 0) throw new LocalizedArgumentException(Text.of("oci.digest_algorithm", alg, s));
        if (hex.length() != want) {
            throw new LocalizedArgumentException(Text.of("oci.digest_length", s, alg, want, hex.length()));
        }
        return new Digest(alg, hex);
    }

    public static Digest sha256(byte[] data) {
        return new Digest("sha256", HexFormat.of().formatHex(newDigest("sha256").digest(data)));
    }

    public static Digest sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm. */
    public MessageDigest newMessageDigest() {
        return newDigest(algorithm);
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest of what {@code md} has seen, in this digest's algorithm. */
    public boolean matches(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest()).equals(hex);
    }

    public static Digest of(String algorithm, byte[] raw) {
        return new Digest(algorithm, HexFormat.of().formatHex(raw));
    }

    public String algorithm() { return algorithm; }

    public String hex() { return hex; }

    /** {@code sha256:ab12cd34ef56} — the first 12 hex digits, for messages. */
    public String shortForm() {
        return algorithm + ":" + hex.substring(0, Math.min(12, hex.length()));
    }

    @Override public String toString() { return algorithm + ":" + hex; }

    @Override public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithm.equals(algorithm) && d.hex.equals(hex);
    }

    @Override public int hashCode() { return Objects.hash(algorithm, hex); }

    @Override public int compareTo(Digest o) { return toString().compareTo(o.toString()); }
}
