package dev.ferry.notify;

import java.io.IOException;

/** Somewhere a notice is posted: a DingTalk robot, a webhook. */
public interface Channel {
    /** The channel as messages name it, without any credential ("DingTalk robot 1", a webhook's URL without its query). */
    String label();

    /** Posts one notice; fails when the other side did not take it. */
    void send(Notice notice) throws IOException, InterruptedException;
}
