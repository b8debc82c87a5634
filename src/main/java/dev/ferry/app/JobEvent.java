package dev.ferry.app;

import dev.ferry.engine.Event;

/**
 * An engine event as a subscriber receives it: the job it concerns and its place in that job's
 * sequence (1, 2, …; a coalesced progress event carries the number of the last event it merged).
 * The image it concerns is the event's own ({@code image()} of the event; empty for job-wide events).
 */
public record JobEvent(String jobId, long seq, Event event) {
    /** The image this event concerns, or "" for events of the whole job. */
    public String image() {
        Event e = event;
        if (e instanceof Event.ImageResolved r) return r.image();
        if (e instanceof Event.BlobStarted b) return b.image();
        if (e instanceof Event.BlobProgress p) return p.image();
        if (e instanceof Event.BlobDone d) return d.image();
        if (e instanceof Event.Retrying r) return r.image();
        if (e instanceof Event.Warning w) return w.image();
        if (e instanceof Event.Checking c) return c.image();
        if (e instanceof Event.ImageFinished f) return f.result().image();
        return "";
    }
}
