#!/usr/bin/env bash
# Issue 18's table "before and after, on the same machine in one run": the corpus scenarios of
# sync-vs-skopeo.sh and the 200-tag scenario of many-tags-vs-skopeo.sh, each run for an earlier
# ferry (BEFORE) and for this checkout's (or --ferry PATH), back to back, skopeo measured beside
# each. Prints one markdown table of medians and writes it, with the raw outputs, to
# bench/results/before-after-DATE/.
#
#   bench/before-after.sh --before PATH --corpus HOST:PORT [--ferry PATH] [--runs N] [--tags N] [--quick]
#
#   --before PATH   the earlier ferry's launcher (e.g. a worktree of an older commit: dist/ferry)
#   --corpus        a loopback registry holding ../shared/bench/make-corpus's images
#   --quick         sync-vs-skopeo's smoke subset (three images)
# Loopback only, like the scripts it runs.
set -euo pipefail
BEFORE= CORPUS= FERRY_ARG= RUNS=3 TAGS=200 QUICK=
while [ $# -gt 0 ]; do
  case $1 in
    --before) BEFORE=${2:?}; shift 2 ;;
    --corpus) CORPUS=${2:?}; shift 2 ;;
    --ferry) FERRY_ARG=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --tags) TAGS=${2:?}; shift 2 ;;
    --quick) QUICK=--quick; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "before-after: unknown argument $1" >&2; exit 2 ;;
  esac
done
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
AFTER=${FERRY_ARG:-$ROOT/dist/ferry}
[ -x "${BEFORE:-/nonexistent}" ] || { echo "before-after: --before needs an earlier ferry launcher" >&2; exit 2; }
[ -n "$CORPUS" ] || { echo "before-after: --corpus HOST:PORT is needed" >&2; exit 2; }
OUT=$HERE/results/before-after-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
log() { printf '[before-after %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
commit_of() { git -C "$(dirname "$(dirname "$1")")" rev-parse --short HEAD 2>/dev/null || echo unknown; }
for side in before after; do
  f=$BEFORE; [ "$side" = after ] && f=$AFTER
  log "$side ($(commit_of "$f")): corpus scenarios"
  "$HERE/sync-vs-skopeo.sh" --corpus "$CORPUS" --ferry "$f" --runs "$RUNS" $QUICK --out "$OUT/sync-$side.json" >"$OUT/sync-$side.txt" 2>&1
  log "$side: $TAGS tags"
  "$HERE/many-tags-vs-skopeo.sh" --ferry "$f" --runs "$RUNS" --tags "$TAGS" >"$OUT/many-$side.txt" 2>&1
done
python3 - "$OUT" "$(commit_of "$BEFORE")" "$(commit_of "$AFTER")" "$TAGS" <<'PY' | tee "$OUT/table.md"
import json, re, sys, statistics
out, cb, ca, tags = sys.argv[1:5]
def sync(side):
    return json.load(open(f"{out}/sync-{side}.json"))["summary"]
def many(side):
    rows = {}
    for line in open(f"{out}/many-{side}.txt"):
        # run case tool wall cpu [rss MB] N dst N src (the rss column since many-tags-vs-skopeo.sh reports it)
        m = re.match(r"\s*\d+\s+(fresh|present)\s+(ferry|skopeo)\s+([\d.]+)\s+([\d.]+)\s+(?:\d+\s+)?([\d.]+) dst ([\d.]+) src", line)
        if m:
            rows.setdefault((m[1], m[2]), []).append((float(m[3]), float(m[4]), float(m[5]), float(m[6])))
    return {k: tuple(statistics.median(x[i] for x in v) for i in range(4)) for k, v in rows.items()}
print(f"| scenario | before ({cb}) ferry s / cpu | skopeo s | ratio | after ({ca}) ferry s / cpu | skopeo s | ratio | goal |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
sb, sa = sync("before"), sync("after")
for k in ("a", "b", "c"):
    b, a = sb[k], sa[k]
    print(f"| {a['name']} | {b['ferrySeconds']:.2f} / {b['ferryCpuSeconds']:.2f} | {b['skopeoSeconds']:.2f} | {b['ratio']:.2f}x "
          f"| {a['ferrySeconds']:.2f} / {a['ferryCpuSeconds']:.2f} | {a['skopeoSeconds']:.2f} | {a['ratio']:.2f}x | <= {a['target']}x |")
mb, ma = many("before"), many("after")
for case, goal in (("fresh", 0.5), ("present", 0.3)):
    fb, sk_b, fa, sk_a = mb[(case, "ferry")], mb[(case, "skopeo")], ma[(case, "ferry")], ma[(case, "skopeo")]
    print(f"| {tags} tags, {case} (req/img dst+src) | {fb[0]:.2f} / {fb[1]:.2f} ({fb[2]:.1f}+{fb[3]:.1f}) | {sk_b[0]:.2f} ({sk_b[2]:.1f}+{sk_b[3]:.1f}) | {fb[0]/sk_b[0]:.2f}x "
          f"| {fa[0]:.2f} / {fa[1]:.2f} ({fa[2]:.1f}+{fa[3]:.1f}) | {sk_a[0]:.2f} ({sk_a[2]:.1f}+{sk_a[3]:.1f}) | {fa[0]/sk_a[0]:.2f}x | <= {goal}x |")
PY
log "written to $OUT"
