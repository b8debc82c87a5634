package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.ref.Text;
import okhttp3.Headers;
import okhttp3.Response;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Reading a registry's blobs ({@code /v2/<name>/blobs/<digest>}): whether one is there, a stream
 * of one, a small one whole and checked, and large ones resumed or read in parallel byte ranges.
 */
final class BlobReads {
    /** Blobs this large may turn into parallel byte ranges when their connection proves slow. */
    static final long RANGED_THRESHOLD = 32L * 1024 * 1024;
    static final int RANGE_CHUNK = 4 * 1024 * 1024;
    static final int RANGE_CONNECTIONS = 4;

    private final RequestLoop loop;

    BlobReads(RequestLoop loop) {
        this.loop = loop;
    }

    boolean has(String repository, Digest digest) throws RegistryException {
        Text op = Text.of("remote.op.check_blob", digest.shortForm(), loop.registry() + "/" + repository);
        try (Response r = loop.send(op, "HEAD", loop.url("v2/" + repository + "/blobs/" + digest), Headers.of(), null,
                true, Scopes.pull(repository), 404)) {
            return r.code() != 404;
        }
    }

    /**
     * Opens a blob for reading (redirects followed; OkHttp does not send the Authorization header to
     * another host). The stream is raw: the caller verifies it.
     */
    InputStream open(String repository, Descriptor blob) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob", blob.digest().shortForm(), loop.registry() + "/" + repository);
        Response r = loop.send(op, "GET", loop.url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of(), null,
                true, Scopes.pull(repository));
        return stream(op, r);
    }

    /** The rest of a blob from byte {@code from} on, as one stream. */
    private InputStream openFrom(String repository, Descriptor blob, long from) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob_from", blob.digest().shortForm(), from, loop.registry() + "/" + repository);
        Response r = loop.send(op, "GET", loop.url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of("Range", "bytes=" + from + "-"),
                null, true, Scopes.pull(repository));
        if (r.code() != 206) {
            r.close();
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.ranges_stopped"), true, null);
        }
        return stream(op, r);
    }

    /** The answer's body as a stream whose failures say what was being read, and whose close closes the answer. */
    private InputStream stream(Text op, Response r) {
        InputStream in = blobBody(r);
        return new FilterInputStream(in) {
            @Override public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw loop.failed(op, e);
                }
            }

            @Override public void close() {
                r.close();
            }
        };
    }

    /**
     * The body of a blob's answer as a stream, without okio's per-read timeout: a blob is read in reads of a segment
     * (8 KiB) each, and each read with a timeout enters okio's {@code AsyncTimeout} queue and wakes its watchdog thread
     * — two context switches per 8 KiB, a third of the CPU a loopback copy spent. A stalled connection is still given
     * up after the stall timeout: OkHttp sets the socket's own {@code SO_TIMEOUT} to the same read timeout, and a
     * blocked read then fails with a {@link SocketTimeoutException} as before. A cancelled call still closes the socket.
     */
    private static InputStream blobBody(Response r) {
        r.body().source().timeout().clearTimeout();
        return r.body().byteStream();
    }

    /**
     * A small blob (a config), whole and checked against its descriptor. It is read in the retry
     * loop: a connection broken or stalled inside it, or bytes that do not hash to its digest, are
     * fetched again, as often as any request.
     */
    byte[] readSmall(String repository, Descriptor blob) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob", blob.digest().shortForm(), loop.registry() + "/" + repository);
        if (blob.size() > Answers.MAX_MANIFEST_BYTES * 2L) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.not_small_blob", blob.size()), false, null);
        return loop.fetch(op, loop.url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of(), Scopes.pull(repository), r -> {
            byte[] b = r.body().byteStream().readNBytes((int) blob.size() + 1);
            if (b.length < blob.size()) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_ended", b.length, blob.size()), true, null);
            if (b.length > blob.size()) throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.more_than_declared", blob.size()), false, null);
            java.security.MessageDigest md = blob.digest().newMessageDigest();
            Digest actual = Digest.of(blob.digest().algorithm(), md.digest(b));
            if (!actual.equals(blob.digest())) {
                throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.bytes_hash", actual), true, null);
            }
            return b;
        });
    }

    /**
     * Opens a blob for reading, as {@link #open} does. A large blob resumes from where its
     * connection was cut, and turns into parallel byte ranges when one connection proves slow
     * while this machine has processor time to spare (see {@link AdaptiveBlobStream}).
     */
    InputStream openFast(String repository, Descriptor blob) throws RegistryException {
        if (blob.size() < RANGED_THRESHOLD) return open(repository, blob);
        SystemLoad.prime();
        RegistryState state = loop.state();
        String registry = loop.registry();
        return new AdaptiveBlobStream(blob, open(repository, blob), new AdaptiveBlobStream.Opener() {
            @Override public InputStream from(long offset) throws IOException {
                return openFrom(repository, blob, offset);
            }

            @Override public RangedBlobStream ranges(long start) throws IOException {
                if (state.rangesRefused) return null;
                // extra connections only while the registry has free slots (more are taken as others free up): never more than its limit
                int connections = state.gate.borrow(registry, RANGE_CONNECTIONS);
                if (connections == 0) return RangedBlobStream.NOT_NOW;
                return new RangedBlobStream(blob, start, (from, len) -> {
                    byte[] b = covered(() -> fetchRange(repository, blob, from, len));
                    if (b == null) {
                        state.rangesRefused = true;
                        throw new RegistryException(Text.of("remote.op.pull_blob", blob.digest().shortForm(), registry + "/" + repository),
                                200, List.of(), Text.of("remote.detail.no_ranges"), false, null);
                    }
                    return b;
                }, RANGE_CHUNK, connections, RANGE_CONNECTIONS, new RangedBlobStream.Lender() {
                    @Override public int lend(int max) { return state.gate.borrow(registry, max); }

                    @Override public void giveBack(int n) { state.gate.giveBack(registry, n); }
                }, state.rangeReads.budget, state.rangeReads.pool, 0).start();
            }
        }, RANGE_CHUNK, loop.options().retry().retries());
    }

    /**
     * Bytes {@code [from, from+length)} of a blob, or null when the registry ignores {@code Range}.
     * Read whole in the retry loop: a range cut short or the wrong range is fetched again.
     */
    private byte[] fetchRange(String repository, Descriptor blob, long from, int length) throws RegistryException {
        Text op = Text.of("remote.op.pull_blob_range", blob.digest().shortForm(), from + "-" + (from + length - 1), loop.registry() + "/" + repository);
        return loop.fetch(op, loop.url("v2/" + repository + "/blobs/" + blob.digest()), Headers.of("Range", "bytes=" + from + "-" + (from + length - 1)),
                Scopes.pull(repository), r -> {
                    if (r.code() != 206) return null;
                    String cr = r.header("Content-Range");
                    if (cr != null && !cr.startsWith("bytes " + from + "-")) {
                        throw new RegistryException(op, 206, List.of(), Text.of("remote.detail.wrong_range", cr), true, null);
                    }
                    byte[] b = r.body().byteStream().readNBytes(length + 1);
                    if (b.length != length) throw new RegistryException(op, 206, List.of(), Text.of("remote.detail.range_length", b.length, length), true, null);
                    return b;
                });
    }

    /** Runs a range fetch on a borrowed connection slot (see {@link ConnectionGate#covered}). */
    private byte[] covered(java.util.concurrent.Callable<byte[]> fetch) throws IOException {
        try {
            return loop.state().gate.covered(loop.registry(), fetch);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
