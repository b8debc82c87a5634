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

    @Override public void putBlob(Descriptor blob, InputStream content) throws IOException {
        client.pushBlob(repository, blob, content);
    }

    @Override public Descriptor putNewBlob(String mediaType, InputStream content) throws IOException {
        return client.pushNewBlob(repository, mediaType, content);
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
