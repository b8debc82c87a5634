package dev.ferry.engine;

import dev.ferry.oci.Digest;
import dev.ferry.spi.ImageSink;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The tags of a job's targets, listed once for each target that many of the job's images go to: a tag the list lacks
 * needs no HEAD to learn that it is not there (a mirror job of many new tags in one repository). A list that cannot
 * be had leaves every tag to its HEAD; a tag added after the list was read is written over, as one pointing elsewhere
 * would be.
 */
final class TargetTags {
    /** Images a target must receive in one job before its tags are listed (a list may take pages; a HEAD is one request). */
    static final int MIN_IMAGES = 16;

    private final Set<String> listed;
    private final Map<String, CompletableFuture<Optional<Set<String>>>> lists = new ConcurrentHashMap<>();

    TargetTags(List<ImageTask> tasks) {
        Map<String, Integer> images = new HashMap<>();
        for (ImageTask t : tasks) if (t.targetTag() != null) images.merge(t.sink().describe(), 1, Integer::sum);
        images.values().removeIf(n -> n < MIN_IMAGES);
        this.listed = Set.copyOf(images.keySet());
    }

    /** What {@code tag} points at in {@code t}'s sink: empty without asking when the sink's list lacks it. */
    Optional<Digest> digestOf(ImageTask t, String tag) throws IOException {
        ImageSink sink = t.sink();
        if (listed.contains(sink.describe())) {
            Optional<Set<String>> tags = list(sink);
            if (tags.isPresent() && !tags.get().contains(tag)) return Optional.empty();
        }
        return sink.manifestDigest(tag);
    }

    private Optional<Set<String>> list(ImageSink sink) {
        CompletableFuture<Optional<Set<String>>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Set<String>>> first = lists.putIfAbsent(sink.describe(), mine);
        if (first == null) {
            try {
                mine.complete(sink.listTags());
            } catch (IOException | RuntimeException e) {
                mine.complete(Optional.empty());
            }
            return mine.join();
        }
        try {
            return first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }
}
