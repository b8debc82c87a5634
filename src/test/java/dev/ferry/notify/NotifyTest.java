package dev.ferry.notify;

import dev.ferry.testing.NotifyReceiver;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DingTalk's signature, the webhook's HMAC, retries, and a dead receiver that never holds the sender up; against a loopback stand-in. */
class NotifyTest {
    static final Notice NOTICE = new Notice("round", "ferry watch: 1 shipped", "### ferry watch\n\n- **a:1** -> b:1", "{\"event\":\"round\",\"n\":1}");

    @Test
    void dingTalkSignsAsDingTalkDocumentsIt() throws Exception {
        // DingTalk's documented example: timestamp 1577262236757 with secret "this is secret"
        String sign = DingTalkRobot.sign(1577262236757L, "this is secret");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("this is secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertEquals(java.util.Base64.getEncoder().encodeToString(mac.doFinal("1577262236757\nthis is secret".getBytes(StandardCharsets.UTF_8))), sign);
        try (NotifyReceiver hub = new NotifyReceiver("tok", "s3cret", null)) {
            new DingTalkRobot("robot 1", hub.robotUrl(), "tok", "s3cret", Clock.systemUTC(), Http.direct()).send(NOTICE);
            NotifyReceiver.Received r = hub.received("/robot/send").get(0);
            assertTrue(r.signatureValid(), r::toString);
            assertTrue(r.body().contains("\"msgtype\":\"markdown\"") && r.body().contains("ferry watch: 1 shipped"), r::body);
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> new DingTalkRobot("robot 1", hub.robotUrl(), "tok", "other", Clock.systemUTC(), Http.direct()).send(NOTICE));
            assertTrue(e.getMessage().contains("310000"), e::getMessage);
            assertFalse(e.getMessage().contains("tok") || e.getMessage().contains("other"), e::getMessage);
        }
    }

    @Test
    void aWebhookIsSignedAndRetriedUntilItTakesTheNotice() throws Exception {
        try (NotifyReceiver hub = new NotifyReceiver("tok", null, "h00k")) {
            hub.failNext(2);
            List<Dispatcher.Failure> failures = new CopyOnWriteArrayList<>();
            Dispatcher d = new Dispatcher(List.of(new WebhookChannel("hook", hub.hookUrl(), "h00k", Http.direct())), 4, Duration.ofMillis(50), failures::add);
            d.submit(NOTICE);
            d.close(Duration.ofSeconds(10));
            List<NotifyReceiver.Received> got = hub.received("/hook");
            assertEquals(3, got.size(), "two 503s, then taken");
            for (NotifyReceiver.Received r : got) {
                assertTrue(r.signatureValid(), r::toString);
                assertEquals(NOTICE.json(), r.body());
                assertEquals("round", r.headers().get("x-ferry-event"));
            }
            assertEquals(List.of(), failures);
            assertEquals(WebhookChannel.signature("h00k", NOTICE.json().getBytes(StandardCharsets.UTF_8)), got.get(0).headers().get("x-ferry-signature"));
        }
    }

    @Test
    void aDeadReceiverNeverHoldsTheSenderUpAndIsReportedWithoutItsUrlsSecrets() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        List<Dispatcher.Failure> failures = new CopyOnWriteArrayList<>();
        Dispatcher d = new Dispatcher(List.of(new WebhookChannel("webhook http://127.0.0.1:" + closed + "/x",
                "http://127.0.0.1:" + closed + "/x?token=abc", null, Http.direct())), 3, Duration.ofMillis(20), failures::add);
        long t = System.nanoTime();
        for (int i = 0; i < 500; i++) d.submit(NOTICE);
        assertTrue(System.nanoTime() - t < Duration.ofMillis(500).toNanos(), "submit returns at once, even with a full queue");
        d.close(Duration.ofSeconds(2));
        assertFalse(failures.isEmpty());
        Dispatcher.Failure f = failures.get(0);
        assertEquals(3, f.attempts());
        assertFalse(f.toString().contains("abc"), f::toString);
    }

    @Test
    void closeRightAfterSubmitWaitsForTheNoticeTheWorkerHasTaken() throws Exception {
        // the window between the worker taking a notice off the queue and sending it once let
        // close() see an empty queue, stop the worker, and a test notice was called sent unsent
        try (NotifyReceiver hub = new NotifyReceiver("tok", null, null)) {
            for (int i = 1; i <= 200; i++) {
                Dispatcher d = new Dispatcher(List.of(new WebhookChannel("hook", hub.hookUrl(), null, Http.direct())), 1, Duration.ofMillis(10), f -> { });
                d.submit(NOTICE);
                assertTrue(d.close(Duration.ofSeconds(10)), "notice " + i + " dealt with before close returned");
                assertEquals(i, hub.received("/hook").size(), "notice " + i + " delivered before close returned");
            }
        }
    }
}
