package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ferry watch images.json}: each entry watched by its source's digest and shipped with every
 * one of its tags from one read; and {@code watch --shard I/N}, cut as {@code sync --shard} cuts.
 * Each watch is a real ferry process run with {@code --once}, as cron runs it.
 */
@Timeout(240)
class WatchImagesJsonTest extends WatchRig {
    @Test
    void anImagesJsonEntryIsShippedWithAllItsTagsWhenItsSourceChanges(@TempDir Path dir) throws Exception {
        String nginx = push(src, "j/nginx:1.21", 1000);
        push(src, "j/app:v1", 1000);
        Files.writeString(dir.resolve("images.json"), "[\n"
                + "  {\"source\": \"j/nginx:1.21\", \"target\": \"nginx\", \"tags\": [\"1.21\", \"latest\"]},\n"
                + "  {\"source\": \"j/app:v1\", \"target\": \"app\", \"tags\": [\"v1\", \"stable\", \"prod\"], \"architectures\": [\"amd64\"]}\n"
                + "]\n");
        String[] once = {"watch", "images.json", "--from", src.host(), "--to", dst.host(), "--once"};
        long reads = src.countRequests("GET", "/v2/j/nginx/manifests/1.21");
        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertTrue(w.output().contains("Round 1: 2 shipped"), w.output());
        }
        assertEquals(Set.of("1.21", "latest"), tags(dst, "nginx"));
        assertEquals(Set.of("v1", "stable", "prod"), tags(dst, "app"));
        assertEquals(nginx, digestAt(dst, "nginx:latest"));
        assertEquals(1, src.countRequests("GET", "/v2/j/nginx/manifests/1.21") - reads, "two tags, one read of the source");
        assertEquals(2, dst.countRequests("PUT", "/v2/nginx/manifests/.*"), "one manifest PUT a tag");

