package dev.ferry.cache;

import dev.ferry.oci.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sightings file on a real file system: two writers (as two processes would) share it, it stays bounded, bad lines are skipped. */
class BlobSightingsTest {
    @Test
    void twoWritersShareOneFileAndItStaysWithinItsBound(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("s");
        BlobSightings a = BlobSightings.in(dir, 4096), b = BlobSightings.in(dir, 4096);
        Digest d = Digest.parse("sha256:" + "a".repeat(64));
        a.saw("reg:5000", "one/app", d);
        assertEquals(List.of("one/app"), b.repositories("reg:5000", d), "what one writer appends the other reads");
        b.saw("reg:5000", "two/app", d);
        assertEquals(List.of("two/app", "one/app"), a.repositories("reg:5000", d), "the newest first");
        a.forget("reg:5000", "two/app", d);
        assertEquals(List.of("one/app"), b.repositories("reg:5000", d));
        assertEquals(List.of(), a.repositories("other:5000", d), "registries are apart");
        for (int i = 0; i < 500; i++) {
            a.saw("reg:5000", "many/r" + i, Digest.parse("sha256:" + String.format("%064x", i + 1)));
        }
        Path file;
        try (var files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".seen")).findFirst().orElseThrow();
        }
        assertTrue(Files.size(file) <= 4096 + 200, "bounded: " + Files.size(file));
        Digest newest = Digest.parse("sha256:" + String.format("%064x", 500));
        assertEquals(List.of("many/r499"), b.repositories("reg:5000", newest), "a compaction keeps the newest and others read it");
        Files.writeString(file, "garbage line\n+ nonsense\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("many/r499"), BlobSightings.in(dir, 4096).repositories("reg:5000", newest), "bad lines are skipped");
    }
}
