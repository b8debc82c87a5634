package dev.ferry.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code stats.json}: the last jobs' hits and misses, appended under a lock shared by all
 * processes and replaced atomically (a reader never sees half a file).
 */
final class StatsFile {
    static final int KEEP = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsFile() {}

    static List<BlobCache.JobStats> read(Path file) {
        List<BlobCache.JobStats> out = new ArrayList<>();
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) return out;
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return out; // unreadable statistics are no statistics
        }
        if (root == null) return out;
        for (JsonNode n : root.path("jobs")) {
            try {
                out.add(new BlobCache.JobStats(n.path("job").asText(""), instant(n.path("started")), instant(n.path("finished")),
                        n.path("hits").asLong(), n.path("misses").asLong(), n.path("waits").asLong(),
                        n.path("bytesFromCache").asLong(), n.path("bytesFromSource").asLong(), n.path("blobsCached").asLong(),
                        n.path("bytesCached").asLong(), n.path("corrupt").asLong(), n.path("uncached").asLong()));
            } catch (RuntimeException e) {
                // skip an entry some other version wrote
            }
        }
        return out;
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    static void append(Path file, LockTable locks, BlobCache.JobStats s) throws IOException {
        LockTable.Lease lock = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((lock = locks.tryExclusive(LockTable.STATS)) == null) {
            if (System.nanoTime() > deadline) throw new LocalizedIOException(Text.of("cache.stats_locked"));
            locks.awaitChange(20);
        }
        try {
            List<BlobCache.JobStats> all = new ArrayList<>(read(file));
            all.add(s);
            if (all.size() > KEEP) all = all.subList(all.size() - KEEP, all.size());
            ObjectNode root = JSON.createObjectNode();
            ArrayNode jobs = root.putArray("jobs");
            for (BlobCache.JobStats j : all) {
                ObjectNode n = jobs.addObject();
                n.put("job", j.job());
                n.put("started", j.started() == null ? null : j.started().toString());
                n.put("finished", j.finished() == null ? null : j.finished().toString());
                n.put("hits", j.hits());
                n.put("misses", j.misses());
                n.put("waits", j.waits());
                n.put("bytesFromCache", j.bytesFromCache());
                n.put("bytesFromSource", j.bytesFromSource());
                n.put("blobsCached", j.blobsCached());
                n.put("bytesCached", j.bytesCached());
                n.put("corrupt", j.corrupt());
                n.put("uncached", j.uncached());
            }
            Path tmp = file.resolveSibling("stats.json.tmp");
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (InterruptedIOException e) {
            throw e;
        } finally {
            lock.close();
        }
    }
}
