#!/usr/bin/env bash
# Smoke mode of the JMH suite: runs EVERY benchmark once, for one short iteration, on every
# fiber engine this JVM offers, and exits non-zero if any benchmark fails. Numbers printed
# here are meaningless (no warm-up); it only proves the benchmarks still run.
#
#   bash ward-bench/smoke.sh                 # with `java` (JDK 17: thread engine only)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash ward-bench/smoke.sh   # both engines
#
# Needs ward-bench/target/benchmarks.jar: `mvn -B package` (or `verify`) builds it; this
# script builds it itself when it is missing. Sizes are cut down where they are parameters
# (100,000-task benchmarks run at 20,000; the thread engine at 2,000 live tasks).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -f "$jar" ]; then
  (cd "$here/.." && mvn -B -ntp -q -pl ward-bench -am package -DskipTests)
fi

engines=$("$java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$jar" io.ward.bench.Engines -v)
echo "== ward-bench smoke: $("$java" -version 2>&1 | head -n 1); engines: $engines"

# -foe true: the first failing benchmark stops the run and JMH exits non-zero. A failed group
# is run once more before the smoke fails: stock LuaJ's coroutines (a baseline here) very
# rarely desynchronise on a loaded machine (see README.md, Caveats); a real breakage fails twice.
quick=(-f 1 -wi 0 -i 1 -w 200ms -r 200ms -foe true)
# -Djmh.ignoreLock: a smoke run only proves the benchmarks run; it must not fail because
# another JMH run holds /tmp/jmh.lock on a shared machine.
start=$SECONDS
run() {
  echo "== java -jar benchmarks.jar $*"
  if ! "$java" -Djmh.ignoreLock=true -jar "$jar" "${quick[@]}" "$@"; then
    echo "== FAILED; running it once more: java -jar benchmarks.jar $*"
    "$java" -Djmh.ignoreLock=true -jar "$jar" "${quick[@]}" "$@"
  fi
}

# The Lua CPU benchmark scripts (README.md "Lua CPU benchmarks") once each at their tiny size,
# through ward.jar with the compiler off and tiered, and through lua5.2 when it is installed.
# Each script checks its own result and fails on a wrong one. About 10-20 s.
ward_jar="$here/../ward-cli/target/ward.jar"
if [ ! -f "$ward_jar" ]; then
  (cd "$here/.." && mvn -B -ntp -q -pl ward-cli -am package -DskipTests)
fi
check_script() { # NAME SIZE COMMAND...: runs COMMAND, which must print a line starting "NAME("
  local name="$1" size="$2" out
  shift 2
  if ! out="$("$@" 2>"$here/target/cpu-smoke.err")" || [[ "$out" != "$name("* ]]; then
    echo "== FAILED: $* (size $size)" >&2
    echo "$out" >&2
    cat "$here/target/cpu-smoke.err" >&2
    exit 1
  fi
  echo "   $out"
}
cpu_start=$SECONDS
for script in "$here"/scripts/cpu/*.lua; do
  name="$(basename "$script" .lua)"
  tiny="$(sed -n 's/.*sizes = {.*tiny = \([0-9]*\).*/\1/p' "$script")"
  [ -n "$tiny" ] || { echo "== FAILED: $name.lua has no sizes.tiny" >&2; exit 1; }
  echo "== $name.lua $tiny: ward.jar with the compiler off and tiered, lua5.2 if installed"
  check_script "$name" "$tiny" "$java" -Dward.lua.compile=off -jar "$ward_jar" "$script" "$tiny"
  check_script "$name" "$tiny" "$java" -Dward.lua.compile=tiered -jar "$ward_jar" "$script" "$tiny"
  if command -v lua5.2 >/dev/null 2>&1; then check_script "$name" "$tiny" lua5.2 "$script" "$tiny"; fi
done
echo "== Lua CPU scripts checked in $((SECONDS - cpu_start)) s"

# Everything sized by its own constants, on every engine.
run -e 'TimerBench|MemoryBench|TaskRoundTripBench|LuaScriptBench' -p engine="$engines"
# The Lua CPU scripts in JMH: every method, on fib only (every script ran through ward.jar above).
run LuaScriptBench -p script=fib -p size=tiny -p engine="$engines"
# Many live tasks: the thread engine holds one platform thread per task.
run 'TaskRoundTripBench|TimerBench.nettySchedule' -p liveTasks=1,2000 -p tasks=20000 -p engine="$engines"
run 'MemoryBench|TimerBench.ward' -p engine=thread -p tasks=2000 -p kind=lua,core
if [ "$engines" != "thread" ]; then
  run 'MemoryBench|TimerBench.ward' -p engine=continuation -p tasks=20000 -p kind=lua,core
fi
echo "== ward-bench smoke passed in $((SECONDS - start)) s"
