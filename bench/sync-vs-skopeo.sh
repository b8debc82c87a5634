#!/usr/bin/env bash
# Compares `ferry sync` with `skopeo copy` run once per image (as people script it), on the
# images that ../shared/bench/make-corpus builds (all but corpus/big). See bench/README.md.
#
#   bench/sync-vs-skopeo.sh [--corpus HOST:PORT] [--ferry PATH] [--runs N] [--quick]
#                           [--out FILE] [--timeout SECONDS] [--keep]
#
# Scenarios (each tool gets its own fresh target registry and its own wan-proxy instance):
#   (a) source and target registries on loopback, empty target        target: ferry <= 1.0 x skopeo
#   (b) source behind wan-proxy --rtt-ms 40 --conn-mbps 80 --link-mbps 400, empty target
#                                                                      target: ferry <= 0.3 x skopeo
#   (c) (b) again, against the target (b) filled: nothing left to copy target: ferry <= 0.5 x skopeo
# Every copy is verified: the sha256 of `skopeo inspect --raw` at the target equals the source's,
# and every manifest and blob the image references is present at the target.
# Everything listens on 127.0.0.1 only.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
ORIG_ARGS=("$@")
CORPUS= FERRY_ARG= RUNS=1 QUICK=0 OUT= TIMEOUT=${BENCH_TIMEOUT:-7200} KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) CORPUS=${2:?--corpus needs HOST:PORT}; shift 2 ;;
    --ferry) FERRY_ARG=${2:?--ferry needs a path}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --out) OUT=${2:?--out needs a file}; shift 2 ;;
    --timeout) TIMEOUT=${2:?--timeout needs seconds}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "sync-vs-skopeo: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
case $RUNS in ''|*[!0-9]*|0) echo "sync-vs-skopeo: --runs must be a positive integer" >&2; exit 2 ;; esac
case $TIMEOUT in ''|*[!0-9]*|0) echo "sync-vs-skopeo: --timeout must be a positive integer" >&2; exit 2 ;; esac
case ${CORPUS:-127.0.0.1:1} in 127.0.0.1:*|localhost:*) ;; *) echo "sync-vs-skopeo: --corpus must be a loopback registry (127.0.0.1:PORT)" >&2; exit 2 ;; esac

# The whole run is bounded: re-run this script under timeout(1), which signals every process
# of the run (the trap below then stops the registries and proxies).
if [ -z "${_FERRY_BENCH_BOUNDED:-}" ]; then
  export _FERRY_BENCH_BOUNDED=1
  exec timeout -k 30 "$TIMEOUT" bash "$0" "${ORIG_ARGS[@]}"
fi
DEADLINE=$(( $(date +%s) + TIMEOUT ))

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel 2>/dev/null || (cd "$HERE/.." && pwd))
SHARED=${FERRY_SHARED:-$ROOT/../shared}
FERRY=${FERRY_ARG:-${FERRY:-$ROOT/dist/ferry}}
WORK=${BENCH_WORK:-/tmp/ferry-bench}
LIB=$HERE/lib/benchlib.py
TOOL_TIMEOUT=${BENCH_TOOL_TIMEOUT:-1800}     # one tool's run of one scenario
WAN=(--rtt-ms 40 --conn-mbps 80 --link-mbps 400)
IMAGES=(corpus/debian:bookworm corpus/debian:amd64 corpus/python:3.11 corpus/jre:17
        corpus/tools:1 corpus/tools:2 corpus/tools:1-docker)
[ "$QUICK" = 1 ] && IMAGES=(corpus/debian:amd64 corpus/tools:1 corpus/tools:2)
SKOPEO_COPY=(skopeo copy --all --src-tls-verify=false --dest-tls-verify=false)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for bin in skopeo docker-registry python3 curl awk sha256sum; do
  command -v "$bin" >/dev/null 2>&1 || die "$bin is not installed (apt-get install skopeo docker-registry python3 curl)"
done
[ -x "$SHARED/bench/wan-proxy" ] || [ -f "$SHARED/bench/wan-proxy" ] || die "no wan-proxy in $SHARED/bench (set FERRY_SHARED to the shared/ folder)"
FERRY=$(readlink -f "$FERRY" 2>/dev/null || echo "$FERRY")
[ -x "$FERRY" ] || die "no ferry at $FERRY (build it: ./mvnw -q package -DskipTests, or pass --ferry PATH)"
"$FERRY" sync --help >/dev/null 2>&1 || die "$FERRY has no working 'sync' command: $("$FERRY" sync --help 2>&1 | head -3)"

