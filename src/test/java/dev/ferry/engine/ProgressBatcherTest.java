package dev.ferry.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBatcherTest {

    @Test
    void readsAreReportedInBatchesOfAMebibyteAndNothingIsLost() {
        List<Long> events = new ArrayList<>();
        ProgressBatcher b = new ProgressBatcher(events::add);
        long total = 0;
        for (int i = 0; i < 1000; i++) { // 1000 reads of 8 KiB and a bit, as a socket hands them out
            b.accept(8192 + i % 7);
            total += 8192 + i % 7;
        }
        b.flush();
        assertEquals(total, events.stream().mapToLong(Long::longValue).sum());
        assertEquals(total, b.emitted());
        assertTrue(events.size() <= 9, "about one event per MiB, not one per read: " + events.size());
        b.flush();
        assertEquals(total, events.stream().mapToLong(Long::longValue).sum(), "a second flush reports nothing new");
    }

    @Test
    void aSlowStreamIsStillReportedEveryTenthOfASecond() throws InterruptedException {
        List<Long> events = new ArrayList<>();
        ProgressBatcher b = new ProgressBatcher(events::add);
        b.accept(100);
        assertTrue(events.isEmpty(), "a few bytes wait for more");
        Thread.sleep(ProgressBatcher.NANOS / 1_000_000 + 20);
        b.accept(100);
        assertEquals(List.of(200L), events, "after 100 ms the bytes so far are reported");
        assertEquals(200, b.emitted());
    }
}
