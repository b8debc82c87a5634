package dev.ferry.app;

import dev.ferry.config.CacheSettings;
import dev.ferry.oci.Platform;
import dev.ferry.ref.ImageReference;

import java.util.List;

/** The value types of a batch job: where it reads and writes, and one planned image each. */
public final class Batch {
    private Batch() {}

    /**
     * A registry as {@code --from}/{@code --to} named it: a cfg.yaml name or an address.
     *
     * @param label      what the user wrote (the cfg name, or the address)
     * @param host       the registry host ({@code 10.45.80.1}, {@code docker.io})
     * @param repository a target's {@code repository} setting from cfg.yaml, or null
     */
    public record Endpoint(String label, String host, String repository, String daemon, String namespace) {
        public Endpoint(String label, String host, String repository) {
            this(label, host, repository, null, null);
        }

        /** {@code docker}, or {@code containerd} with an optional namespace: a local daemon, not a registry. */
        public boolean isDaemon() { return daemon != null; }
    }

    /**
     * One image of the list, mapped to one target.
     *
     * @param line   the line of the list it came from
     * @param entry  the list line as written
     * @param target the target reference; {@link #targetTag()} is null when it names a digest only
     * @param platforms the platforms this image keeps (images.json's architectures); empty: the job's
     * @param alsoTags  more tags written from the same read of the source (images.json's tags)
     */
    public record Planned(int line, String entry, ImageReference source, ImageReference target, Endpoint to,
                          List<Platform> platforms, List<String> alsoTags) {
        public Planned {
            platforms = platforms == null ? List.of() : List.copyOf(platforms);
            alsoTags = alsoTags == null ? List.of() : List.copyOf(alsoTags);
        }

        public Planned(int line, String entry, ImageReference source, ImageReference target, Endpoint to) {
            this(line, entry, source, target, to, List.of(), List.of());
        }

        /** Every tag written: the target's and the others. */
        public List<String> allTags() {
            List<String> out = new java.util.ArrayList<>();
            if (targetTag() != null) out.add(targetTag());
            out.addAll(alsoTags);
            return out;
        }

        public String targetTag() {
            return target.digest().isPresent() && target.tag().isEmpty() ? null : target.tag().orElse(null);
        }

        public String targetName() {
            return targetTag() == null ? target.name() : target.name() + ":" + targetTag();
        }

        /** The target with its other tags ({@code reg/nginx:1.21,latest}), as reports show it. */
        public String targetNames() {
            return targetName() + (alsoTags.isEmpty() ? "" : "," + String.join(",", alsoTags));
        }

        /** The image's name in a sync job's events and results: {@code SOURCE -> TARGET[,TAG...]}. */
        public String imageName() {
            return source + " -> " + targetNames();
        }
    }

    /** A source checked with {@code plan --check}: its digest, or why it could not be read. */
    public record Checked(Planned image, String digest, String error, dev.ferry.ref.Text errorText) {
        public Checked(Planned image, String digest, String error) {
            this(image, digest, error, error == null ? null : dev.ferry.ref.Text.verbatim(error));
        }

        public boolean exists() { return digest != null; }

        /** The check of {@code image} as a check job reported it. */
        public static Checked of(Planned image, dev.ferry.engine.ImageResult r) {
            boolean found = r.status() == dev.ferry.engine.ImageResult.Status.PLANNED && r.sourceDigest() != null;
            return new Checked(image, found ? r.sourceDigest().toString() : null, found ? null : r.error(), found ? null : r.errorText());
        }
    }

    /**
     * What {@code sync} does with the planned images.
     *
     * @param parallel blob transfers at the same time across all images
     * @param cache    the blob cache to read source blobs through, or null for none
     */
    public record SyncRequest(List<Planned> images, List<Platform> platforms, int parallel, int retries, boolean dryRun,
                              CacheSettings cache, boolean referrers) {
        /** Without the images' referrers. */
        public SyncRequest(List<Planned> images, List<Platform> platforms, int parallel, int retries, boolean dryRun, CacheSettings cache) {
            this(images, platforms, parallel, retries, dryRun, cache, false);
        }

        public SyncRequest {
            images = List.copyOf(images);
            platforms = platforms == null ? List.of() : List.copyOf(platforms);
        }

        /** Without a cache. */
        public SyncRequest(List<Planned> images, List<Platform> platforms, int parallel, int retries, boolean dryRun) {
            this(images, platforms, parallel, retries, dryRun, null);
        }
    }
}
