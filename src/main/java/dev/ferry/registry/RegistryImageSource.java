package dev.ferry.registry;

import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.Manifest;
import dev.ferry.spi.ImageSource;
import dev.ferry.spi.RepositoryLocation;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** A registry repository read as an {@link ImageSource}. */
public final class RegistryImageSource implements ImageSource {
    private final RegistryClient client;
    private final String repository;

    public RegistryImageSource(RegistryClient client, String repository) {
        this.client = client;
        this.repository = repository;
    }

    @Override public String describe() { return client.registry() + "/" + repository; }

    @Override public Manifest manifest(String reference) throws IOException {
        return client.getManifest(repository, reference);
    }

    @Override public Manifest manifest(Descriptor descriptor) throws IOException {
        return client.getManifest(repository, descriptor.digest().toString());
    }

    @Override public InputStream openBlob(Descriptor descriptor) throws IOException {
        return client.getBlobFast(repository, descriptor);
    }

    @Override public byte[] readBlob(Descriptor descriptor) throws IOException {
        return client.readBlob(repository, descriptor);
    }

    @Override public Optional<Digest> digestOf(String reference) throws IOException {
        return client.headManifest(repository, reference).map(ManifestHead::digest);
    }

    @Override public java.util.List<dev.ferry.oci.Referrer> referrers(Digest subject) throws IOException {
        return RegistryReferrers.list(client, repository, subject);
    }

    @Override public Optional<RepositoryLocation> location() {
        return Optional.of(new RepositoryLocation(client.registry(), repository));
    }
}
