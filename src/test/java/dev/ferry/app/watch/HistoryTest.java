package dev.ferry.app.watch;

import dev.ferry.oci.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** history.yaml: image-transmit's file read, ferry's records merged under the lock, the file replaced whole. */
class HistoryTest {
    static final Digest D1 = Digest.sha256("one");
    static final Digest D2 = Digest.sha256("two");

    @Test
    void readsImageTransmitsFileAndKeepsItsEntries(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("history.yaml");
        // as image-transmit's yaml.Marshal of map[string]string writes it
        Files.writeString(f, "10.45.80.1/public/alpine:3.12: \"20210614214212\"\n10.45.80.1/public/alpine:3.13: \"20210615090000\"\n");
        History h = History.open(f);
        assertEquals(2, h.size());
        History.Shipped s = h.shipped("10.45.80.1/public/alpine:3.12", "gz").orElseThrow();
        assertNull(s.digest(), "image-transmit kept no digest");
        assertEquals("20210614214212", s.time());
        assertTrue(h.shipped("10.45.80.1/public/alpine:3.14", "gz").isEmpty());

        h.record("10.45.80.1/public/alpine:3.14", "gz", "10.45.46.109/public/alpine:3.14", D1, Instant.parse("2026-12-01T10:00:00Z"));
        History again = History.open(f);
        assertEquals(3, again.size());
        assertEquals(D1, again.shipped("10.45.80.1/public/alpine:3.14", "gz").orElseThrow().digest());
        assertTrue(again.shipped("10.45.80.1/public/alpine:3.14", "sh").isEmpty(), "per target");
        assertEquals("20210614214212", again.shipped("10.45.80.1/public/alpine:3.12", "gz").orElseThrow().time());
    }

    @Test
    void twoWritersOfOneFileLoseNothingAndLeaveNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("data/history.yaml");
        History a = History.open(f);
        History b = History.open(f); // another watch, opened before the first wrote anything
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        for (History h : List.of(a, b)) {
            String who = h == a ? "a" : "b";
            fs.add(pool.submit(() -> {
                for (int i = 0; i < 20; i++) h.record("reg/" + who + ":" + i, "gz", "t/" + who + ":" + i, i % 2 == 0 ? D1 : D2, Instant.now());
                return null;
            }));
        }
        for (Future<?> x : fs) x.get();
        pool.shutdown();
        History all = History.open(f);
        assertEquals(40, all.size(), "every record of both writers is there");
        assertEquals(D2, all.shipped("reg/b:19", "gz").orElseThrow().digest());
        a.record("reg/a:0", "sh", "s/a:0", D2, Instant.now());
        History.Shipped gz = History.open(f).shipped("reg/a:0", "gz").orElseThrow();
        assertEquals(D1, gz.digest(), "a second target keeps the first");
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of("history.yaml", "history.yaml.lock"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aFileThatIsNoHistoryIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("history.yaml");
        Files.writeString(f, "- just\n- a list\n");
        IOException e = assertThrows(IOException.class, () -> History.open(f));
        assertTrue(e.getMessage().contains("is not a history file"), e::getMessage);
    }
}
