package dev.ferry.pack.squash.goflate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The port writes what Go 1.19's compress/gzip wrote for the same input at the same level (fixtures made by Go). */
class GoDeflaterTest {
    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** header + deflate (pulled through GoDeflaterInputStream) + CRC32 and size, as Go's gzip.Writer. */
    static byte[] goGzip(byte[] plain, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(GoFixtures.goHeader(level));
        try (GoDeflaterInputStream in = new GoDeflaterInputStream(new ByteArrayInputStream(plain), level)) {
            in.transferTo(out);
        }
        trailer(out, plain);
        return out.toByteArray();
    }

    static void trailer(ByteArrayOutputStream out, byte[] plain) {
        CRC32 crc = new CRC32();
        crc.update(plain);
        long c = crc.getValue();
        long n = plain.length;
        for (int i = 0; i < 4; i++) out.write((int) (c >>> (8 * i)));
        for (int i = 0; i < 4; i++) out.write((int) (n >>> (8 * i)));
    }

    @Test
    void everyLevelOfEveryFixtureIsGosBytes() throws Exception {
        List<GoFixtures.Case> cases = GoFixtures.cases();
        assertTrue(cases.size() >= 90, "fixtures: " + cases.size());
        Map<String, byte[]> inputs = new HashMap<>();
        StringBuilder wrong = new StringBuilder();
        for (GoFixtures.Case c : cases) {
            byte[] plain = inputs.computeIfAbsent(c.input(), n -> {
                try {
                    return GoFixtures.input(n);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] gz = goGzip(plain, c.level());
            if (gz.length != c.size() || !sha256(gz).equals(c.sha256())) {
                wrong.append(c.input()).append(" level ").append(c.level()).append(": ").append(gz.length).append(" bytes, Go wrote ").append(c.size()).append('\n');
            }
        }
        assertEquals("", wrong.toString());
    }

    @Test
    void writeSizesDoNotChangeTheBytes() throws Exception {
        byte[] plain = GoFixtures.input("mixed");
        for (int level : new int[]{-2, 0, 1, 2, 4, 6, 9}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(GoFixtures.goHeader(level));
            GoDeflaterOutputStream d = new GoDeflaterOutputStream(out, level);
            java.util.Random sizes = new java.util.Random(level + 5);
            for (int i = 0; i < plain.length; ) {
                int n = Math.min(plain.length - i, sizes.nextInt(3) == 0 ? 1 : sizes.nextInt(70_000) + 1);
                d.write(plain, i, n);
                i += n;
            }
            d.finish();
            trailer(out, plain);
            String want = GoFixtures.cases().stream().filter(c -> c.input().equals("mixed") && c.level() == level).findFirst().orElseThrow().sha256();
            assertEquals(want, sha256(out.toByteArray()), "level " + level);
        }
    }
}
