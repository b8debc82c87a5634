package dev.ferry.config;

import dev.ferry.ref.Text;

import java.nio.charset.StandardCharsets;

/**
 * One of N shares of a job ({@code --shard I/N}, I from 0 to N-1, as a Kubernetes Indexed Job's
 * {@code JOB_COMPLETION_INDEX}): a repository belongs to the shard its name hashes to, so N processes
 * that expand the same job split it with no coordinator, each repository to exactly one of them.
 * The hash (64-bit FNV-1a of the UTF-8 name) never changes between runs, machines or versions.
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new ConfigException(null, Text.of("settings.shard_range", index + "/" + count), null);
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String s) {
        String[] p = s.strip().split("/", -1);
        if (p.length != 2 || !p[0].strip().matches("\\d{1,9}") || !p[1].strip().matches("\\d{1,9}")) {
            throw new ConfigException(null, Text.of("settings.shard_invalid", s), null);
        }
        return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
    }

    /** Whether the repository (its path, e.g. {@code team/app}) is this shard's. */
    public boolean owns(String repository) {
        return Long.remainderUnsigned(hash(repository), count) == index;
    }

    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    @Override public String toString() { return index + "/" + count; }
}
