#!/usr/bin/env bash
# ward.convert.json against python3's json and jq on one generated 20 MB document, and
# ward.template.minijinja renders (ward-bench/scripts/convert.lua). Prints MB/s of the
# document's size for each decode (parse) and encode (serialize); jq is timed for its whole
# run (parse + compact print), python3 and Ward inside the process (best of 3, no start-up).
#
#   bash ward-bench/convert.sh            # SIZE_MB=20 RUNS=3 RENDERS=1000
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
size="${SIZE_MB:-20}"
runs="${RUNS:-3}"
file="$(mktemp -d)/doc.json"
trap 'rm -rf "$(dirname "$file")"' EXIT

# a seeded document: records with strings, integers, floats, booleans, nulls and nesting
python3 - "$file" "$size" <<'PY'
import json, random, sys
random.seed(42)
path, mb = sys.argv[1], float(sys.argv[2])
recs, size = [], 0
while size < mb * 1e6:
    r = {"id": len(recs), "name": "user-%d" % random.randrange(10**6), "score": random.random() * 1000,
         "active": random.random() < 0.5, "parent": None,
         "tags": [random.choice(["alpha", "beta", "gamma", "δέλτα", "ε"]) for _ in range(random.randrange(5))],
         "address": {"city": "city-%d" % random.randrange(1000), "zip": "%05d" % random.randrange(10**5),
                     "geo": [random.uniform(-90, 90), random.uniform(-180, 180)]}}
    recs.append(r)
    size += len(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8")) + 1
with open(path, "w", encoding="utf-8") as f:
    json.dump(recs, f, ensure_ascii=False, separators=(",", ":"))
PY
bytes=$(stat -c %s "$file")
echo "== $(date -u +%FT%TZ) document: $bytes bytes; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "-- ward ($("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -n 1))"
"$root/ward" "$here/scripts/convert.lua" "$file" "$runs" "${RENDERS:-1000}"

echo "-- python3 $(python3 -c 'import sys; print(sys.version.split()[0])') json (best of $runs)"
python3 - "$file" "$runs" <<'PY'
import json, sys, time
path, runs = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()
mb = len(text.encode("utf-8")) / 1e6
def best(f):
    b = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter(); r = f(); b = min(b, time.perf_counter() - t0)
    return b, r
dt, v = best(lambda: json.loads(text))
print("json.loads    %.1f MB: %.3f s  %.1f MB/s" % (mb, dt, mb / dt))
et, _ = best(lambda: json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
print("json.dumps    %.1f MB: %.3f s  %.1f MB/s (sorted keys, as Ward)" % (mb, et, mb / et))
PY

if command -v jq > /dev/null; then
  echo "-- $(jq --version) (whole run: parse + compact print, best of $runs)"
  best=""
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N); jq -c . "$file" > /dev/null; t1=$(date +%s%N)
    t=$(( (t1 - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v b="$bytes" -v ms="$best" 'BEGIN { printf "jq -c .       %.1f MB: %.3f s  %.1f MB/s\n", b / 1e6, ms / 1000, b / 1e6 / (ms / 1000) }'
else
  echo "-- jq not installed"
fi
