#!/usr/bin/env python3
"""Helpers for bench/sync-vs-skopeo.sh (registry HTTP on loopback only, standard library only).

    benchlib.py freeport                      print a free TCP port on 127.0.0.1
    benchlib.py blobs REG IMAGE...            print "count bytes" of the unique blobs of the images
    benchlib.py warm REG IMAGE...             GET every blob once (untimed page-cache warm-up)
    benchlib.py check-blobs REG IMAGE...      HEAD every manifest and blob of the images at REG
    benchlib.py has-images REG IMAGE...       exit 0 when every image's manifest exists at REG
    benchlib.py report RESULTS.tsv META.json OUT.json
                                              assemble the JSON result and print the table

IMAGE is REPO:TAG (e.g. corpus/python:3.11); REG is host:port of a plain-HTTP loopback registry.
"""
import hashlib, json, socket, statistics, sys, urllib.error, urllib.request

ACCEPT = ", ".join([
    "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v2+json"])
INDEX_TYPES = ("application/vnd.oci.image.index.v1+json",
               "application/vnd.docker.distribution.manifest.list.v2+json")


def loopback(reg):
    host = reg.rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        sys.exit(f"benchlib: refusing non-loopback registry {reg}")
    return reg


def req(reg, path, method="GET"):
    r = urllib.request.Request(f"http://{loopback(reg)}/v2/{path}", method=method,
                               headers={"Accept": ACCEPT})
    return urllib.request.urlopen(r, timeout=120)


def split(image):
    repo, tag = image.rsplit(":", 1) if "@" not in image else image.split("@", 1)
    return repo, tag


def walk(reg, image):
    """Yield ("manifest", repo, digest, size) and ("blob", repo, digest, size) for one image."""
    repo, ref = split(image)
    todo = [ref]
    while todo:
        ref = todo.pop()
        with req(reg, f"{repo}/manifests/{ref}") as r:
            body = r.read()
            mt = r.headers.get("Content-Type", "").split(";")[0]
        dg = "sha256:" + hashlib.sha256(body).hexdigest()
        yield ("manifest", repo, dg, len(body))
        m = json.loads(body)
        mt = m.get("mediaType", mt)
        if mt in INDEX_TYPES or "manifests" in m:
            todo.extend(d["digest"] for d in m["manifests"])
        else:
            for d in [m["config"]] + m.get("layers", []):
                yield ("blob", repo, d["digest"], d["size"])


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "freeport":
        s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
    elif cmd == "blobs":
        seen = {}
        for img in args[1:]:
            for kind, _, dg, size in walk(args[0], img):
                if kind == "blob":
                    seen[dg] = size
        print(len(seen), sum(seen.values()))
    elif cmd == "warm":
        seen = set()
        for img in args[1:]:
            for kind, repo, dg, _ in walk(args[0], img):
                if kind == "blob" and dg not in seen:
                    seen.add(dg)
                    with req(args[0], f"{repo}/blobs/{dg}") as r:
                        while r.read(1 << 20):
                            pass
    elif cmd == "check-blobs":
        bad = 0
        for img in args[1:]:
            repo, _ = split(img)
            for kind, _, dg, size in walk(args[0], img):
                what = "manifests" if kind == "manifest" else "blobs"
                try:
                    with req(args[0], f"{repo}/{what}/{dg}", method="HEAD") as r:
                        n = r.headers.get("Content-Length")
                        if kind == "blob" and n is not None and int(n) != size:
                            print(f"{img}: {dg} has {n} bytes, expected {size}", file=sys.stderr); bad += 1
                except urllib.error.HTTPError as e:
                    print(f"{img}: {what[:-1]} {dg} missing ({e.code})", file=sys.stderr); bad += 1
        sys.exit(1 if bad else 0)
    elif cmd == "has-images":
        for img in args[1:]:
            repo, ref = split(img)
            try:
                req(args[0], f"{repo}/manifests/{ref}", method="HEAD").close()
            except (urllib.error.URLError, OSError):
                sys.exit(1)
    elif cmd == "report":
        report(*args)
    else:
        sys.exit(f"benchlib: unknown command {cmd}")


