package dev.ferry.engine;

import java.util.List;

/** Every image's result and the job's totals. */
public record JobResult(List<ImageResult> images, double seconds, boolean cancelled) {

    public long failed() { return images.stream().filter(i -> !i.ok()).count(); }

    public boolean ok() { return !cancelled && failed() == 0; }

    public long bytesMoved() { return images.stream().mapToLong(ImageResult::bytesMoved).sum(); }

    public long bytesSkipped() { return images.stream().mapToLong(ImageResult::bytesSkipped).sum(); }
}
