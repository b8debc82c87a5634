package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.cli.FaultRig.Fault;
import dev.ferry.cli.FaultRig.Kind;
import dev.ferry.cli.FaultRig.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The long fault run ({@code bench/fault-soak}, not CI): N runs of ferry, each meeting one to
 * three faults drawn at random from the fault suite's table (request kind x fault, on both sides),
 * each injected once, twice, or for good; counted as successes, named failures, failures that do
 * not say what failed, targets that are corrupt or half-tagged, and hangs (a run over
 * {@link #HANG_SECONDS} s). Enabled with {@code -Dferry.soak.runs=N}; {@code -Dferry.soak.seed=S}
 * repeats a run; {@code -Dferry.soak.out=FILE} writes the figures as JSON.
 */
@EnabledIfSystemProperty(named = "ferry.soak.runs", matches = "\\d+")
class FaultSoakTest {
    static final int HANG_SECONDS = 180;
    /** What a named failure's message says it was doing. */
    private static final Pattern NAMED = Pattern.compile("(pull blob|get manifest|check manifest|check blob|push blob|push manifest|mount blob"
            + "|reach registry|get a token|list tags|list repositories)");

    record Outcome(int run, long seed, String command, List<String> faults, String result, double seconds, String detail) {}

    @Test
    void randomFaults() throws Exception {
        int runs = Integer.getInteger("ferry.soak.runs");
        long seed = Long.getLong("ferry.soak.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> failureKinds = new TreeMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        ExecutorService runner = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "soak-run");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        try (FaultRig rig = new FaultRig()) {
            List<Kind> kinds = rig.kinds();
            for (int i = 1; i <= runs; i++) {
                rig.clearRules();
                Run run = pick(random);
                String repo = rig.newRepo("s");
                List<String> injected = new ArrayList<>();
                if (run == Run.COPY_CHUNKED) rig.dstProxy.respond("PUT", "/v2/" + repo + "/blobs/uploads/.*", 413, 1);
                int n = 1 + random.nextInt(3);
                for (int j = 0; j < n; j++) {
                    Kind k = kindFor(run, kinds, random);
                    List<Fault> fs = FaultRig.faults().stream().filter(f -> FaultRig.applies(k, f)).toList();
                    Fault f = fs.get(random.nextInt(fs.size()));
                    int roll = random.nextInt(100);
                    int times = roll < 60 ? 1 : roll < 85 ? 2 : 1000;
                    f.inject().add(k.proxy(), k.method(), k.path(repo), times);
                    injected.add(k + ": " + f + (times == 1000 ? " (for good)" : " x" + times));
                }
                long r0 = System.nanoTime();
                Future<FerryCli.Result> f = runner.submit(() -> rig.run(run, repo));
                String result;
                String detail = "";
                FerryCli.Result r = null;
                try {
                    r = f.get(HANG_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                }
                double secs = (System.nanoTime() - r0) / 1e9;
                rig.clearRules();
                if (r == null) {
                    result = "hang";
                } else if (r.err().contains("\tat ")) {
                    result = "stack trace";
                    detail = r.err();
                } else if (r.exit() == 0) {
                    result = run == Run.TAGS || run == Run.CATALOG || rig.image.digest().equals(rig.targetDigest(repo)) ? "success" : "corrupt target";
                } else if (r.exit() == 1) {
                    String msg = r.err().strip();
                    result = NAMED.matcher(msg).find() ? "named failure" : "unnamed failure";
                    detail = msg.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
                    failureKinds.merge(failureKind(msg), 1, Integer::sum);
                } else {
                    result = "exit " + r.exit();
                    detail = r.toString();
                }
                if (r != null && r.exit() != 0 && (run == Run.COPY || run == Run.COPY_CHUNKED || run == Run.MOUNT) && rig.tagged(repo)) {
                    // a PUT whose answer was lost may have been stored: then the whole image must be there
                    if (!rig.image.digest().equals(rig.targetDigest(repo)) || !rig.wholeOnSkopeosCheck(repo)) result = "half-tagged target";
                    else detail += " [stored before the answer was lost: whole]";
                }
                counts.merge(result, 1, Integer::sum);
                outcomes.add(new Outcome(i, seed, run.name().toLowerCase(), injected, result, Math.round(secs * 10) / 10.0, detail));
                System.out.printf("soak %3d/%d %-15s %5.1f s  %-12s %s%n", i, runs, result, secs, run.name().toLowerCase(), String.join("; ", injected));
            }
        } finally {
            runner.shutdownNow();
        }
        double total = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("runs", runs);
        figures.put("seed", seed);
        figures.put("seconds", Math.round(total));
        for (String k : List.of("success", "named failure", "unnamed failure", "corrupt target", "half-tagged target", "hang", "stack trace")) {
            figures.put(k, counts.getOrDefault(k, 0));
        }
        counts.forEach(figures::putIfAbsent);
        figures.put("failures by what failed", failureKinds);
        figures.put("longest run seconds", outcomes.stream().mapToDouble(Outcome::seconds).max().orElse(0));
        figures.put("outcomes", outcomes);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(figures);
        String out = System.getProperty("ferry.soak.out");
        if (out != null && !out.isBlank()) {
            Path p = Path.of(out);
            if (p.getParent() != null) Files.createDirectories(p.getParent());
            Files.writeString(p, json);
        }
        Map<String, Object> summary = new LinkedHashMap<>(figures);
        summary.remove("outcomes");
        System.out.println("soak figures: " + new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary));
        for (String bad : List.of("corrupt target", "half-tagged target", "hang", "stack trace", "unnamed failure")) {
            assertEquals(0, counts.getOrDefault(bad, 0), bad + " (seed " + seed + ")");
        }
        assertEquals(runs, counts.getOrDefault("success", 0) + counts.getOrDefault("named failure", 0), "every run succeeded or failed named: " + counts);
    }

    private static String failureKind(String msg) {
        var m = NAMED.matcher(msg);
        return m.find() ? m.group(1) : "other";
    }

    /** Mostly plain copies; some chunked uploads, mounts and looks. */
    private static Run pick(Random random) {
        int r = random.nextInt(100);
        return r < 65 ? Run.COPY : r < 77 ? Run.COPY_CHUNKED : r < 87 ? Run.MOUNT : r < 94 ? Run.TAGS : Run.CATALOG;
    }

    /** A request kind the run sends. */
    private static Kind kindFor(Run run, List<Kind> kinds, Random random) {
        List<Kind> fit = kinds.stream().filter(k -> switch (run) {
            case COPY -> k.run() == Run.COPY;
            case COPY_CHUNKED -> k.run() == Run.COPY || k.run() == Run.COPY_CHUNKED;
            case MOUNT -> k.side() == FaultRig.Side.TARGET && (k.run() == Run.COPY || k.run() == Run.MOUNT) && !k.name().equals("blob POST");
            case COPY_AGAIN -> k.run() == Run.COPY_AGAIN || k.run() == Run.COPY;
            case TAGS -> k.run() == Run.TAGS || k.side() == FaultRig.Side.SOURCE && (k.name().equals("ping") || k.name().equals("token"));
            case CATALOG -> k.run() == Run.CATALOG || k.side() == FaultRig.Side.SOURCE && (k.name().equals("ping") || k.name().equals("token"));
        }).toList();
        return fit.get(random.nextInt(fit.size()));
    }
}
