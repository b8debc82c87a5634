package dev.ferry.engine;

import dev.ferry.oci.Platform;
import dev.ferry.spi.ImageSink;
import dev.ferry.spi.ImageSource;

import java.util.List;

/**
 * One image to move.
 *
 * @param image      a short name for events and reports (usually the source reference)
 * @param source     where to read it
 * @param reference  the tag or digest at the source (null: the only image of a layout)
 * @param sink       where to write it
 * @param targetTag  the tag to write at the target, or null to write by digest only
 * @param sourceName the source as the user should see it in the report
 * @param targetName the target as the user should see it in the report
 * @param platforms  platforms to keep; empty keeps all and the target digest equals the source's
 * @param alsoTags   more tags for the same manifest at the same sink: one read of the source, one
 *                   manifest PUT each (images.json's tags)
 * @param referrers  also move what refers to the image ({@code --referrers}): its OCI 1.1 referrers and cosign's
 *                   {@code .sig}, {@code .att}, {@code .sbom} tags, and what refers to those (bounded)
 */
public record ImageTask(String image, ImageSource source, String reference, ImageSink sink, String targetTag,
                        String sourceName, String targetName, List<Platform> platforms, List<String> alsoTags, boolean referrers) {
    public ImageTask {
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        alsoTags = alsoTags == null ? List.of() : List.copyOf(alsoTags);
    }

    public ImageTask(String image, ImageSource source, String reference, ImageSink sink, String targetTag,
                     String sourceName, String targetName, List<Platform> platforms, List<String> alsoTags) {
        this(image, source, reference, sink, targetTag, sourceName, targetName, platforms, alsoTags, false);
    }

    /** This task, with or without the image's referrers. */
    public ImageTask withReferrers(boolean on) {
        return on == referrers ? this : new ImageTask(image, source, reference, sink, targetTag, sourceName, targetName, platforms, alsoTags, on);
    }

    public ImageTask(String image, ImageSource source, String reference, ImageSink sink, String targetTag,
                     String sourceName, String targetName, List<Platform> platforms) {
        this(image, source, reference, sink, targetTag, sourceName, targetName, platforms, List.of());
    }
}
