#!/usr/bin/env bash
# startup.sh: Ward's start-up time through ./ward, with and without the start-up archive
# (README.md "Start-up"), on every JDK found, beside a `java -version` baseline. A measurement,
# not a test: CI does not run it.
#
#   bash ward-bench/startup.sh                 # N=10 runs of each case
#   N=20 bash ward-bench/startup.sh
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64" bash ward-bench/startup.sh
#   BEFORE_DIR=/tmp/ward-old bash ward-bench/startup.sh   # adds a column: that checkout's ./ward
#
# BEFORE_DIR is another copy of Ward with its jar built (for instance `git archive OLD | tar -x`
# plus that commit's ward.jar in ward-cli/target, newer than its sources): its own ./ward runs
# the same commands, with WARD_NO_ARCHIVE=1 (ignored by launchers that have no archive).
#
# For each JDK (the default java, then every JDK 17+ under /usr/lib/jvm, or JDKS), the cases are
# `./ward -e 'print(1)'` and `./ward examples/hello.lua`, each run without the archive
# (WARD_NO_ARCHIVE=1), with the launcher's default archive (static AppCDS) and, on JDK 24+,
# with the JDK's AOT cache (WARD_ARCHIVE=aot). Runs are interleaved (one of each case in turn,
# N rounds) so that the machine's load hits every case alike. The figure is the median wall
# time in ms (date +%s%N), from starting ./ward to its exit; ratios are against "no archive".
# Before measuring, each JDK's archives are made (a first run, then a wait for the background
# maker) so that no background work overlaps the timed runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
n="${N:-10}"
target="$root/ward-cli/target"

jdk_major() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null; }

if [ -n "${JDKS:-}" ]; then
  read -r -a homes <<<"$JDKS"
else
  homes=()
  default_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  homes+=("$default_home")
  for h in /usr/lib/jvm/*; do
    [ -x "$h/bin/java" ] && [ -f "$h/release" ] || continue
    [ "$(readlink -f "$h")" = "$(readlink -f "$default_home")" ] && continue
    m="$(jdk_major "$h")"
    [ -n "$m" ] && [ "$m" -ge 17 ] || continue
    dup=""
    for k in "${homes[@]}"; do [ "$(readlink -f "$k")" = "$(readlink -f "$h")" ] && dup=1; done
    [ -z "$dup" ] && homes+=("$h")
  done
fi

# ms for one run of "$@" (output discarded)
run_ms() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(((e - s) / 1000000))
}

median() {
  sort -n | awk '{v[NR] = $1} END {if (NR == 0) {print "-"} else if (NR % 2) {print v[(NR + 1) / 2]} else {printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}}'
}

# waits (up to 5 minutes) until no archive maker is running beside the jar
wait_makers() {
  local i
  for i in $(seq 1 1500); do
    compgen -G "$target/*.lock" >/dev/null || return 0
    sleep 0.2
  done
  echo "startup.sh: an archive maker is still running in $target" >&2
}

hello="examples/hello.lua"
rows=()
for home in "${homes[@]}"; do
  major="$(jdk_major "$home")"
  version="$("$home/bin/java" -version 2>&1 | head -n 1)"
  echo "== $home: $version" >&2
  # cases: name|env...|args...
  cases=("version" "none-e" "cds-e" "none-hello" "cds-hello")
  if [ "$major" -ge 24 ]; then cases+=("aot-e" "aot-hello"); fi
  if [ -n "${BEFORE_DIR:-}" ]; then cases+=("before-e" "before-hello"); fi

  one() { # one run of case $1, in ms
    case "$1" in
      version) run_ms "$home/bin/java" -version ;;
      none-e) run_ms env JAVA_HOME="$home" WARD_NO_ARCHIVE=1 ./ward -e 'print(1)' ;;
      none-hello) run_ms env JAVA_HOME="$home" WARD_NO_ARCHIVE=1 ./ward "$hello" ;;
      cds-e) run_ms env JAVA_HOME="$home" ./ward -e 'print(1)' ;;
      cds-hello) run_ms env JAVA_HOME="$home" ./ward "$hello" ;;
      aot-e) run_ms env JAVA_HOME="$home" WARD_ARCHIVE=aot ./ward -e 'print(1)' ;;
      aot-hello) run_ms env JAVA_HOME="$home" WARD_ARCHIVE=aot ./ward "$hello" ;;
      before-e) run_ms env JAVA_HOME="$home" WARD_NO_ARCHIVE=1 "$BEFORE_DIR/ward" -e 'print(1)' ;;
      before-hello) run_ms env JAVA_HOME="$home" WARD_NO_ARCHIVE=1 "$BEFORE_DIR/ward" "$hello" ;;
    esac
  }

  # warm-up: builds the jar if stale, makes the archives, fills the OS file cache
  for c in "${cases[@]}"; do one "$c" >/dev/null; wait_makers; done
  for c in "${cases[@]}"; do one "$c" >/dev/null; done
  wait_makers

  declare -A times=()
  for _ in $(seq 1 "$n"); do
    for c in "${cases[@]}"; do times[$c]+="$(one "$c") "; done
  done
  declare -A med=()
  for c in "${cases[@]}"; do med[$c]="$(tr ' ' '\n' <<<"${times[$c]}" | grep . | median)"; done
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f×\n", a / b}'; }
  for what in e hello; do
    label='`-e '"'"'print(1)'"'"'`'
    [ "$what" = hello ] && label='`examples/hello.lua`'
    aot="n/a"
    aot_ratio="n/a"
    if [ "$major" -ge 24 ]; then
      aot="${med[aot-$what]}"
      aot_ratio="$(ratio "$aot" "${med[none-$what]}")"
    fi
    row="| $major | $label | ${med[version]} | ${med[none-$what]} | ${med[cds-$what]} | $(ratio "${med[cds-$what]}" "${med[none-$what]}") | $aot | $aot_ratio |"
    if [ -n "${BEFORE_DIR:-}" ]; then
      row+=" ${med[before-$what]} | $(ratio "${med[cds-$what]}" "${med[before-$what]}") |"
    fi
    rows+=("$row")
  done
  unset times med
done

echo
echo "Median of $n runs each, ms ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))."
echo
header="| JDK | ./ward … | \`java -version\` | no archive | AppCDS archive (default) | ratio | AOT cache (\`WARD_ARCHIVE=aot\`) | ratio |"
rule="|---|---|---|---|---|---|---|---|"
if [ -n "${BEFORE_DIR:-}" ]; then
  header+=" before (\`BEFORE_DIR/ward\`) | AppCDS / before |"
  rule+="---|---|"
fi
echo "$header"
echo "$rule"
printf '%s\n' "${rows[@]}"
