#!/usr/bin/env bash
# Issue 18's "many images" scenario: one repository of many small tags (bench/make-many-tags: a
# 1 MiB base layer shared by all, a 10 KiB layer of each tag's own), both registries on loopback.
# `ferry sync LIST` against `skopeo sync` of the repository, each into a fresh target registry,
# then again with everything present. Reports wall and CPU seconds, each tool's peak RSS (MB, from
# /usr/bin/time -f %M), and the requests per image each registry logged. --heap SIZE runs ferry with
# JAVA_OPTS=-XmxSIZE (issue 18: 2,000 images in a 256 MB heap: --tags 2000 --heap 256m).
#
#   bench/many-tags-vs-skopeo.sh [--tags N] [--heap SIZE] [--ferry PATH] [--runs N] [--keep]
#
# Goals: fresh ferry <= 0.5 x skopeo; all present ferry <= 0.3 x skopeo. Loopback only.
set -euo pipefail
TAGS=200 RUNS=1 KEEP=0 FERRY_ARG= HEAP=
while [ $# -gt 0 ]; do
  case $1 in
    --tags) TAGS=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --heap) HEAP=${2:?}; shift 2 ;;
    --ferry) FERRY_ARG=${2:?}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "many-tags-vs-skopeo: unknown argument $1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
FERRY=${FERRY_ARG:-$ROOT/dist/ferry}
[ -z "$HEAP" ] || [[ $HEAP =~ ^[0-9]+[kKmMgG]?$ ]] || { echo "many-tags-vs-skopeo: --heap $HEAP is not a heap size (try 256m)" >&2; exit 2; }
FERRY_JAVA_OPTS=${JAVA_OPTS:-}
[ -n "$HEAP" ] && FERRY_JAVA_OPTS="$FERRY_JAVA_OPTS -Xmx$HEAP -XX:+ExitOnOutOfMemoryError"
LIB=$HERE/lib/benchlib.py
WORK=$(mktemp -d "${BENCH_WORK:-/tmp}/many-tags-XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  [ "$KEEP" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
log() { printf '[many-tags %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
for bin in skopeo docker-registry python3 curl /usr/bin/time; do command -v "$bin" >/dev/null || { log "$bin is not installed"; exit 1; }; done
[ -x "$FERRY" ] || { log "no ferry at $FERRY (./mvnw -q package -DskipTests)"; exit 1; }

# start_registry NAME -> REG (host:port); its access log in $WORK/NAME/registry.log
start_registry() {
  local dir=$WORK/$1 port; port=$(python3 "$LIB" freeport); mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: false}}
storage: {filesystem: {rootdirectory: $dir/data}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$port}
YML
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/v2/" && break; sleep 0.1; done
  REG=127.0.0.1:$port
}
requests() { grep -cE '"(GET|HEAD|PUT|POST|PATCH|DELETE) /v2/[^ ]+' "$WORK/$1/registry.log" || true; }

start_registry src; SRC=$REG
log "pushing $TAGS tags to $SRC/many/app"
python3 "$HERE/make-many-tags" "$SRC" --tags "$TAGS" >/dev/null
LIST=$WORK/list.txt
for i in $(seq -f "%04g" 1 "$TAGS"); do echo "many/app:t$i"; done >"$LIST"
"$FERRY" --version >/dev/null 2>&1 || true

# timed CMD... : prints "wall cpu rss" of CMD (user + system seconds of it and its children; the largest
# resident set, MB, of it or a child it waited for: the JVM under the launcher script, skopeo itself)
timed() {
  /usr/bin/time -o "$WORK/time.txt" -f "%e %U %S %M" "$@" >"$WORK/last.out" 2>&1 || { log "failed: $*"; tail -5 "$WORK/last.out" >&2; exit 1; }
  awk '{ printf "%.2f %.2f %.0f", $1, $2 + $3, $4 / 1024 }' "$WORK/time.txt"
}
[ -n "$HEAP" ] && log "ferry runs with JAVA_OPTS=$FERRY_JAVA_OPTS"
printf '%-6s %-10s %8s %8s %8s %8s  %s\n' run case tool wall cpu "rss MB" "req/img" >&2
declare -A SUM CPU RSS
for r in $(seq 1 "$RUNS"); do
  for tool in ferry skopeo; do
    start_registry "dst-$tool-$r"; DST=$REG
    src0=$(requests src)
    for case in fresh present; do
      d0=$(requests "dst-$tool-$r"); s0=$(requests src)
      if [ "$tool" = ferry ]; then
        res=$(cd "$WORK" && FERRY_SIGHTINGS=$WORK/sightings-$r JAVA_OPTS=$FERRY_JAVA_OPTS timed "$FERRY" sync "$LIST" --from "$SRC" --to "$DST" -q)
      else
        res=$(timed skopeo sync --src docker --dest docker --src-tls-verify=false --dest-tls-verify=false "$SRC/many/app" "$DST")
      fi
      sleep 0.5
      d1=$(requests "dst-$tool-$r"); s1=$(requests src)
      read -r wall cpu rss <<<"$res"
      per=$(awk -v a="$d0" -v b="$d1" -v c="$s0" -v d="$s1" -v n="$TAGS" 'BEGIN { printf "%.1f dst %.1f src", (b - a) / n, (d - c) / n }')
      printf '%-6s %-10s %8s %8s %8s %8s  %s\n' "$r" "$case" "$tool" "$wall" "$cpu" "$rss" "$per"
      SUM[$case-$tool]="${SUM[$case-$tool]:-} $wall"
      CPU[$case-$tool]="${CPU[$case-$tool]:-} $cpu"
      RSS[$case-$tool]="${RSS[$case-$tool]:-} $rss"
    done
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
for case in fresh present; do
  f=$(echo "${SUM[$case-ferry]}" | median); s=$(echo "${SUM[$case-skopeo]}" | median)
  fc=$(echo "${CPU[$case-ferry]}" | median); sc=$(echo "${CPU[$case-skopeo]}" | median)
  fr=$(echo "${RSS[$case-ferry]}" | tr ' ' '\n' | sort -n | tail -1); sr=$(echo "${RSS[$case-skopeo]}" | tr ' ' '\n' | sort -n | tail -1)
  goal=0.5; [ "$case" = present ] && goal=0.3
  awk -v f="$f" -v s="$s" -v g="$goal" -v c="$case" -v fc="$fc" -v sc="$sc" -v fr="$fr" -v sr="$sr" -v h="${HEAP:-default}" \
    'BEGIN { r = f / s; printf "%-8s ferry %.2f s (cpu %.2f s, peak rss %d MB, heap %s), skopeo %.2f s (cpu %.2f s, peak rss %d MB): %.2fx (goal <= %.1fx) %s\n", c, f, fc, fr, h, s, sc, sr, r, g, (r <= g ? "PASS" : "FAIL") }'
done
