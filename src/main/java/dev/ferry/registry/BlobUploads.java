package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

/**
 * Writing blobs to a registry ({@code /v2/<name>/blobs/uploads/}): mounts from another
 * repository, uploads of a known blob (one PUT, or chunks), and uploads of a blob whose digest is
 * learnt as it streams. Uploads are not retried here: their bodies are streams, so the caller
 * retries the whole blob.
 */
final class BlobUploads {
    private static final MediaType OCTET = MediaType.get("application/octet-stream");

    private final RequestLoop loop;

    BlobUploads(RequestLoop loop) {
        this.loop = loop;
    }

    /**
     * Mounts a blob from another repository of this registry. True when mounted (201); false when
     * the registry started an upload instead (202, which is cancelled) or refused.
     */
    boolean mount(String repository, Digest digest, String fromRepository) throws RegistryException {
        Text op = Text.of("remote.op.mount_blob", digest.shortForm(), loop.registry() + "/" + fromRepository, repository);
        HttpUrl u = loop.url("v2/" + repository + "/blobs/uploads/").newBuilder()
                .addQueryParameter("mount", digest.toString()).addQueryParameter("from", fromRepository).build();
        Set<String> scopes = Scopes.union(Scopes.push(repository), Scopes.pull(fromRepository));
        HttpUrl cancel = null;
        try (Response r = loop.send(op, "POST", u, Headers.of(), RequestBody.create(new byte[0], null), true, scopes)) {
            if (r.code() == 201) return true;
            String location = r.header("Location");
            if (r.code() == 202 && location != null) cancel = Answers.resolve(op, r, location);
        }
        if (cancel != null) cancel(repository, cancel);
        return false;
    }

    /**
     * Whether the blob is in {@code repository}, asked with the POST that opens its upload: a mount from the
     * repository itself, which a registry answers 201 when the blob is there and otherwise (202) with a new upload,
     * as it answers any mount it cannot make. Null when the blob is there, else where its bytes go
     * ({@link #push}'s {@code prepared}): one request where a HEAD and a POST were two.
     */
    HttpUrl probe(String repository, Digest digest) throws RegistryException {
        Text op = Text.of("remote.op.check_blob", digest.shortForm(), loop.registry() + "/" + repository);
        HttpUrl u = loop.url("v2/" + repository + "/blobs/uploads/").newBuilder()
                .addQueryParameter("mount", digest.toString()).addQueryParameter("from", repository).build();
        try (Response r = loop.send(op, "POST", u, Headers.of(), RequestBody.create(new byte[0], null), true, Scopes.push(repository))) {
            if (r.code() == 201) return null;
            String loc = r.header("Location");
            if (r.code() != 202 || loc == null) {
                throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.no_location"), false, null);
            }
            return Answers.resolve(op, r, loc);
        }
    }

    /**
     * Uploads a blob: POST to open an upload (unless {@code prepared}, an upload {@link #probe} opened, is given),
     * then one streamed PUT, or PATCH chunks and a closing PUT when chunked uploads are configured or the registry
     * refused a large body (413). {@code content} is read exactly once; on failure the caller reopens and calls again.
     */
    void push(String repository, Descriptor blob, InputStream content, HttpUrl prepared) throws RegistryException {
        Text op = Text.of("remote.op.push_blob", blob.digest().shortForm(), loop.registry() + "/" + repository);
        HttpUrl location = prepared != null ? prepared : open(op, repository);
        RegistryState state = loop.state();
        long chunk = state.chunkSize;
        if (chunk <= 0) {
            HttpUrl put = location.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
            try (Response r = loop.send(op, "PUT", put, Headers.of(), new StreamBody(content, blob.size(), blob.size()),
                    false, Scopes.push(repository), 413)) {
                if (r.code() == 413) {
                    state.chunkSize = 8L * 1024 * 1024;
                    throw new RegistryException(op, 413, List.of(), Text.of("remote.detail.body_refused", blob.size()), true, null);
                }
                checkUploaded(op, r, blob);
            }
            return;
        }
        long offset = 0;
        while (offset < blob.size()) {
            long n = Math.min(chunk, blob.size() - offset);
            Headers h = Headers.of("Content-Range", offset + "-" + (offset + n - 1));
            try (Response r = loop.send(op, "PATCH", location, h, new StreamBody(content, n, blob.size()),
                    false, Scopes.push(repository), 413, 416)) {
                if (r.code() == 413 && chunk > 256 * 1024) {
                    state.chunkSize = Math.max(256 * 1024, chunk / 4);
                    throw new RegistryException(op, 413, List.of(), Text.of("remote.detail.chunk_too_large", n), true, null);
                }
                if (r.code() >= 400) throw loop.error(op, r, Text.of("remote.detail.chunk_refused", offset));
                String loc = r.header("Location");
                if (loc != null) location = Answers.resolve(op, r, loc);
            }
            offset += n;
        }
        // the stream must reach its end so that it verifies the digest before we commit
        try {
            if (content.read() != -1) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.blob_longer"), false, null);
        } catch (IOException e) {
            throw RegistryFailures.asRegistryException(op, e);
        }
        commit(op, repository, location, blob);
    }

