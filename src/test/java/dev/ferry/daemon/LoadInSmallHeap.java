package dev.ferry.daemon;

import dev.ferry.engine.Engine;
import dev.ferry.engine.ImageResult;
import dev.ferry.engine.ImageTask;
import dev.ferry.pack.OciLayout;
import dev.ferry.spi.ImageSink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code oci:LAYOUT:TAG} into docker ({@code DOCKER_HOST}) and containerd
 * ({@code CONTAINERD_ADDRESS}, snapshotter {@code SNAPSHOTTER}) in this JVM, for a test that runs it
 * with a heap far smaller than the image. Prints each result; exits 1 when one failed.
 */
public final class LoadInSmallHeap {
    private LoadInSmallHeap() {}

    public static void main(String[] args) throws Exception {
        Path layout = Path.of(args[0]);
        String tag = args[1];
        Map<String, String> env = System.getenv();
        boolean ok = true;
        for (ImageSink sink : List.<ImageSink>of(new DockerSink(env, "big/docker"),
                new ContainerdSink(env, "big/containerd", ContainerdSink.Settings.defaults().withSnapshotter(env.get("SNAPSHOTTER"))))) {
            try (OciLayout source = OciLayout.open(layout); sink) {
                ImageResult r = new Engine(new Engine.Settings(2, 0, Duration.ofMillis(10), false), null)
                        .run(List.of(new ImageTask(tag, source, tag, sink, "1", tag, sink.describe(), List.of()))).images().get(0);
                System.out.println(r.status() + " " + r.bytesMoved() + " " + (r.error() == null ? "" : r.error()));
                ok &= r.status() == ImageResult.Status.COPIED;
            }
        }
        System.exit(ok ? 0 : 1);
    }
}