TARGETS = {"a": 1.0, "b": 0.3, "c": 0.5}
NAMES = {"a": "(a) loopback, fresh target",
         "b": "(b) WAN source, fresh target",
         "c": "(c) WAN source, all present"}


def report(tsv, meta_path, out):
    meta = json.load(open(meta_path))
    rows = []
    for line in open(tsv):
        run, scen, tool, secs, rc, verified, cpu, load, extra = line.rstrip("\n").split("\t")
        row = {"run": int(run), "scenario": scen, "tool": tool, "seconds": round(float(secs), 3),
               "cpuSeconds": round(float(cpu), 3), "exitCode": int(rc), "verified": verified == "ok",
               "loadAverage1m": float(load)}
        if extra:
            row["ferryReport"] = json.loads(extra)
        rows.append(row)
    summary, all_pass = {}, True
    print()
    print(f"{'run':>3} {'scenario':32} {'tool':7} {'wall s':>8} {'cpu s':>7} {'load':>5} {'exit':>4}  {'verified':8} ferry's report")
    for r in rows:
        fr = r.get("ferryReport") or {}
        moved = f"{fr['bytesMoved'] / 1e6:.1f} MB moved, {fr.get('bytesSkipped', 0) / 1e6:.1f} MB skipped" \
            if isinstance(fr.get("bytesMoved"), (int, float)) else ""
        print(f"{r['run']:>3} {NAMES[r['scenario']]:32} {r['tool']:7} {r['seconds']:8.2f} {r['cpuSeconds']:7.2f} {r['loadAverage1m']:5.1f} "
              f"{r['exitCode']:>4}  {'yes' if r['verified'] else 'NO':8} {moved}")
    print()
    print(f"{'scenario':32} {'ferry s':>9} {'skopeo s':>9} {'ratio':>7} {'target':>7}  result")
    for s in ("a", "b", "c"):
        f = [r for r in rows if r["scenario"] == s and r["tool"] == "ferry"]
        k = [r for r in rows if r["scenario"] == s and r["tool"] == "skopeo"]
        if not f or not k:
            continue
        ok = all(r["exitCode"] == 0 and r["verified"] for r in f + k)
        fm = statistics.median(r["seconds"] for r in f)
        km = statistics.median(r["seconds"] for r in k)
        ratio = fm / km if km > 0 else float("inf")
        passed = ok and ratio <= TARGETS[s]
        all_pass &= passed
        result = ("PASS" if passed else "FAIL") + ("" if ok else " (a copy failed or did not verify)")
        summary[s] = {"name": NAMES[s], "ferrySeconds": round(fm, 3), "skopeoSeconds": round(km, 3),
                      "ratio": round(ratio, 3), "target": TARGETS[s], "pass": passed,
                      "allCopiesVerified": ok,
                      "ferryCpuSeconds": round(statistics.median(r["cpuSeconds"] for r in f), 3),
                      "skopeoCpuSeconds": round(statistics.median(r["cpuSeconds"] for r in k), 3),
                      "ferryRuns": [r["seconds"] for r in f], "skopeoRuns": [r["seconds"] for r in k]}
        print(f"{NAMES[s]:32} {fm:9.2f} {km:9.2f} {ratio:7.3f} {'<= ' + str(TARGETS[s]):>7}  {result}")
    if meta.get("runs", 1) > 1:
        print("(seconds are medians over", meta["runs"], "runs; every run is in the JSON)")
    meta.update({"summary": summary, "allPass": all_pass, "measurements": rows})
    with open(out, "w") as fh:
        json.dump(meta, fh, indent=2)
        fh.write("\n")
    print(f"\nresults: {out}")
    # a copy that failed or did not verify is an error; missed targets are only reported
    sys.exit(0 if all(r["exitCode"] == 0 and r["verified"] for r in rows) else 1)


if __name__ == "__main__":
    main()
