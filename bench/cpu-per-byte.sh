#!/usr/bin/env bash
# CPU seconds (user+sys, from /usr/bin/time -v) of one loopback registry-to-registry copy of a large image:
# each ferry jar given and `skopeo copy`, in turns, each into a fresh empty docker-registry, in one run.
#
#   bench/cpu-per-byte.sh [--image HOST:PORT/REPO:TAG] [--runs N] FERRY [FERRY...]
#
# FERRY: a ferry.jar (run with java -jar), or a launcher (dist/ferry beside its ferry.jar: class-data sharing as
# users get it; its archive is made by two untimed runs first).
# Default image: 127.0.0.1:5099/corpus/jre:17 (the make-corpus image, ~174 MB in two layers).
# Prints one line per copy and the medians per tool. Everything listens on 127.0.0.1 only.
set -euo pipefail
IMAGE=127.0.0.1:5099/corpus/jre:17 RUNS=3 JARS=()
while [ $# -gt 0 ]; do
  case $1 in
    --image) IMAGE=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) JARS+=("$1"); shift ;;
  esac
done
case $IMAGE in 127.0.0.1:*|localhost:*) ;; *) echo "cpu-per-byte: --image must be on a loopback registry" >&2; exit 2 ;; esac
[ ${#JARS[@]} -gt 0 ] || { echo "cpu-per-byte: name at least one ferry jar" >&2; exit 2; }
WORK=$(mktemp -d /tmp/cpu-per-byte-XXXXXX)
REG_PID=
cleanup() { [ -n "$REG_PID" ] && kill "$REG_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
start_registry() {
  PORT=$(free_port); mkdir -p "$WORK/reg-$PORT"
  cat > "$WORK/reg-$PORT.yml" <<YML
version: 0.1
log: {level: error, accesslog: {disabled: true}}
storage: {filesystem: {rootdirectory: $WORK/reg-$PORT}, delete: {enabled: true}}
http: {addr: 127.0.0.1:$PORT}
YML
  docker-registry serve "$WORK/reg-$PORT.yml" >"$WORK/reg-$PORT.log" 2>&1 & REG_PID=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/v2/" >/dev/null && return; sleep 0.1; done
  echo "registry did not start" >&2; exit 1
}
stop_registry() { kill "$REG_PID"; wait "$REG_PID" 2>/dev/null || true; rm -rf "$WORK/reg-$PORT"; REG_PID=; }

measure() { # name, command...
  local name=$1; shift
  start_registry
  local dst=127.0.0.1:$PORT/${IMAGE#*/}
  local cmd=("$@" "$IMAGE" "$dst")
  [ "$name" = skopeo ] && cmd=("$@" "docker://$IMAGE" "docker://$dst")
  HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache /usr/bin/time -v "${cmd[@]}" >"$WORK/out" 2>"$WORK/time" || { cat "$WORK/out" "$WORK/time" >&2; exit 1; }
  local u s w
  u=$(awk -F': ' '/User time/{print $2}' "$WORK/time"); s=$(awk -F': ' '/System time/{print $2}' "$WORK/time")
  w=$(awk '/Elapsed \(wall/{print $NF}' "$WORK/time")
  local want got
  want=$(skopeo inspect --raw --tls-verify=false "docker://$IMAGE" | sha256sum | cut -c1-16)
  got=$(skopeo inspect --raw --tls-verify=false "docker://$dst" | sha256sum | cut -c1-16)
  [ "$want" = "$got" ] || { echo "copy by $name differs at the target" >&2; exit 1; }
  printf '%-28s cpu %6.2f s (user %s, sys %s)  wall %s\n' "$name" "$(echo "$u + $s" | bc)" "$u" "$s" "$w"
  echo "$name $(echo "$u + $s" | bc)" >>"$WORK/all"
  stop_registry
}

mkdir -p "$WORK/home"
name_of() { case $1 in *.jar) basename "$1" ;; *) echo "$(basename "$(dirname "$1")")/$(basename "$1")" ;; esac; }
for j in "${JARS[@]}"; do
  case $j in *.jar) ;; *) HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache "$j" --version >/dev/null; HOME=$WORK/home XDG_CACHE_HOME=$WORK/home/.cache "$j" --version >/dev/null ;; esac
done
for r in $(seq "$RUNS"); do
  for j in "${JARS[@]}"; do
    case $j in *.jar) measure "$(name_of "$j")" java -jar "$j" copy -q ;; *) measure "$(name_of "$j")" "$j" copy -q ;; esac
  done
  measure skopeo skopeo copy -q --src-tls-verify=false --dest-tls-verify=false
done
echo "medians (cpu s):"
for k in $(cut -d' ' -f1 "$WORK/all" | sort -u); do
  vals=$(awk -v k="$k" '$1==k{print $2}' "$WORK/all" | sort -n); n=$(echo "$vals" | wc -l)
  printf '  %-28s %s  (%d runs)\n' "$k" "$(echo "$vals" | sed -n "$(( (n + 1) / 2 ))p")" "$n"
done
