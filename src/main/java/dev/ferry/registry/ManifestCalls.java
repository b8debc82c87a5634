package dev.ferry.registry;

import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.oci.MediaTypes;
import dev.ferry.oci.UnsupportedManifestException;
import dev.ferry.ref.Text;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A registry's manifest endpoint ({@code /v2/<name>/manifests/<reference>}): HEAD, GET and PUT of exact bytes. */
final class ManifestCalls {
    private final RequestLoop loop;

    ManifestCalls(RequestLoop loop) {
        this.loop = loop;
    }

    /** HEAD a manifest: its digest, or empty when the tag or digest is not there. */
    Optional<ManifestHead> head(String repository, String reference) throws RegistryException {
        Text op = Text.of("remote.op.check_manifest", repository + ":" + reference, loop.registry());
        String dcd, ct;
        long len;
        try (Response r = loop.send(op, "HEAD", loop.url("v2/" + repository + "/manifests/" + reference), acceptHeaders(), null,
                true, Scopes.pull(repository), 404)) {
            if (r.code() == 404) return Optional.empty();
            dcd = r.header("Docker-Content-Digest");
            ct = r.header("Content-Type");
            len = Answers.parseLong(r.header("Content-Length"), -1);
        }
        if (dcd == null) {
            // some registries do not send the digest on HEAD: fall back to a GET (after the HEAD gave back its connection)
            Manifest m = get(repository, reference);
            return Optional.of(new ManifestHead(m.digest(), m.mediaType(), m.size()));
        }
        return Optional.of(new ManifestHead(Answers.parseDigest(op, dcd), ct == null ? null : ct.split(";")[0].trim(), len));
    }

    /**
     * GET a manifest's exact bytes. When {@code reference} is a digest the bytes must hash to it;
     * otherwise they must match the registry's {@code Docker-Content-Digest} when it sends one.
     */
    Manifest get(String repository, String reference) throws RegistryException {
        String registry = loop.registry();
        Text op = Text.of("remote.op.get_manifest", repository + (reference.contains(":") ? "@" : ":") + reference, registry);
        // a GET of a manifest is a pull: none is spent once the registry said none is left (a HEAD is not one)
        Duration spent = loop.state().pullLimits.beforePull(op, registry, java.time.Instant.now());
        if (!spent.isZero()) loop.pause(op, 1, spent, Text.of("remote.detail.pull_limit_wait", registry, PullLimits.human(spent)));
        // read whole in the retry loop: a reset inside the body, a stall or bytes that do not hash as they must are fetched again
        return loop.fetch(op, loop.url("v2/" + repository + "/manifests/" + reference), acceptHeaders(), Scopes.pull(repository), r -> {
            ResponseBody body = r.body();
            long len = body.contentLength();
            if (len > Answers.MAX_MANIFEST_BYTES) throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.manifest_too_large", len), false, null);
            byte[] raw = Answers.readBounded(body.byteStream(), Answers.MAX_MANIFEST_BYTES, op);
            if (len >= 0 && raw.length != len) throw new RegistryException(op, 0, List.of(), Text.of("remote.detail.answer_ended", raw.length, len), true, null);
            Digest actual = Digest.sha256(raw);
            if (reference.startsWith("sha256:") && !actual.toString().equals(reference)) {
                throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.manifest_digest", actual), true, null);
            }
            String dcd = r.header("Docker-Content-Digest");
            if (dcd != null && dcd.startsWith("sha256:") && !dcd.equals(actual.toString())) {
                throw new RegistryException(op, 0, List.of("DIGEST_INVALID"), Text.of("remote.detail.manifest_hash", actual, dcd), true, null);
            }
            try {
                return Manifest.parse(raw, r.header("Content-Type"));
            } catch (UnsupportedManifestException e) {
                throw new RegistryException(op, 0, List.of("UNSUPPORTED"), e.getMessage(), false, e);
            }
        });
    }

    /**
     * PUT a manifest's exact bytes under a tag or its digest, with its own media type.
     *
     * @return whether the registry answered with {@code OCI-Subject} (distribution spec 1.1): it indexed the manifest's
     *         {@code subject} for its referrers API, so no client needs to keep the referrers tag schema's index there
     */
    boolean put(String repository, String reference, Manifest manifest) throws RegistryException {
        Text op = Text.of("remote.op.push_manifest", manifest.digest().shortForm(), loop.registry() + "/" + repository
                + (reference.contains(":") ? "@" : ":") + reference);
        RequestBody body = RequestBody.create(manifest.bytes(), MediaType.get(manifest.mediaType()));
        try (Response r = loop.send(op, "PUT", loop.url("v2/" + repository + "/manifests/" + reference), Headers.of(), body,
                true, Scopes.push(repository))) {
            String dcd = r.header("Docker-Content-Digest");
            if (dcd != null && dcd.startsWith("sha256:") && !dcd.equals(manifest.digest().toString())) {
                throw new RegistryException(op, r.code(), List.of(), Text.of("remote.detail.stored_instead", dcd, manifest.digest()), false, null);
            }
            return r.header("OCI-Subject") != null;
        }
    }

    private static Headers acceptHeaders() {
        return Headers.of("Accept", String.join(", ", MediaTypes.MANIFEST_ACCEPT));
    }
}
