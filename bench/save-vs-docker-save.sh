#!/usr/bin/env bash
# Pack size and wall time of `ferry save` (tar, lz4, xz) beside the `docker save | gzip` equivalent
# (skopeo copy docker://… docker-archive: for each image, then gzip), on the make-corpus images
# (all but corpus/big); and the size of an incremental pack of corpus/tools:2 against a pack of
# corpus/tools:1.
#
#   bench/save-vs-docker-save.sh --corpus 127.0.0.1:5001 [--ferry dist/ferry] [--work DIR]
#
# The corpus registry is a plain-HTTP registry filled by ../shared/bench/make-corpus.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=; FERRY=$root/dist/ferry; WORK=${BENCH_WORK:-/tmp/ferry-bench-save}
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) CORPUS=$2; shift 2 ;;
    --ferry) FERRY=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    *) echo "usage: $0 --corpus HOST:PORT [--ferry PATH] [--work DIR]" >&2; exit 2 ;;
  esac
done
[ -n "$CORPUS" ] || { echo "--corpus HOST:PORT is required (a registry filled by ../shared/bench/make-corpus)" >&2; exit 2; }
IMAGES=(corpus/debian:bookworm corpus/debian:amd64 corpus/python:3.11 corpus/jre:17 corpus/tools:1 corpus/tools:2 corpus/tools:1-docker)
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
printf '%s\n' "${IMAGES[@]/#/$CORPUS/}" > all.lst
now() { date +%s.%N; }
size_of() { du -cb "$@" | tail -1 | cut -f1; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
printf '%-28s %10s %10s\n' "method" "MiB" "seconds"
for c in none lz4 xz; do
  t0=$(now)
  "$FERRY" save all.lst --from "$CORPUS" --compress "$c" --dir "ferry-$c" -q --log "ferry-$c.log" > "ferry-$c.out"
  t1=$(now)
  bytes=$(size_of ferry-$c/*/*)
  printf '%-28s %10s %10.1f\n' "ferry save --compress $c" "$(mb "$bytes")" "$(echo "$t1 - $t0" | bc)"
done
# docker save | gzip, as skopeo does it without a docker daemon: one docker-archive per image
mkdir -p skopeo; t0=$(now)
i=0
for img in "${IMAGES[@]}"; do
  skopeo copy -q --src-tls-verify=false "docker://$CORPUS/$img" "docker-archive:skopeo/$i.tar:$img"
  i=$((i + 1))
done
tar cf - -C skopeo . | gzip > skopeo.tar.gz
t1=$(now)
printf '%-28s %10s %10.1f\n' "skopeo docker-archive|gzip" "$(mb "$(size_of skopeo.tar.gz)")" "$(echo "$t1 - $t0" | bc)"

echo
echo "$CORPUS/corpus/tools:1" > t1.lst; echo "$CORPUS/corpus/tools:2" > t2.lst
"$FERRY" save t1.lst --from "$CORPUS" --dir inc-base -q --log inc1.log > inc1.out
meta1=$(sed -n 's/^Create meta file: //p' inc1.out)
"$FERRY" save t2.lst --from "$CORPUS" --dir inc-new --inc "$meta1" -q --log inc2.log > inc2.out
full2=$("$FERRY" inspect -o json "$CORPUS/corpus/tools:2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["images"][0]["totalSize"])')
last=$("$FERRY" inspect -o json "$CORPUS/corpus/tools:2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["images"][0]["layers"][-1]["size"])')
printf '%-40s %10s MiB\n' "pack of corpus/tools:1 (full)" "$(mb "$(size_of inc-base/*/*)")"
printf '%-40s %10s MiB\n' "pack of corpus/tools:2 --inc tools:1" "$(mb "$(size_of inc-new/*/*)")"
printf '%-40s %10s MiB\n' "corpus/tools:2 all blobs" "$(mb "$full2")"
printf '%-40s %10s MiB\n' "corpus/tools:2 changed (last) layer" "$(mb "$last")"
