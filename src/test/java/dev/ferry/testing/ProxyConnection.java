package dev.ferry.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import static dev.ferry.testing.HttpWire.*;

/**
 * One client connection of a {@link FaultProxy}: its requests read one after another, each matched against the rules,
 * answered by the proxy or forwarded on the connection's own backend connection, with the rule's fault applied.
 */
final class ProxyConnection {
    private final FaultProxy proxy;
    private final Socket client;

    ProxyConnection(FaultProxy proxy, Socket client) {
        this.proxy = proxy;
        this.client = client;
    }

    /** Thrown when a cut rule ended the connection on purpose. */
    private static final class CutException extends IOException {
        CutException(String m) {
            super(m);
        }
    }

    /** Serves the connection's requests until either side closes it, a rule ends it, or the proxy closes. */
    void run() {
        Socket backend = null;
        proxy.accepted.incrementAndGet();
        proxy.peak.accumulateAndGet(proxy.open.incrementAndGet(), Math::max);
        try {
            client.setSoTimeout(FaultProxy.SOCKET_TIMEOUT_MS);
            client.setTcpNoDelay(true);
            InputStream cin = new BufferedInputStream(client.getInputStream(), BUF);
            OutputStream cout = new BufferedOutputStream(client.getOutputStream(), BUF);
            InputStream bin = null;
            OutputStream bout = null;
            while (!proxy.closed()) {
                Head req = readHead(cin);
                if (req == null) {
                    return;
                }
                String[] line = req.firstLine.split(" ", 3);
                if (line.length < 3) {
                    sendSimple(cout, 400, Map.of(), false, true);
                    return;
                }
                String method = line[0];
                String uri = line[1];
                int q = uri.indexOf('?');
                String path = q < 0 ? uri : uri.substring(0, q);
                ProxiedRequest record = new ProxiedRequest(method, uri, path);
                proxy.requests.add(record);
                Framing reqFraming = requestFraming(req);
                long reqLength = contentLength(req);
                boolean clientWantsClose = req.hasToken("Connection", "close") || line[2].equals("HTTP/1.0");

                FaultRule rule = null;
                for (FaultRule r : proxy.rules) {
                    if (r.matches(method, path)) {
                        r.matched.incrementAndGet();
                        if (rule == null && r.take()) {
                            rule = r;
                        }
                    }
                }
                if (rule != null) {
                    record.fault = rule.action == FaultRule.Action.RESPOND ? "respond " + rule.status : rule.toString();
                }

                if (rule != null && rule.action == FaultRule.Action.RESPOND) {
                    boolean expectContinue = req.hasToken("Expect", "100-continue");
                    boolean close = clientWantsClose || expectContinue;
                    if (!expectContinue) {
                        copyBody(cin, OutputStream.nullOutputStream(), reqFraming, reqLength, Long.MAX_VALUE);
                    }
                    record.status = rule.status;
                    sendSimple(cout, rule.status, rule.headers, method.equals("HEAD"), close);
                    if (close) {
                        return;
                    }
                    continue;
                }
                if (rule != null && rule.action == FaultRule.Action.DELAY) {
                    Thread.sleep(rule.delay.toMillis());
                }

                // forward
                boolean reused = backend != null && !backend.isClosed();
                if (!reused) {
                    backend = proxy.target.connect(proxy.sockets);
                    bin = new BufferedInputStream(backend.getInputStream(), BUF);
                    bout = new BufferedOutputStream(backend.getOutputStream(), BUF);
                }
                req.set("Host", proxy.target.authority());
                if (reused && reqFraming == Framing.NONE && !backendAlive(backend, bin)) {
                    // the target closed the idle keep-alive connection: use a fresh one
                    closeQuietly(backend);
                    proxy.sockets.remove(backend);
                    backend = proxy.target.connect(proxy.sockets);
                    bin = new BufferedInputStream(backend.getInputStream(), BUF);
                    bout = new BufferedOutputStream(backend.getOutputStream(), BUF);
                }
                bout.write(req.bytes());
                bout.flush();
                final OutputStream fbout = bout;
                final Socket fbackend = backend;
                final FaultRule cutReq = rule != null && rule.action == FaultRule.Action.CUT_REQUEST ? rule : null;
                Future<?> pump = null;
                if (reqFraming != Framing.NONE) {
                    pump = proxy.pool.submit(() -> {
                        try {
                            if (cutReq != null) {
                                copyBody(cin, fbout, reqFraming, reqLength, cutReq.bytes);
                                fbout.flush();
                                reset(client);
                                closeQuietly(fbackend);
                                throw new CutException("request cut");
                            }
                            copyBody(cin, fbout, reqFraming, reqLength, Long.MAX_VALUE);
                            fbout.flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return null;
                    });
                }

                Head resp;
                int status;
                while (true) {
                    resp = readHead(bin);
                    if (resp == null) {
                        throw new EOFException("backend closed the connection before answering " + method + " " + uri);
                    }
                    String[] sl = resp.firstLine.split(" ", 3);
                    status = Integer.parseInt(sl[1]);
                    if (status >= 100 && status < 200 && status != 101) {
                        cout.write(resp.bytes());
                        cout.flush();
                        continue;
                    }
                    break;
                }
                if (rule != null && rule.action == FaultRule.Action.RESET_HEAD) {
                    byte[] head = resp.bytes();
                    cout.write(head, 0, (int) Math.min(rule.bytes, head.length));
                    cout.flush();
                    reset(client);
                    closeQuietly(backend);
                    return;
                }
                if (rule != null && rule.action == FaultRule.Action.STALL_HEAD) {
                    stall(client, cin);
                    return;
                }
                record.status = status;
                String location = resp.get("Location");
                if (location != null) {
                    resp.set("Location", proxy.target.rewriteLocation(location, proxy.url()));
                }
                Framing respFraming = responseFraming(method, status, resp);
                cout.write(resp.bytes());
                if (rule != null && rule.action == FaultRule.Action.CUT_RESPONSE) {
                    copyBody(bin, cout, respFraming, contentLength(resp), rule.bytes);
                    cout.flush();
                    if (rule.reset) {
                        reset(client);
                    } else if (client instanceof SSLSocket) {
                        client.close();
                    } else {
                        client.shutdownOutput();
                        client.close();
                    }
                    closeQuietly(backend);
                    return;
                }
                if (rule != null && rule.action == FaultRule.Action.STALL) {
                    copyBody(bin, cout, respFraming, contentLength(resp), rule.bytes);
                    cout.flush();
                    stall(client, cin);
                    return;
                }
                OutputStream body = rule != null && rule.action == FaultRule.Action.CORRUPT_RESPONSE ? new Corrupting(cout, rule.bytes) : cout;
                copyBody(bin, body, respFraming, contentLength(resp), Long.MAX_VALUE);
                cout.flush();
                if (pump != null) {
                    try {
                        pump.get(FaultProxy.SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        return; // request body could not be relayed completely: drop the connection
                    }
                }
                if (clientWantsClose || respFraming == Framing.UNTIL_CLOSE || resp.hasToken("Connection", "close")) {
                    return;
                }
            }
        } catch (CutException e) {
            // intended
        } catch (Exception e) {
            // connection problems end this connection; the client sees them as such
        } finally {
            proxy.open.decrementAndGet();
            closeQuietly(client);
            closeQuietly(backend);
            proxy.sockets.remove(client);
            if (backend != null) {
                proxy.sockets.remove(backend);
            }
        }
    }

    /** Sends nothing more, keeping the connection open until the client closes it or the proxy closes. */
    private void stall(Socket client, InputStream cin) throws IOException {
        client.setSoTimeout(200);
        while (!proxy.closed()) {
            try {
                if (cin.read() < 0) break; // the client gave up and closed its end
            } catch (java.net.SocketTimeoutException stillThere) {
                // keep stalling
            }
        }
    }

    /** Whether an idle backend connection is still open (no EOF pending), checked without blocking long. */
    private static boolean backendAlive(Socket backend, InputStream bin) {
        try {
            if (bin.available() > 0) {
                return true;
            }
            backend.setSoTimeout(1);
            bin.mark(1);
            int b = bin.read();
            if (b < 0) {
                return false;
            }
            bin.reset();
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            try {
                backend.setSoTimeout(FaultProxy.SOCKET_TIMEOUT_MS);
            } catch (IOException ignored) {
                // closed
            }
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed
        }
        closeQuietly(s);
    }

    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
