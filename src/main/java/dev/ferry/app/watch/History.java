package dev.ferry.app.watch;

import dev.ferry.oci.Digest;
import dev.ferry.ref.LocalizedIOException;
import dev.ferry.ref.Text;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a watch has shipped, kept in {@code data/history.yaml} so that a restart ships nothing
 * twice. image-transmit's shape: one key per source reference ({@code 10.45.80.1/public/app:v3.6})
 * whose value is the time it was shipped ({@code "20210614214212"}); ferry writes a mapping there
 * instead, with the time, the source digest and, per target, where the image went:
 *
 * <pre>
 * 10.45.80.1/public/app:v3.6:
 *   time: "20261201110203"
 *   digest: sha256:…
 *   targets:
 *     gz: {name: 10.45.46.109/public/app:v3.6, digest: sha256:…, time: "20261201110203"}
 * </pre>
 *
 * An entry image-transmit wrote counts as shipped to every target, digest unknown.
 *
 * <p>Every change is written at once, under a lock ({@code history.yaml.lock}) shared with every
 * other process using the file: the file is read again, the change merged into what is there, and
 * the result written to a temporary file that replaces the old one in one rename — a crash leaves
 * the old file or the new one, never half of one.
 */
public final class History {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** One monitor per file in this JVM: a file lock is held per process, and two channels of one process on it would overlap. */
    private static final java.util.concurrent.ConcurrentMap<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Where one source image went at one target. */
    public record Shipped(String target, String name, Digest digest, String time) {}

    private final Path file;
    private final ZoneId zone;
    private Map<String, Object> entries = new TreeMap<>();

    private History(Path file, ZoneId zone) {
        this.file = file;
        this.zone = zone;
    }

    /** The history in {@code file} (empty when there is none yet); a file that is not a history fails here. */
    public static History open(Path file) throws IOException {
        History h = new History(file.toAbsolutePath(), ZoneId.systemDefault());
        h.entries = read(h.file);
        return h;
    }

    public Path file() {
        return file;
    }

    /** How many source references it holds. */
    public synchronized int size() {
        return entries.size();
    }

    /** Where {@code source} went at {@code target}; for an image-transmit entry a record without digest or name. */
    public synchronized Optional<Shipped> shipped(String source, String target) {
        Object v = entries.get(source);
        if (v == null) return Optional.empty();
        if (!(v instanceof Map<?, ?> m)) return Optional.of(new Shipped(target, null, null, String.valueOf(v)));
        Object ts = m.get("targets");
        if (ts instanceof Map<?, ?> targets && targets.get(target) instanceof Map<?, ?> t) {
            return Optional.of(new Shipped(target, str(t.get("name")), digest(t.get("digest")), str(t.get("time"))));
        }
        return Optional.empty();
    }

    /** Records that {@code source} (digest {@code digest}) went to {@code target} as {@code name}, and writes the file. */
    public void record(String source, String target, String name, Digest digest, Instant at) throws IOException {
        String time = TIME.format(at.atZone(zone));
        synchronized (IN_PROCESS.computeIfAbsent(file, f -> new Object())) {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                Map<String, Object> now = read(file);
                Map<String, Object> entry = new LinkedHashMap<>();
                Map<String, Object> targets = new TreeMap<>();
                if (now.get(source) instanceof Map<?, ?> old && old.get("targets") instanceof Map<?, ?> t) {
                    t.forEach((k, v) -> targets.put(String.valueOf(k), v));
                }
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("name", name);
                one.put("digest", digest == null ? null : digest.toString());
                one.put("time", time);
                targets.put(target, one);
                entry.put("time", time);
                entry.put("digest", digest == null ? null : digest.toString());
                entry.put("targets", targets);
                now.put(source, entry);
                write(now);
                synchronized (this) {
                    entries = now;
                }
            }
        }
    }

    private void write(Map<String, Object> all) throws IOException {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(4096);
        String text = "# ferry watch: what was shipped (image-transmit's history.yaml, with digests and targets)\n"
                + new Yaml(new Representer(o), o).dump(all);
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> read(Path file) throws IOException {
        if (!Files.exists(file)) return new TreeMap<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (RuntimeException e) {
            throw new LocalizedIOException(Text.of("watch.history_unreadable", file, Text.of(e)), e);
        }
        Map<String, Object> out = new TreeMap<>();
        if (doc == null) return out;
        if (!(doc instanceof Map<?, ?> m)) throw new LocalizedIOException(Text.of("watch.history_not_a_map", file));
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Digest digest(Object o) {
        if (o == null) return null;
        try {
            return Digest.parse(String.valueOf(o));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
