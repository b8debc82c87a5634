package dev.ferry.cli;

import dev.ferry.engine.Event;
import dev.ferry.engine.EventListener;
import dev.ferry.oci.Digest;

import java.util.HashMap;
import java.util.Map;

/**
 * What a job did to its targets' blobs, counted from its events as a registry would count its requests: every push
 * (once per target registry), the distinct blobs found already there, and those mounted from another repository. The images' own counts cannot say
 * this: a layer two images share is pushed for one and "skipped" for the other, which a summary must not call "already
 * there" when the registry was empty.
 */
final class BlobTally implements EventListener {
    private long pushedBytes;
    private int pushed;
    private final Map<Digest, Long> there = new HashMap<>();
    private final Map<Digest, Long> mounted = new HashMap<>();

    @Override public synchronized void on(Event e) {
        if (!(e instanceof Event.BlobDone d)) return;
        switch (d.outcome()) {
            case COPIED -> {
                pushed++;
                pushedBytes += d.size();
            }
            case EXISTS -> there.putIfAbsent(d.digest(), d.size());
            case MOUNTED -> mounted.putIfAbsent(d.digest(), d.size());
            case PLANNED, SHARED -> { } // a shared blob is counted by the image that moved it
        }
    }

    /** Blob bytes pushed (uploaded) to the targets. */
    synchronized long pushedBytes() { return pushedBytes; }

    /** Blobs pushed to the targets. */
    synchronized int pushed() { return pushed; }

    /** The bytes of the distinct blobs a target repository already had: nothing of them moved. */
    synchronized long alreadyThereBytes() { return there.values().stream().mapToLong(Long::longValue).sum(); }

    /** The bytes of the distinct blobs mounted from another repository of the same registry (pushed there before, or by this job). */
    synchronized long mountedBytes() { return mounted.values().stream().mapToLong(Long::longValue).sum(); }
}