    /**
     * Uploads a blob whose digest is learnt as it streams (a layer compressed while it is pushed):
     * POST to open an upload, one PATCH that streams the bytes while they are hashed, and only when
     * {@code content} ended without failing the PUT {@code ?digest=} that commits the blob. On any
     * failure the upload is cancelled: a blob read only in part is never committed. Not retried here
     * ({@code content} is a stream); returns the blob's descriptor.
     */
    Descriptor pushNew(String repository, String mediaType, InputStream content) throws RegistryException {
        Text op = Text.of("remote.op.push_new_blob", loop.registry() + "/" + repository);
        HttpUrl location = open(op, repository);
        java.security.MessageDigest sha = Digest.sha256(new byte[0]).newMessageDigest();
        long[] size = new long[1];
        boolean committed = false;
        try {
            RequestBody body = new RequestBody() {
                @Override public MediaType contentType() { return OCTET; }

                @Override public long contentLength() { return -1; }

                @Override public boolean isOneShot() { return true; }

                @Override public void writeTo(BufferedSink sink) throws IOException {
                    byte[] buf = new byte[1 << 16];
                    OutputStream out = sink.outputStream();
                    for (int n; (n = content.read(buf)) >= 0; ) {
                        sha.update(buf, 0, n);
                        size[0] += n;
                        out.write(buf, 0, n);
                    }
                    out.flush();
                }
            };
            try (Response r = loop.send(op, "PATCH", location, Headers.of(), body, false, Scopes.push(repository))) {
                if (r.code() >= 400) throw loop.error(op, r, Text.of("remote.detail.chunk_refused", 0));
                String loc = r.header("Location");
                if (loc != null) location = Answers.resolve(op, r, loc);
            }
            Descriptor blob = new Descriptor(mediaType, Digest.parse("sha256:" + java.util.HexFormat.of().formatHex(sha.digest())), size[0]);
            commit(op, repository, location, blob);
            committed = true;
            return blob;
        } finally {
            // the upload stays uncommitted either way
            if (!committed) cancel(repository, location);
        }
    }

    /** POST that opens an upload: where its bytes go. */
    private HttpUrl open(Text op, String repository) throws RegistryException {
        try (Response r = loop.send(op, "POST", loop.url("v2/" + repository + "/blobs/uploads/"), Headers.of(),
                RequestBody.create(new byte[0], null), true, Scopes.push(repository))) {
            String loc = r.header("Location");
            if (r.code() != 202 || loc == null) {
                throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.no_location"), false, null);
            }
            return Answers.resolve(op, r, loc);
        }
    }

    /** The PUT {@code ?digest=} that ends an upload and makes the blob exist. */
    private void commit(Text op, String repository, HttpUrl location, Descriptor blob) throws RegistryException {
        HttpUrl put = location.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
        try (Response r = loop.send(op, "PUT", put, Headers.of(), RequestBody.create(new byte[0], OCTET), false, Scopes.push(repository))) {
            checkUploaded(op, r, blob);
        }
    }

    /** Cancels an upload session, best effort: it expires by itself otherwise, and is not worth failing the copy. */
    private void cancel(String repository, HttpUrl location) {
        try (Response ignored = loop.send(Text.of("remote.op.cancel_upload", repository), "DELETE", location, Headers.of(), null, false, Scopes.push(repository), 404, 405)) {
            // nothing to read
        } catch (RegistryException e) {
            // best effort
        }
    }

    private static void checkUploaded(Text op, Response r, Descriptor blob) throws RegistryException {
        if (r.code() != 201 && r.code() != 204 && r.code() != 200) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.unexpected_upload_answer"), true, null);
        }
        String dcd = r.header("Docker-Content-Digest");
        if (dcd != null && dcd.startsWith(blob.digest().algorithm() + ":") && !dcd.equals(blob.digest().toString())) {
            throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.stored_digest", dcd), false, null);
        }
    }

    /** Streams exactly {@code length} bytes of {@code in} as a request body; one shot. */
    private static final class StreamBody extends RequestBody {
        private final InputStream in;
        private final long length;
        private final long total;

        StreamBody(InputStream in, long length, long total) {
            this.in = in;
            this.length = length;
            this.total = total;
        }

        @Override public MediaType contentType() { return OCTET; }

        @Override public long contentLength() { return length; }

        @Override public boolean isOneShot() { return true; }

        @Override public void writeTo(BufferedSink sink) throws IOException {
            byte[] buf = new byte[64 * 1024];
            long left = length;
            OutputStream out = sink.outputStream();
            while (left > 0) {
                // a source answers a segment (8 KiB) per read: the buffer is filled first, so each write to the
                // socket (and each entry into its write timeout) carries 64 KiB, not 8
                int want = (int) Math.min(buf.length, left), n = 0;
                while (n < want) {
                    int r = in.read(buf, n, want - n);
                    if (r < 0) throw new LocalizedIOException(Text.of("remote.detail.blob_ended", total - left + n, total));
                    n += r;
                }
                out.write(buf, 0, n);
                left -= n;
            }
            if (length == total && in.read() != -1) {
                // reaching the end makes a verifying stream check the digest before the request completes
                throw new LocalizedIOException(Text.of("remote.detail.blob_longer_than", total));
            }
            out.flush();
        }
    }
}
