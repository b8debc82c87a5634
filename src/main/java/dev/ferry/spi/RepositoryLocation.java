package dev.ferry.spi;

/** A repository on a registry ({@code registry} as normalised, e.g. {@code 127.0.0.1:5000}). Used to mount blobs across repositories. */
public record RepositoryLocation(String registry, String repository) {
    @Override public String toString() { return registry + "/" + repository; }
}
