package dev.ferry.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 on the wire for {@link FaultProxy}: reading message heads, telling and copying a body's framing byte for
 * byte (chunk framing included, with a byte budget for the cut rules), and the small answers the proxy sends itself.
 */
final class HttpWire {
    static final int MAX_HEAD = 256 * 1024;
    static final int BUF = 64 * 1024;

    private HttpWire() {
    }

    /** A parsed message head: first line plus header lines (original spelling and order). */
    static final class Head {
        final String firstLine;
        final List<String[]> headers = new ArrayList<>();

        Head(String firstLine) {
            this.firstLine = firstLine;
        }

        String get(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        boolean hasToken(String name, String token) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    for (String t : h[1].split(",")) {
                        if (t.trim().equalsIgnoreCase(token)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        void set(String name, String value) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    h[1] = value;
                    return;
                }
            }
            headers.add(new String[] {name, value});
        }

        byte[] bytes() {
            StringBuilder sb = new StringBuilder(firstLine).append("\r\n");
            for (String[] h : headers) {
                sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Body framing of a message. */
    enum Framing { NONE, LENGTH, CHUNKED, UNTIL_CLOSE }

    static Framing requestFraming(Head h) {
        if (h.get("Transfer-Encoding") != null && h.hasToken("Transfer-Encoding", "chunked")) {
            return Framing.CHUNKED;
        }
        long len = contentLength(h);
        return len > 0 ? Framing.LENGTH : Framing.NONE;
    }

    static Framing responseFraming(String method, int status, Head h) {
        if ("HEAD".equals(method) || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return Framing.NONE;
        }
        if (h.get("Transfer-Encoding") != null && h.hasToken("Transfer-Encoding", "chunked")) {
            return Framing.CHUNKED;
        }
        if (h.get("Content-Length") != null) {
            return contentLength(h) > 0 ? Framing.LENGTH : Framing.NONE;
        }
        return Framing.UNTIL_CLOSE;
    }

    static long contentLength(Head h) {
        String v = h.get("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Copies one message body with the given framing, byte for byte (chunk framing included),
     * stopping after {@code limit} bytes.
     */
    static void copyBody(InputStream in, OutputStream out, Framing framing, long length, long limit)
            throws IOException {
        long[] budget = {limit};
        switch (framing) {
            case NONE -> {
            }
            case LENGTH -> copyN(in, out, length, budget);
            case UNTIL_CLOSE -> copyN(in, out, Long.MAX_VALUE, budget);
            case CHUNKED -> {
                while (budget[0] > 0) {
                    String sizeLine = readLine(in);
                    writeLimited(out, (sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1), budget);
                    int semi = sizeLine.indexOf(';');
                    long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                    if (size == 0) {
                        while (true) { // trailers, then the empty line
                            String t = readLine(in);
                            writeLimited(out, (t + "\r\n").getBytes(StandardCharsets.ISO_8859_1), budget);
                            if (t.isEmpty()) {
                                return;
                            }
                        }
                    }
                    copyN(in, out, size, budget);
                    String crlf = readLine(in);
                    writeLimited(out, (crlf + "\r\n").getBytes(StandardCharsets.ISO_8859_1), budget);
                }
            }
        }
    }

    static void copyN(InputStream in, OutputStream out, long n, long[] budget) throws IOException {
        byte[] buf = new byte[BUF];
        long left = n;
        while (left > 0 && budget[0] > 0) {
            int want = (int) Math.min(Math.min(buf.length, left), budget[0]);
            int r = in.read(buf, 0, want);
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return;
                }
                throw new EOFException("body ended early");
            }
            out.write(buf, 0, r);
            left -= r;
            budget[0] -= r;
        }
    }

    static void writeLimited(OutputStream out, byte[] b, long[] budget) throws IOException {
        int n = (int) Math.min(b.length, budget[0]);
        out.write(b, 0, n);
        budget[0] -= n;
    }

    /** Passes bytes through to {@code out}, inverting the one at {@code offset}; never closes {@code out}. */
    static final class Corrupting extends OutputStream {
        private final OutputStream out;
        private final long offset;
        private long written;

        Corrupting(OutputStream out, long offset) {
            this.out = out;
            this.offset = offset;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(written++ == offset ? ~b : b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (offset >= written && offset < written + len) {
                byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
                copy[(int) (offset - written)] ^= (byte) 0xff;
                out.write(copy, 0, len);
            } else {
                out.write(b, off, len);
            }
            written += len;
        }
    }

    /** Reads a message head, or returns null at a clean end of stream before it. */
    static Head readHead(InputStream in) throws IOException {
        String first;
        do {
            first = readLineOrNull(in);
            if (first == null) {
                return null;
            }
        } while (first.isEmpty()); // tolerate stray CRLF between messages
        Head h = new Head(first);
        int total = first.length();
        while (true) {
            String l = readLine(in);
            if (l.isEmpty()) {
                return h;
            }
            total += l.length();
            if (total > MAX_HEAD) {
                throw new IOException("message head too large");
            }
            if ((l.startsWith(" ") || l.startsWith("\t")) && !h.headers.isEmpty()) {
                String[] last = h.headers.get(h.headers.size() - 1);
                last[1] = last[1] + " " + l.trim();
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line: " + l);
            }
            h.headers.add(new String[] {l.substring(0, colon), l.substring(colon + 1).trim()});
        }
    }

    static String readLine(InputStream in) throws IOException {
        String l = readLineOrNull(in);
        if (l == null) {
            throw new EOFException("connection closed");
        }
        return l;
    }

    static String readLineOrNull(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketException e) {
                if (b.size() == 0) {
                    return null;
                }
                throw e;
            }
            if (c < 0) {
                if (b.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed mid-line");
            }
            if (c == '\n') {
                byte[] a = b.toByteArray();
                int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
                return new String(a, 0, len, StandardCharsets.ISO_8859_1);
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("line too long");
            }
            b.write(c);
        }
    }

    static void sendSimple(OutputStream out, int status, Map<String, String> headers, boolean head,
                                   boolean close) throws IOException {
        byte[] body = ("{\"errors\":[{\"code\":\"" + code(status) + "\",\"message\":\"injected by FaultProxy\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        sb.append("Content-Type: application/json; charset=utf-8\r\n");
        sb.append("Content-Length: ").append(body.length).append("\r\n");
        sb.append("Docker-Distribution-Api-Version: registry/2.0\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (close) {
            sb.append("Connection: close\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    static String code(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 404 -> "NAME_UNKNOWN";
            case 429 -> "TOOMANYREQUESTS";
            default -> "UNAVAILABLE";
        };
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
