package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.spi.ImageSink;
import dev.ferry.spi.RepositoryLocation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A registry repository written as an {@link ImageSink}. */
public final class RegistryImageSink implements ImageSink {
    private final RegistryClient client;
    private final String repository;
    /** Uploads {@link #hasBlobElsePrepare} opened, by blob, until their {@link #putBlob}. */
    private final java.util.Map<Digest, okhttp3.HttpUrl> prepared = new java.util.concurrent.ConcurrentHashMap<>();

    public RegistryImageSink(RegistryClient client, String repository) {
        this.client = client;
        this.repository = repository;
    }

    @Override public String describe() { return client.registry() + "/" + repository; }

    @Override public Optional<RepositoryLocation> location() {
        return Optional.of(new RepositoryLocation(client.registry(), repository));
    }

    @Override public boolean hasBlob(Descriptor blob) throws IOException {
        return client.hasBlob(repository, blob.digest());
    }

    @Override public boolean mountBlob(Descriptor blob, RepositoryLocation from) throws IOException {
        if (!from.registry().equals(client.registry()) || from.repository().equals(repository)) return false;
        return client.mountBlob(repository, blob.digest(), from.repository());
    }

    /**
     * Asks with the POST that opens the blob's upload (see {@link BlobUploads#probe}) and keeps that upload for the
     * {@link #putBlob} that follows; a registry that does not take the question (an answer neither 201 nor 202, or
     * 400, 404, 405) is asked with a HEAD. Any other refusal (denied, rate limited) is the upload's own, and said so.
     */
    @Override public boolean hasBlobElsePrepare(Descriptor blob) throws IOException {
        okhttp3.HttpUrl upload;
        try {
            upload = client.probeUpload(repository, blob.digest());
        } catch (RegistryException e) {
            int s = e.status();
            if (s != 400 && s != 404 && s != 405 && (s < 200 || s >= 300)) throw e;
            return hasBlob(blob);
        }
        if (upload == null) return true;
        prepared.put(blob.digest(), upload);
        return false;
    }

    @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
        // an upload is used once: a second try opens its own
        client.pushBlob(repository, blob, content, prepared.remove(blob.digest()));
    }

    @Override public Descriptor putNewBlob(String mediaType, InputStream content) throws IOException {
        return client.pushNewBlob(repository, mediaType, content);
    }

    @Override public Optional<java.util.Set<String>> listTags() throws IOException {
        try {
            return Optional.of(java.util.Set.copyOf(client.tags(repository)));
        } catch (RegistryException e) {
            // a repository nothing was pushed to yet has no tags
            if (e.isNotFound()) return Optional.of(java.util.Set.of());
            throw e;
        }
    }

    @Override public Optional<Digest> manifestDigest(String tag) throws IOException {
        return client.headManifest(repository, tag).map(ManifestHead::digest);
    }

    @Override public boolean hasManifest(Digest digest) throws IOException {
        return client.headManifest(repository, digest.toString()).isPresent();
    }

    @Override public void putReferrer(Manifest manifest, dev.ferry.oci.Referrer referrer) throws IOException {
        RegistryReferrers.put(client, repository, manifest, referrer);
    }

    @Override public void putManifest(Manifest manifest, String tag) throws IOException {
        client.putManifest(repository, tag == null ? manifest.digest().toString() : tag, manifest);
    }
}
