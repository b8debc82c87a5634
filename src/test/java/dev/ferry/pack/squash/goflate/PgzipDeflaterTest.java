package dev.ferry.pack.squash.goflate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pgzip port writes what klauspost/pgzip 1.2.5 (with klauspost/compress 1.15.12) wrote, built by Go 1.19 (fixtures). */
class PgzipDeflaterTest {
    @Test
    void everyPortedLevelAndBlockSizeIsPgzipsBytes() throws Exception {
        assertTrue(matchPgzip("pgzip.sha256") >= 80);
    }

    /**
     * Inputs that take the encoder's rarer paths (make-pgzip-edge-fixtures.go): incompressible stretches (stored blocks,
     * whose length fields wait in the bit accumulator), runs of one byte far longer than a match, an earlier stretch
     * repeated many times, at lengths that put block boundaries anywhere.
     */
    @Test
    void inputsOfStoredBlocksLongRunsAndRepeatsArePgzipsBytes() throws Exception {
        assertEquals(24, matchPgzip("pgzip-edges.sha256"));
    }

    /** Compresses every input of a fixture file as it says; returns how many lines were checked. */
    private int matchPgzip(String fixtures) throws Exception {
        String head;
        try (InputStream in = getClass().getResourceAsStream("pgzip.sha256")) {
            head = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst().orElseThrow();
        }
        String text;
        try (InputStream in = getClass().getResourceAsStream(fixtures)) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        byte[] header = HexFormat.of().parseHex(head.substring(head.indexOf("header ") + 7).trim());
        Map<String, byte[]> inputs = new HashMap<>();
        StringBuilder wrong = new StringBuilder();
        int checked = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) continue;
            String[] f = line.split(" ");
            int level = Integer.parseInt(f[1]);
            int block = Integer.parseInt(f[2]);
            byte[] plain = inputs.get(f[0]);
            if (plain == null) inputs.put(f[0], plain = GoFixtures.input(f[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header);
            try (InputStream d = new PgzipDeflaterInputStream(new ByteArrayInputStream(plain), level, block)) {
                d.transferTo(out);
            }
            GoDeflaterTest.trailer(out, plain);
            byte[] gz = out.toByteArray();
            checked++;
            if (gz.length != Long.parseLong(f[3]) || !GoDeflaterTest.sha256(gz).equals(f[4])) {
                wrong.append(f[0]).append(" level ").append(level).append(" block ").append(block).append(": ").append(gz.length).append(" bytes, pgzip wrote ").append(f[3]).append('\n');
            }
        }
        assertEquals("", wrong.toString());
        return checked;
    }

    /** Every level and both block sizes, cut into odd writes: the same bytes whether blocks are compressed one at a time or several at once. */
    @Test
    void blocksCompressedAtOnceAreTheBytesOfOneAtATime() throws Exception {
        byte[] plain = GoFixtures.generate((5 << 20) + 12345, 7);
        for (int level : new int[]{5, -2, 0}) {
            for (int block : new int[]{1 << 20, 256 << 10, 16385}) {
                byte[] one = deflate(plain, level, block, 1, 65536);
                for (int parallel : new int[]{2, 3, 8}) {
                    byte[] many = deflate(plain, level, block, parallel, 4093 * parallel);
                    assertArrayEquals(one, many, "level " + level + " block " + block + " parallel " + parallel);
                }
                assertTrue(one.length > 0);
            }
        }
    }

    /** Streams opened and closed by the hundred, finished or abandoned half way, leave no more threads than the pool's. */
    @Test
    void manyStreamsDoNotLeakThreads() throws Exception {
        byte[] plain = GoFixtures.generate(3 << 20, 9);
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        for (int i = 0; i < 200; i++) {
            try (InputStream d = new PgzipDeflaterInputStream(new ByteArrayInputStream(plain), 5, 256 << 10)) {
                if (i % 2 == 0) d.transferTo(OutputStream.nullOutputStream());
                else assertTrue(d.read(new byte[1000]) > 0);
            }
            long pgzip = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("ferry-pgzip-")).count();
            assertTrue(pgzip <= PgzipPool.THREADS, pgzip + " pgzip threads, the pool has " + PgzipPool.THREADS);
        }
        java.util.List<String> added = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && !t.getName().startsWith("ferry-pgzip-")).map(Thread::getName).toList();
        assertEquals(java.util.List.of(), added, "threads the streams left");
    }

    /** Every pool thread busy with other work (other streams' blocks): a stream still finishes, its caller compressing its blocks, to the same bytes. */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aStreamMovesWhileThePoolIsBusy() throws Exception {
        byte[] plain = GoFixtures.generate(3 << 20, 11);
        byte[] one = deflate(plain, 5, 256 << 10, 1, 65536);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(PgzipPool.THREADS);
        for (int i = 0; i < PgzipPool.THREADS; i++) {
            PgzipPool.EXECUTOR.execute(() -> {
                busy.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(busy.await(10, java.util.concurrent.TimeUnit.SECONDS));
            assertArrayEquals(one, deflate(plain, 5, 256 << 10, 4, 65536));
        } finally {
            release.countDown();
        }
    }

    private static byte[] deflate(byte[] plain, int level, int block, int parallel, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PgzipDeflater d = new PgzipDeflater(out, level, block, parallel);
        for (int off = 0; off < plain.length; off += chunk) d.write(plain, off, Math.min(chunk, plain.length - off));
        d.finish();
        return out.toByteArray();
    }
}
