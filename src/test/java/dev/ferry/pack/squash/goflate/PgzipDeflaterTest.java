package dev.ferry.pack.squash.goflate;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pgzip port writes what klauspost/pgzip 1.2.5 (with klauspost/compress 1.15.12) wrote, built by Go 1.19 (fixtures). */
class PgzipDeflaterTest {
    @Test
    void everyPortedLevelAndBlockSizeIsPgzipsBytes() throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("pgzip.sha256")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        String first = text.lines().findFirst().orElseThrow();
        byte[] header = HexFormat.of().parseHex(first.substring(first.indexOf("header ") + 7).trim());
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
        assertTrue(checked >= 80, "fixtures: " + checked);
        assertEquals("", wrong.toString());
    }
}
