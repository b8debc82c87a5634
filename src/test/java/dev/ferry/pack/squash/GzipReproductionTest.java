package dev.ferry.pack.squash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The gzip level of a layer is found while it streams, and the layer compressed again at that level is the same bytes. */
class GzipReproductionTest {
    static byte[] sample(int size) {
        return dev.ferry.testing.FileLayers.text(size, 7);
    }

    static byte[] gzip(byte[] plain, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            { def.setLevel(level); }
        }) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    /** Pushes {@code gz} through the inflow in chunks of {@code chunk}; returns the level found and checks the bytes that came out. */
    static GzipForm formOf(byte[] gz, byte[] plain, int chunk) throws IOException {
        DeflateMatcher m = new DeflateMatcher();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        GzipInflow in = new GzipInflow(got, m);
        for (int i = 0; i < gz.length; i += chunk) in.write(gz, i, Math.min(chunk, gz.length - i));
        in.finish();
        assertArrayEquals(plain, got.toByteArray());
        return in.single() ? m.finish(in.firstDeflateLength(), in.firstHeader()) : null;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9})
    void everyZlibLevelIsReproduced(int level) throws IOException {
        byte[] plain = sample(700_000);
        byte[] gz = gzip(plain, level);
        GzipForm found = formOf(gz, plain, 7919);
        assertNotNull(found, "level " + level + " not found");
        assertEquals(GzipForm.Family.ZLIB, found.family());
        byte[] again = found.compress(new ByteArrayInputStream(plain)).readAllBytes();
        assertArrayEquals(gz, again);
    }

    @Test
    void aStrategyNoLevelUsesIsNotMistakenForOne() throws IOException {
        byte[] plain = sample(500_000);
        byte[] gz = dev.ferry.testing.FileLayers.class.getName().isEmpty() ? null : huffman(plain);
        assertNull(formOf(gz, plain, 65536));
    }

    static byte[] huffman(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            { def.setStrategy(Deflater.HUFFMAN_ONLY); }
        }) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void twoMembersAreReadButNotReproducible() throws IOException {
        byte[] a = sample(100_000), b = sample(50_000);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzip(a, 6));
        both.writeBytes(gzip(b, 6));
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        plain.writeBytes(a);
        plain.writeBytes(b);
        assertNull(formOf(both.toByteArray(), plain.toByteArray(), 4096));
    }

    /** Streams Go 1.19's gzip.Writer wrote (fixtures): found as Go's at their level, and compressed again to the same bytes. */
    @ParameterizedTest
    @ValueSource(strings = {"gosource.gz:6", "mixed.gz:6", "gosource-level1.gz:1", "gosource-level4.gz:4", "gosource-level9.gz:9", "gosource-level-2.gz:-2"})
    void goMadeStreamsAreReproduced(String fixture) throws IOException {
        String name = fixture.substring(0, fixture.lastIndexOf(':'));
        int level = Integer.parseInt(fixture.substring(fixture.lastIndexOf(':') + 1));
        byte[] gz;
        try (InputStream in = dev.ferry.pack.squash.goflate.GoFixtures.class.getResourceAsStream(name)) {
            gz = in.readAllBytes();
        }
        byte[] plain;
        try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz))) {
            plain = in.readAllBytes();
        }
        GzipForm found = formOf(gz, plain, 5000);
        assertNotNull(found, name + " not reproduced");
        assertEquals(GzipForm.Family.GO, found.family());
        assertEquals(level, found.level());
        assertArrayEquals(gz, found.compress(new ByteArrayInputStream(plain)).readAllBytes());
    }

    /** A stream klauspost/pgzip wrote with umoci's 256 KiB blocks (fixture made by Go): found as pgzip's, and compressed again to the same bytes. */
    @Test
    void aPgzipStreamIsReproduced() throws IOException {
        byte[] gz;
        try (InputStream in = dev.ferry.pack.squash.goflate.GoFixtures.class.getResourceAsStream("gen-pgzip-256k.gz")) {
            gz = in.readAllBytes();
        }
        byte[] plain = dev.ferry.pack.squash.goflate.GoFixtures.generate(700_000, 11);
        GzipForm found = formOf(gz, plain, 65536);
        assertNotNull(found, "pgzip stream not reproduced");
        assertEquals(GzipForm.Family.PGZIP, found.family());
        assertEquals(5, found.level());
        assertEquals(256 << 10, found.blockSize());
        assertEquals("pgzip:262144", found.compressor());
        assertArrayEquals(gz, found.compress(new ByteArrayInputStream(plain)).readAllBytes());
    }

    static InputStream unused() { return null; }
}
