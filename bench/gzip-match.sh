#!/usr/bin/env bash
# CPU cost of reproducing gzip layers (issue 17): for one uncompressed layer (a tar), the CPU
# throughput of each compressor ferry reproduces layers with — the ports of Go's compress/flate
# (go:LEVEL) and klauspost/pgzip (pgzip:5, 1 MiB blocks), Java's Deflater (zlib:LEVEL) — and how
# much CPU the matcher adds to save's one inflate pass over a layer that compressor made.
# Thread CPU time, so other work on the machine does not count.
#
#   ./mvnw -q -o compile && bench/gzip-match.sh LAYER.tar [go:6,zlib:6,pgzip:5,go:1,zlib:1,go:9,zlib:9]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
TAR=${1:?usage: $0 LAYER.tar [COMPRESSOR:LEVEL,...]}
WHAT=${2:-go:6,zlib:6,pgzip:5,go:1,zlib:1,go:9,zlib:9}
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
javac -d "$out" -cp "$root/target/classes" "$root/bench/lib/GzipMatchBench.java"
java -Xmx2g -cp "$out:$root/target/classes" dev.ferry.pack.squash.GzipMatchBench "$TAR" match "$WHAT"