        // the next run: the sources did not change, nothing is shipped
        long puts = dst.countRequests("PUT", "/v2/.*/manifests/.*");
        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertFalse(w.output().contains("Shipped"), w.output());
        }
        assertEquals(puts, dst.countRequests("PUT", "/v2/.*/manifests/.*"), "nothing pushed");

        // nginx:1.21 rebuilt at the source: shipped again, under both its tags
        String rebuilt = push(src, "j/nginx:1.21", 1500);
        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertEquals(1, w.count("Shipped again"), w.output());
        }
        assertEquals(rebuilt, digestAt(dst, "nginx:1.21"));
        assertEquals(rebuilt, digestAt(dst, "nginx:latest"));

        // a tag added to the entry is shipped at the next run although the source did not change
        Files.writeString(dir.resolve("images.json"), Files.readString(dir.resolve("images.json")).replace("[\"1.21\", \"latest\"]", "[\"1.21\", \"latest\", \"mainline\"]"));
        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertEquals(1, w.count("Shipped "), w.output());
        }
        assertEquals(Set.of("1.21", "latest", "mainline"), tags(dst, "nginx"));
        assertEquals(rebuilt, digestAt(dst, "nginx:mainline"));
        try (FerryProcess w = FerryProcess.start(dir, once)) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
            assertFalse(w.output().contains("Shipped"), "then nothing: " + w.output());
        }
    }

    @Test
    void withSaveARoundsPackHoldsEveryTagOfTheEntry(@TempDir Path dir) throws Exception {
        String digest = push(src, "j/saved:2.1", 1000);
        Files.writeString(dir.resolve("images.json"), "[{\"source\": \"j/saved:2.1\", \"target\": \"packed-saved\", \"tags\": [\"2.1\", \"2\", \"latest\"]}]\n");
        try (FerryProcess w = FerryProcess.start(dir, "watch", "images.json", "--from", src.host(), "--save", "--dir", "packs", "--once")) {
            assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
        }
        Path meta;
        try (var files = Files.walk(dir.resolve("packs"))) {
            meta = files.filter(f -> f.toString().endsWith("_meta.yaml")).findFirst().orElseThrow();
        }
        FerryCli.Result load = new FerryCli().run("load", meta.toString(), "--to", dst.host(), "-q", "--log", dir.resolve("load.log").toString());
        assertEquals(0, load.exit(), load::toString);
        assertEquals(Set.of("2.1", "2", "latest"), tags(dst, "packed-saved"));
        assertEquals(digest, digestAt(dst, "packed-saved:latest"));
    }

    @Test
    void mistakesInTheJsonAndPatternEntriesAreRefusedWithExit2(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("images.json"), "[\n  {\"source\": \"j/nginx:1.21\", \"target\": \"nginx\", \"tags\": [\"1.21\"],}\n]\n");
        FerryCli.Result r = new FerryCli().run("watch", dir.resolve("images.json").toString(), "--from", src.host(), "--to", dst.host(), "--once",
                "--history", dir.resolve("h.yaml").toString(), "--status-file", dir.resolve("s.json").toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(dir.resolve("images.json") + ":2:"), r::toString);

        Files.writeString(dir.resolve("images.json"), "[{\"source\": \"j/nginx:/^1\\\\./\", \"target\": \"nginx\"}]\n");
        FerryCli.Result p = new FerryCli().run("watch", dir.resolve("images.json").toString(), "--from", src.host(), "--to", dst.host(), "--once",
                "--history", dir.resolve("h.yaml").toString(), "--status-file", dir.resolve("s.json").toString());
        assertEquals(2, p.exit(), p::toString);
        assertTrue(p.err().contains("chooses tags by a pattern") && p.err().contains("--tags REGEX"), p::toString);
    }

    @Test
    void threeShardsOfAWatchShipEveryRepositoryOnceCutAsSyncCutsThem(@TempDir Path dir) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            push(src, "s/r" + i + ":v1", 500);
            list.append(src.host()).append("/s/r").append(i).append(":v1\n");
        }
        Pattern shippedLine = Pattern.compile("Shipped \\S+/s/(r\\d+):v1 -> ");
        Map<String, Integer> shippedBy = new HashMap<>();
        List<Set<String>> byShard = new ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            Path machine = Files.createDirectories(dir.resolve("shard" + shard)); // each shard on a machine of its own: its own history
            Files.writeString(machine.resolve("img.lst"), list);
            Set<String> mine = new HashSet<>();
            try (FerryProcess w = FerryProcess.start(machine, "watch", "img.lst", "--from", src.host(), "--to", dst.host(), "--once",
                    "--shard", shard + "/3")) {
                assertEquals(0, w.awaitExit(Duration.ofSeconds(60)), w.output());
                Matcher m = shippedLine.matcher(w.output());
                while (m.find()) {
                    mine.add(m.group(1));
                    shippedBy.merge(m.group(1), 1, Integer::sum);
                }
            }
            byShard.add(mine);

            // sync's plan with the same --shard names the same repositories
            FerryCli.Result plan = new FerryCli().run("plan", machine.resolve("img.lst").toString(), "--from", src.host(), "--to", dst.host(),
                    "--shard", shard + "/3", "-o", "json");
            assertEquals(0, plan.exit(), plan::toString);
            Set<String> planned = new HashSet<>();
            for (JsonNode i : plan.json().get("images")) planned.add(i.get("target").asText().replaceFirst("^.*/s/(r\\d+):v1$", "$1"));
            assertEquals(planned, mine, "shard " + shard + ": the watch ships what sync --shard would");
        }
        assertEquals(12, shippedBy.size(), "every repository shipped: " + shippedBy);
        assertTrue(shippedBy.values().stream().allMatch(n -> n == 1), "each by exactly one shard: " + shippedBy);
        assertTrue(byShard.stream().noneMatch(Set::isEmpty) || byShard.stream().mapToInt(Set::size).sum() == 12, byShard::toString);
        for (int i = 0; i < 12; i++) assertEquals(Set.of("v1"), tags(dst, "s/r" + i));
    }
}