mkdir -p "$WORK"
RUN=$(mktemp -d "$WORK/run-XXXXXX")
PIDS=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$KEEP" = 1 ]; then log "kept $RUN"; else rm -rf "$RUN"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "stopped (timeout?)"; exit 143' TERM

left() { echo $(( DEADLINE - $(date +%s) )); }
freeport() { python3 "$LIB" freeport; }
wait_up() { # url pid what
  local i
  for i in $(seq 1 150); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || die "$3 exited at start (see its log)"
    sleep 0.2
  done
  die "$3 did not come up at $1"
}

# start_registry DIR -> REG_PORT, REG_PID (a plain-HTTP registry on 127.0.0.1, data in DIR/data)
start_registry() {
  local dir=$1
  REG_PORT=$(freeport)
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: error
  accesslog: {disabled: true}
storage:
  filesystem: {rootdirectory: $dir/data}
  delete: {enabled: true}
http:
  addr: 127.0.0.1:$REG_PORT
EOF
  timeout "$(left)" docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  REG_PID=$!; PIDS+=("$REG_PID")
  wait_up "http://127.0.0.1:$REG_PORT/v2/" "$REG_PID" "registry in $dir"
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# start_proxy TARGET_PORT -> PROXY_PORT, PROXY_PID (a fresh wan-proxy: fresh token buckets)
start_proxy() {
  PROXY_PORT=$(freeport)
  python3 "$SHARED/bench/wan-proxy" "$PROXY_PORT" "$1" "${WAN[@]}" --seconds "$((TOOL_TIMEOUT + 120))" \
    >"$RUN/proxy-$PROXY_PORT.log" 2>&1 &
  PROXY_PID=$!; PIDS+=("$PROXY_PID")
  wait_up "http://127.0.0.1:$PROXY_PORT/v2/" "$PROXY_PID" "wan-proxy on $PROXY_PORT"
}

# skopeo's blob-info cache: each (tool run of a) fresh-target scenario starts with an empty cache
# of its own; (c) keeps the cache its (b) run built, as a re-run of the same script would.
SKOPEO_CACHE_MODE=delete
if [ "$(id -u)" != 0 ]; then
  SKOPEO_CACHE_MODE=xdg
elif mkdir -p /var/lib/containers/cache && d=$(mktemp -d "$RUN/probe-XXXX") &&
     unshare -m sh -c 'mount --bind "$0" /var/lib/containers/cache' "$d" 2>/dev/null; then
  SKOPEO_CACHE_MODE=unshare
fi
skopeo_prefix() { # CACHE_DIR -> SKOPEO: the command that runs skopeo with CACHE_DIR as its blob-info cache
  case $SKOPEO_CACHE_MODE in
    unshare) SKOPEO=(unshare -m sh -c 'mount --bind "$0" /var/lib/containers/cache && exec skopeo "$@"' "$1") ;;
    xdg) SKOPEO=(env "XDG_DATA_HOME=$1" skopeo) ;;
    delete) SKOPEO=(skopeo) ;;
  esac
}
fresh_skopeo_cache() { # DIR
  mkdir -p "$1"
  [ "$SKOPEO_CACHE_MODE" = delete ] && rm -f /var/lib/containers/cache/blob-info-cache-v1.boltdb
  return 0
}

# ---- the corpus ----------------------------------------------------------------------------
if [ -z "$CORPUS" ]; then
  start_registry "$WORK/corpus-registry"   # data kept across runs: make-corpus runs once
  CORPUS=127.0.0.1:$REG_PORT
  if ! python3 "$LIB" has-images "$CORPUS" "${IMAGES[@]}"; then
    [ "$(id -u)" = 0 ] || die "building the corpus needs root (make-corpus); or pass --corpus HOST:PORT"
    log "building the corpus with make-corpus into $CORPUS (several minutes; cached in $WORK)"
    timeout "$(left)" bash "$SHARED/bench/make-corpus" "$CORPUS" "$WORK/make-corpus" >&2
  fi
fi
python3 "$LIB" has-images "$CORPUS" "${IMAGES[@]}" || die "$CORPUS lacks some of: ${IMAGES[*]} (run make-corpus into it)"
read -r NBLOBS NBYTES < <(python3 "$LIB" blobs "$CORPUS" "${IMAGES[@]}")
log "corpus $CORPUS: ${#IMAGES[@]} images, $NBLOBS unique blobs, $((NBYTES / 1000000)) MB"

