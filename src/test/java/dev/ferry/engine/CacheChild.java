package dev.ferry.engine;

import dev.ferry.cache.BlobCache;
import dev.ferry.oci.Descriptor;
import dev.ferry.oci.Digest;
import dev.ferry.oci.VerifyingInputStream;
import dev.ferry.registry.RegistryImageSource;
import dev.ferry.registry.RegistryOptions;
import dev.ferry.registry.RegistryPool;
import dev.ferry.registry.RetryListener;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second ferry process for {@link CachingSourceTest}: reads blobs of a real registry through a
 * {@link CachingSource} over a shared cache directory, slowly if asked, and reports what it did.
 *
 * <pre>java -cp CLASSPATH dev.ferry.engine.CacheChild CACHE REGISTRY REPO GO_FILE STARTED_FILE DELAY_MS DIGEST:SIZE...</pre>
 *
 * Waits for GO_FILE to exist, creates STARTED_FILE after its first chunk, sleeps DELAY_MS after
 * every 64 KB it reads, and prints {@code ok DIGEST} per verified blob and a {@code stats} line.
 */
public final class CacheChild {
    private CacheChild() {}

    public static void main(String[] args) throws Exception {
        Path cacheDir = Path.of(args[0]);
        String registry = args[1];
        String repo = args[2];
        Path go = Path.of(args[3]);
        Path started = Path.of(args[4]);
        long delay = Long.parseLong(args[5]);
        List<Descriptor> blobs = new ArrayList<>();
        for (int i = 6; i < args.length; i++) {
            int c = args[i].lastIndexOf(':');
            blobs.add(new Descriptor("application/octet-stream", Digest.parse(args[i].substring(0, c)), Long.parseLong(args[i].substring(c + 1))));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("no go file " + go);
            Thread.sleep(5);
        }
        BlobCache.JobStats stats;
        try (RegistryPool pool = new RegistryPool(r -> RegistryOptions.DEFAULT, r -> Optional.empty(), RetryListener.NONE, "ferry-test-child", Map.of());
             BlobCache cache = BlobCache.open(cacheDir, 7, 1L << 30, "child", w -> System.out.println("warning " + w))) {
            CachingSource source = new CachingSource(new RegistryImageSource(pool.client(registry), repo), cache);
            byte[] buf = new byte[64 * 1024];
            boolean first = true;
            for (Descriptor d : blobs) {
                try (InputStream raw = source.openBlob(d); VerifyingInputStream v = new VerifyingInputStream(raw, d, "blob " + d.digest(), null)) {
                    while (v.read(buf) >= 0) {
                        if (first) {
                            Files.createFile(started);
                            first = false;
                        }
                        if (delay > 0) Thread.sleep(delay);
                    }
                    if (!v.isVerified()) throw new IllegalStateException("not verified: " + d.digest());
                }
                System.out.println("ok " + d.digest());
            }
            stats = cache.stats();
        }
        System.out.println("stats hits=" + stats.hits() + " misses=" + stats.misses() + " waits=" + stats.waits());
        System.out.flush();
        System.exit(0);
    }
}
