package dev.ferry.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.oci.Digest;
import dev.ferry.ref.Text;
import okhttp3.HttpUrl;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a registry's answers: bounded bodies, JSON, headers that carry digests, lengths and links. */
final class Answers {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private Answers() {}

    static byte[] readBounded(InputStream in, int max, Text op) throws IOException {
        byte[] buf = in.readNBytes(max + 1);
        if (buf.length > max) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_too_large", max), false, null);
        return buf;
    }

    /** A JSON answer read whole; an answer cut short or garbled in transit is worth fetching again. */
    static JsonNode readAnswer(Text op, Response r) throws IOException {
        byte[] raw = readBounded(r.body().byteStream(), 64 * 1024 * 1024, op);
        long len = r.body().contentLength();
        if (len >= 0 && raw.length != len) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_ended", raw.length, len), true, null);
        try {
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.not_json"), true, e);
        }
    }

    static JsonNode readJson(Text op, Response r) throws RegistryException {
        try {
            byte[] raw = readBounded(r.body().byteStream(), 64 * 1024 * 1024, op);
            return JSON.readTree(raw);
        } catch (IOException e) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.not_json"), false, e);
        }
    }

    /** Where the answer {@code r} points ({@code Location}, {@code Link}), against the URL it answered. */
    static HttpUrl resolve(Text op, Response r, String location) throws RegistryException {
        HttpUrl u = r.request().url().resolve(location);
        if (u == null) throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.invalid_location", location), false, null);
        return u;
    }

    /** The next page of a listing, from the answer's {@code Link} header; null on the last page. */
    static HttpUrl nextLink(Text op, Response r) throws RegistryException {
        String link = r.header("Link");
        if (link == null) return null;
        Matcher m = LINK_NEXT.matcher(link);
        return m.find() ? resolve(op, r, m.group(1)) : null;
    }

    static Digest parseDigest(Text op, String s) throws RegistryException {
        try {
            return Digest.parse(s.trim());
        } catch (IllegalArgumentException e) {
            throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.invalid_digest_header", e.getMessage()), false, null);
        }
    }

    static long parseLong(String s, long dflt) {
        try {
            return s == null ? dflt : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
