package dev.ferry.ref;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TagOrderTest {

    private static final TagOrder ORDER = TagOrder.INSTANCE;

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource(quoteCharacter = '`', delimiter = '|', textBlock = """
            # older                   | newer
            v3.5                      | v3.10
            v3.9                      | v3.10
            1.9.2                     | 1.10.0
            1.2                       | 1.10
            C_20210818100000          | C_20210819100000
            C_20210819095959          | C_20210819100000
            9                         | 10
            007                       | 8
            1.07                      | 1.7
            99999999999999999999999   | 100000000000000000000000
            1.0                       | 1.0.1
            1.0                       | 1.0-rc1
            1.0-rc1                   | 1.0-rc2
            1.0-rc9                   | 1.0-rc10
            1.0-rc1                   | 1.0.1
            2024                      | v1
            a                         | b
            B                         | a
            v1                        | v1a
            1.25                      | latest
            v99                       | latest
            zzz                       | latest
            latest-1                  | latest
            latesu                    | latest
            """)
    void orders(String older, String newer) {
        assertTrue(ORDER.compare(older, newer) < 0, older + " < " + newer);
        assertTrue(ORDER.compare(newer, older) > 0, newer + " > " + older);
    }

    @Test
    void latestIsGreatestOfAll() {
        assertEquals(0, ORDER.compare("latest", "latest"));
        List<String> tags = new ArrayList<>(List.of("v3.10", "latest", "v3.5", "v3.9", "zzz"));
        assertEquals("latest", Collections.max(tags, ORDER));
    }

    @Test
    void sortsAList() {
        List<String> expected = List.of(
                "1.0", "1.0-rc1", "1.0-rc2", "1.0-rc10", "1.0.1", "1.2", "1.9.2", "1.10.0", "v3.5", "v3.10", "latest");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(1));
        shuffled.sort(ORDER);
        assertEquals(expected, shuffled);
    }

    @Test
    void isATotalOrderConsistentWithEquals() {
        Random random = new Random(99);
        String alphabet = "0129.-_vaZ";
        List<String> tags = new ArrayList<>(List.of("latest", "", "0", "00", "1", "01"));
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(7);
            for (int k = 0; k < length; k++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            tags.add(b.toString());
        }
        for (String a : tags) {
            for (String b : tags) {
                int ab = Integer.signum(ORDER.compare(a, b));
                assertEquals(-ab, Integer.signum(ORDER.compare(b, a)), a + " vs " + b);
                assertEquals(a.equals(b), ab == 0, a + " vs " + b);
            }
        }
        List<String> sample = tags.subList(0, 80);
        for (String a : sample) {
            for (String b : sample) {
                for (String c : sample) {
                    if (ORDER.compare(a, b) < 0 && ORDER.compare(b, c) < 0) {
                        assertTrue(ORDER.compare(a, c) < 0, a + " < " + b + " < " + c);
                    }
                }
            }
        }
    }
}
