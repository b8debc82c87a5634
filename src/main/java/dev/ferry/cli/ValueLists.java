package dev.ferry.cli;

import java.util.Iterator;
import java.util.List;

/** Values an option takes that are known ahead: offered by the shell completions and the interactive shell. */
final class ValueLists {
    private ValueLists() {}

    /** The platforms images are commonly built for (any OS/ARCH[/VARIANT] is accepted). */
    static final class Platforms implements Iterable<String> {
        static final List<String> COMMON = List.of("linux/amd64", "linux/arm64", "linux/arm/v7", "linux/arm/v6", "linux/386",
                "linux/ppc64le", "linux/s390x", "linux/riscv64", "windows/amd64");

        @Override public Iterator<String> iterator() { return COMMON.iterator(); }
    }

    /** A pack's compressions, as {@code save --compress} and cfg.yaml's {@code compressor} take them. */
    static final class Compressions implements Iterable<String> {
        @Override public Iterator<String> iterator() { return List.of("none", "lz4", "xz", "squash", "squash-xz").iterator(); }
    }
}