LIST=$RUN/images.list
for img in "${IMAGES[@]}"; do echo "$CORPUS/$img"; done >"$LIST"

# untimed warm-up, the same for both tools: source blobs, the JVM/jar and skopeo in the page cache
python3 "$LIB" warm "$CORPUS" "${IMAGES[@]}"
"$FERRY" --version >/dev/null 2>&1 || true
skopeo --version >/dev/null

# ---- measuring -----------------------------------------------------------------------------
RESULTS=$RUN/results.tsv; : >"$RESULTS"
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# user+system CPU seconds of this shell's finished children (times must run in this shell)
child_cpu() { times >"$RUN/times"; CPU=$(awk 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); s += p[1] * 60 + p[2] } printf "%.3f", s }' "$RUN/times"); }

# verify DST -> 0 when every image at DST has the source's manifest digest and all its blobs
verify() {
  local dst=$1 img s d bad=0
  for img in "${IMAGES[@]}"; do
    s=$(skopeo inspect --raw --tls-verify=false "docker://$CORPUS/$img" | sha256sum | cut -d' ' -f1)
    d=$(skopeo inspect --raw --tls-verify=false "docker://$dst/$img" 2>/dev/null | sha256sum | cut -d' ' -f1)
    [ "$s" = "$d" ] || { log "  verify: $img at $dst is sha256:$d, source sha256:$s"; bad=1; }
  done
  python3 "$LIB" check-blobs "$dst" "${IMAGES[@]}" 2>&1 | sed 's/^/  verify: /' >&2 || bad=1
  return "$bad"
}

# measure RUN SCENARIO TOOL FROM TO CACHE_DIR : one timed run of one tool, then verification
measure() {
  local r=$1 scen=$2 tool=$3 from=$4 to=$5 cache=$6 t0 t1 c0 c1 rc=0 ok=ok extra= img
  local out=$RUN/r$r-$scen-$tool
  local load; load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
  log "run $r ($scen) $tool: $from -> $to (load average $load)"
  if [ "$tool" = ferry ]; then
    child_cpu; c0=$CPU; t0=$(now)
    # run in the work folder (ferry reads ./cfg.yaml and writes its run log under ./data/), without
    # FERRY_CACHE: ferry's blob cache is off by default, and a warm one would skip the WAN in (b)
    (cd "$RUN" && exec env -u FERRY_CACHE timeout "$TOOL_TIMEOUT" "$FERRY" sync "$LIST" --from "$from" --to "$to" -o json) >"$out.json" 2>"$out.log" || rc=$?
    t1=$(now); child_cpu; c1=$CPU
    extra=$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$out.json" 2>/dev/null) || extra=
    if [ "$rc" != 0 ]; then log "  ferry sync exited $rc:"; tail -n 20 "$out.log" "$out.json" >&2 || true; fi
  else
    child_cpu; c0=$CPU; t0=$(now)
    skopeo_prefix "$cache"
    for img in "${IMAGES[@]}"; do
      timeout "$TOOL_TIMEOUT" "${SKOPEO[@]}" "${SKOPEO_COPY[@]:1}" "docker://$from/$img" "docker://$to/$img" >>"$out.log" 2>&1 || rc=$?
    done
    t1=$(now); child_cpu; c1=$CPU
    if [ "$rc" != 0 ]; then log "  skopeo exited $rc:"; tail -n 20 "$out.log" >&2; fi
  fi
  verify "$to" || ok=bad
  local secs; secs=$(elapsed "$t0" "$t1")
  log "  $tool: ${secs} s wall, $(elapsed "$c0" "$c1") s cpu, exit $rc, verify $ok"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$scen" "$tool" "$secs" "$rc" "$ok" "$(elapsed "$c0" "$c1")" "$load" "$extra" >>"$RESULTS"
}

