#!/usr/bin/env bash
# Size and time of a squash pack (`ferry save --compress squash`) beside a tar pack of the same
# images, and of loading each into an empty registry; the share of layers whose digests were kept.
# Images: the make-corpus images (all but corpus/big), as save-vs-docker-save.sh uses them.
#
#   bench/squash-pack.sh --corpus 127.0.0.1:5001 [--ferry dist/ferry] [--work DIR]
#   bench/squash-pack.sh --layout /tmp/it-corpus/oci   # fill a private loopback registry from make-corpus's OCI layout first
#
# The `docker save | gzip` route (skopeo docker-archive per image, then tar | gzip, as
# save-vs-docker-save.sh does it) runs in the same run, so the ratios compare like with like on a
# busy machine; CPU seconds (user+sys) are printed beside wall seconds.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
CORPUS=; LAYOUT=; FERRY=$root/dist/ferry; WORK=${BENCH_WORK:-/tmp/ferry-bench-squash}
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) CORPUS=$2; shift 2 ;;
    --layout) LAYOUT=$2; shift 2 ;;
    --ferry) FERRY=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    *) echo "usage: $0 (--corpus HOST:PORT | --layout OCI_DIR) [--ferry PATH] [--work DIR]" >&2; exit 2 ;;
  esac
done
[ -n "$CORPUS$LAYOUT" ] || { echo "give --corpus HOST:PORT or --layout OCI_DIR (see ../shared/bench/make-corpus)" >&2; exit 2; }
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_registry() { # DIR -> REG (host:port)
  local dir=$1 port; port=$(freeport); mkdir -p "$dir/data"
  printf 'version: 0.1\nlog: {level: error, accesslog: {disabled: true}}\nstorage: {filesystem: {rootdirectory: %s/data}}\nhttp: {addr: "127.0.0.1:%s"}\n' "$dir" "$port" > "$dir/config.yml"
  docker-registry serve "$dir/config.yml" > "$dir/registry.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break; sleep 0.1; done
  REG=127.0.0.1:$port
}
IMAGES=(corpus/debian:bookworm corpus/debian:amd64 corpus/python:3.11 corpus/jre:17 corpus/tools:1 corpus/tools:2 corpus/tools:1-docker)
if [ -z "$CORPUS" ]; then
  start_registry corpus; CORPUS=$REG
  cp() { skopeo copy -q --all --preserve-digests --dest-tls-verify=false "oci:$LAYOUT:$1" "docker://$CORPUS/$2"; }
  cp debian-multi corpus/debian:bookworm; cp debian-amd64 corpus/debian:amd64; cp python corpus/python:3.11; cp jre corpus/jre:17
  cp tools1 corpus/tools:1; cp tools2 corpus/tools:2
  skopeo copy -q --format v2s2 --dest-tls-verify=false "oci:$LAYOUT:tools1" "docker://$CORPUS/corpus/tools:1-docker"
  unset -f cp
fi
printf '%s\n' "${IMAGES[@]/#/$CORPUS/}" > all.lst
now() { date +%s.%N; }
size_of() { du -cb "$@" | tail -1 | cut -f1; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
secs() { echo "$2 - $1" | bc; }
cpu() { awk '{ printf "%.1f", $1 + $2 }' "$1"; }   # user + sys of a `time -p`-like file
printf '%-36s %10s %10s %10s\n' "" "MiB" "seconds" "cpu s"
for c in none squash; do
  t0=$(now); ( TIMEFORMAT='%U %S'; { time "$FERRY" save all.lst --from "$CORPUS" --compress "$c" --dir "save-$c" -q --log "save-$c.log" > "save-$c.out"; } 2> "save-$c.cpu" ); t1=$(now)
  printf '%-36s %10s %10.1f %10s\n' "ferry save --compress $c" "$(mb "$(size_of save-$c/*/*)")" "$(secs "$t0" "$t1")" "$(cpu save-$c.cpu)"
done
# docker save | gzip without a daemon: one docker-archive per image, then one gzip of them all
mkdir -p skopeo; t0=$(now)
( TIMEFORMAT='%U %S'; { time {
  i=0
  for img in "${IMAGES[@]}"; do skopeo copy -q --src-tls-verify=false "docker://$CORPUS/$img" "docker-archive:skopeo/$i.tar:$img"; i=$((i + 1)); done
  tar cf - -C skopeo . | gzip > skopeo.tar.gz
}; } 2> gzip.cpu ); t1=$(now)
printf '%-36s %10s %10.1f %10s\n' "skopeo docker-archive | gzip" "$(mb "$(size_of skopeo.tar.gz)")" "$(secs "$t0" "$t1")" "$(cpu gzip.cpu)"
rm -rf skopeo
for c in none squash; do
  meta=$(sed -n 's/^Create meta file: //p' "save-$c.out")
  start_registry "target-$c"
  t0=$(now); ( TIMEFORMAT='%U %S'; { time "$FERRY" load "$meta" --to "$REG" > "load-$c.out" 2> "load-$c.err"; } 2> "load-$c.cpu" ); t1=$(now)
  printf '%-36s %10s %10.1f %10s\n' "ferry load (from $c)" "" "$(secs "$t0" "$t1")" "$(cpu load-$c.cpu)"
  # skopeo as the independent check: every blob of every image pulled and verified
  for img in "${IMAGES[@]}"; do skopeo copy -q --all --src-tls-verify=false "docker://$REG/$img" "oci:check-$c:x" >/dev/null; done
done
echo
grep '^Layers:' save-squash.out || true
grep -c 'gets a new digest' load-squash.err | sed 's/^/images with new digests: /' || true
