package dev.ferry.ref;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisplayWidthTest {
    @Test
    void chineseAndFullWidthTakeTwoColumnsCombiningMarksNone() {
        assertEquals(5, DisplayWidth.of("ferry"));
        assertEquals(6, DisplayWidth.of("不存在"));
        assertEquals(6, DisplayWidth.of("失败："), "a full-width colon is two columns too");
        assertEquals(11, DisplayWidth.of("无效:0 总计"));
        assertEquals(1, DisplayWidth.of("e\u0301"), "e and a combining acute accent");
        assertEquals(2, DisplayWidth.of("\uD840\uDC00"), "U+20000, outside the BMP");
        assertEquals(2, DisplayWidth.of("가"));
    }

    @Test
    void padRightCountsColumnsNotCharacters() {
        assertEquals("存在  |", DisplayWidth.padRight("存在", 6) + "|");
        assertEquals("不存在|", DisplayWidth.padRight("不存在", 6) + "|");
        assertEquals("ok    |", DisplayWidth.padRight("ok", 6) + "|");
        assertEquals("toolong|", DisplayWidth.padRight("toolong", 3) + "|");
    }
}