for r in $(seq 1 "$RUNS"); do
  if [ $((r % 2)) = 1 ]; then TOOLS=(ferry skopeo); else TOOLS=(skopeo ferry); fi
  declare -A BPORT BPID
  # (a) loopback, fresh target
  for tool in "${TOOLS[@]}"; do
    start_registry "$RUN/r$r-a-$tool-target"; fresh_skopeo_cache "$RUN/r$r-a-skopeo-cache"
    measure "$r" a "$tool" "$CORPUS" "127.0.0.1:$REG_PORT" "$RUN/r$r-a-skopeo-cache"
    stop "$REG_PID"; rm -rf "$RUN/r$r-a-$tool-target"
  done
  # (b) source behind the WAN proxy, fresh target
  for tool in "${TOOLS[@]}"; do
    start_registry "$RUN/r$r-b-$tool-target"; BPORT[$tool]=$REG_PORT; BPID[$tool]=$REG_PID
    fresh_skopeo_cache "$RUN/r$r-b-skopeo-cache"
    start_proxy "${CORPUS##*:}"
    measure "$r" b "$tool" "127.0.0.1:$PROXY_PORT" "127.0.0.1:$REG_PORT" "$RUN/r$r-b-skopeo-cache"
    stop "$PROXY_PID"
  done
  # (c) the same again: everything is already at each tool's own target (skopeo keeps its cache)
  for tool in "${TOOLS[@]}"; do
    start_proxy "${CORPUS##*:}"
    measure "$r" c "$tool" "127.0.0.1:$PROXY_PORT" "127.0.0.1:${BPORT[$tool]}" "$RUN/r$r-b-skopeo-cache"
    stop "$PROXY_PID"
  done
  for tool in "${TOOLS[@]}"; do stop "${BPID[$tool]}"; rm -rf "$RUN/r$r-b-$tool-target"; done
  unset BPORT BPID
done

# ---- report --------------------------------------------------------------------------------
[ -n "$OUT" ] || { mkdir -p "$HERE/results"; OUT=$HERE/results/sync-vs-skopeo-$(date -u +%Y%m%dT%H%M%SZ).json; }
FERRY_VERSION=$("$FERRY" --version 2>/dev/null | head -1 || true)
# the jar the launcher runs (as dist/ferry looks for it) and the commit of the launcher's checkout
FERRY_DIR=$(dirname "$FERRY") FERRY_JAR_USED=
for j in "${FERRY_JAR:-}" "$FERRY_DIR/ferry.jar" "$FERRY_DIR/../lib/ferry.jar" "$FERRY_DIR/../target/ferry.jar"; do
  if [ -n "$j" ] && [ -f "$j" ]; then FERRY_JAR_USED=$(readlink -f "$j"); break; fi
done
FERRY_JAR_SHA=$([ -n "$FERRY_JAR_USED" ] && sha256sum "$FERRY_JAR_USED" | cut -d' ' -f1 || true)
FERRY_COMMIT=$(git -C "$FERRY_DIR" log -1 --format=%h 2>/dev/null || true)
export FERRY_VERSION FERRY_COMMIT FERRY_JAR_USED FERRY_JAR_SHA SKOPEO_CACHE_MODE CORPUS NBLOBS NBYTES RUNS QUICK FERRY TOOL_TIMEOUT
python3 - "$RUN/meta.json" "${IMAGES[@]}" <<'PY'
import json, os, platform, subprocess, sys, datetime
e = os.environ
skopeo = subprocess.run(["skopeo", "--version"], capture_output=True, text=True).stdout.strip()
meta = {
    "benchmark": "sync-vs-skopeo",
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "host": {"cpus": os.cpu_count(), "kernel": platform.release(),
             "memGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
    "ferry": {"path": e["FERRY"], "version": e.get("FERRY_VERSION", ""), "checkoutCommit": e.get("FERRY_COMMIT", ""),
              "jar": e.get("FERRY_JAR_USED", ""), "jarSha256": e.get("FERRY_JAR_SHA", ""),
              "command": "ferry sync LIST --from SRC --to DST -o json  (default -j)"},
    "skopeo": {"version": skopeo,
               "command": "skopeo copy --all --src-tls-verify=false --dest-tls-verify=false docker://SRC/IMG docker://DST/IMG, once per image, sequentially",
               "blobInfoCache": e["SKOPEO_CACHE_MODE"]},
    "corpus": {"registry": e["CORPUS"], "images": sys.argv[2:], "uniqueBlobs": int(e["NBLOBS"]),
               "uniqueBlobBytes": int(e["NBYTES"]), "quick": e["QUICK"] == "1"},
    "wan": {"rttMs": 40, "connMbps": 80, "linkMbps": 400, "appliesTo": "source side only (b, c)"},
    "runs": int(e["RUNS"]),
    "toolTimeoutSeconds": int(e["TOOL_TIMEOUT"]),
}
json.dump(meta, open(sys.argv[1], "w"))
PY
python3 "$LIB" report "$RESULTS" "$RUN/meta.json" "$OUT"
