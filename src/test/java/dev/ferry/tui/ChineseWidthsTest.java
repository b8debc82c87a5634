package dev.ferry.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.ferry.app.DisplayWidth;
import dev.ferry.app.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The terminal UI in Chinese measures columns, not chars: a CJK character takes two. The virtual terminal's rows
 * hold one character a column, so a Chinese character shows twice in them ("校校验验" is 校验 in four columns).
 */
@Timeout(120)
class ChineseWidthsTest {
    @Test
    void fitCountsColumns() {
        assertEquals("等待      ", Units.fit("等待", 10));
        assertEquals(10, DisplayWidth.of(Units.fit("等待", 10)));
        assertEquals("传输~ ", Units.fit("传输中很长", 6), "cut at a character, the column left blank");
        assertEquals("done      ", Units.fit("done", 10));
        assertEquals("movin~", Units.fit("moving now", 6));
    }

    @Test
    void theReleaseScreenInChineseShowsWholeButtonsAndAWholeProgressRow() throws Exception {
        ReleaseRig rig = new ReleaseRig();
        try (VirtualTui tui = new VirtualTui(rig.session, 80, 24)) {
            tui.await("the release screen", s -> s.contains("[F2 Release]"));
            tui.ws.messages(Messages.forLocale(Locale.SIMPLIFIED_CHINESE));
            tui.await("the screen in Chinese", s -> s.contains("[F2 发发布布]"));
            tui.type("app/one:1 -> zh/one:1\n");
            tui.await("the line checked", s -> s.contains("有有效效 "));
            tui.key(KeyType.F6);
            String s = tui.await("the transfer done", x -> x.contains("完完成成。。") && x.contains("耗耗时时 "));
            assertTrue(s.contains("< 校校验验 > < 传传输输 > < 下下载载 > < 上上传传 > < 停停止止 >"), "a label's first character whole:\n" + s);
            assertTrue(s.contains("<重重试试失失败败的的>"), s);
            assertTrue(s.lines().anyMatch(l -> l.startsWith("传传输输 1 到到 gz [") && l.stripTrailing().matches(".*耗耗时时 \\d+:\\d\\d")),
                    "the overall row fits 80 columns, its time whole:\n" + s);
            assertTrue(s.lines().anyMatch(l -> l.startsWith("app/one:1 ") && l.contains(" 完完成成 ") && l.contains("[")), s);
        } finally {
            rig.close();
        }
    }
}
