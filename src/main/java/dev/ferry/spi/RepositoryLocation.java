package dev.ferry.spi;

/** A repository on a registry ({@code registry} as normalised, e.g. {@code 127.0.0.1:5000}). Used to mount blobs across repositories. */
public record RepositoryLocation(String registry, String repository) {
    @Override public String toString() { return registry + "/" + repository; }

    // written out: a record's generated equals/hashCode are linked at run time on first use (start-up cost)
    @Override public boolean equals(Object o) {
        return o instanceof RepositoryLocation l && java.util.Objects.equals(registry, l.registry) && java.util.Objects.equals(repository, l.repository);
    }

    @Override public int hashCode() {
        return 31 * java.util.Objects.hashCode(registry) + java.util.Objects.hashCode(repository);
    }
}
