#!/usr/bin/env bash
# The full JMH suite with the settings used for README.md's results table: every benchmark,
# every fiber engine the JVM offers, one fork, each class's own @Warmup/@Measurement (mostly
# 3 x 1 s warm-up, 5 x 1 s measured). Results go to ward-bench/target/results/jdk<N>-*.json
# (JMH JSON) and jdk<N>.txt (the console log).
#
#   bash ward-bench/run.sh                                                 # `java`
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash ward-bench/run.sh     # JDK 25, both engines
#   bash ward-bench/run.sh TaskRoundTripBench                              # one benchmark (regex)
#
# About 28 minutes on JDK 25 (both engines) and 9 minutes on JDK 17 on a 2-core machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
filter="${1:-.}"

if [ ! -f "$jar" ]; then
  (cd "$here/.." && mvn -B -ntp -q -pl ward-bench -am package -DskipTests)
fi
engines=$("$java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$jar" io.ward.bench.Engines -v)
jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
out="$here/target/results"
mkdir -p "$out"
log="$out/jdk$jdk.txt"
{
  echo "== $(date -u +%FT%TZ) $("$java" -version 2>&1 | head -n 1); engines: $engines"
  echo "== $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2); load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$log"

common=(-f 1 -foe false)
n=0
run() {
  n=$((n + 1))
  echo "== java -jar benchmarks.jar $*" | tee -a "$log"
  "$java" -jar "$jar" "${common[@]}" -rf json -rff "$out/jdk$jdk-$n.json" "$@" 2>&1 | tee -a "$log" \
    | grep -E '^(Benchmark|[A-Z][A-Za-z]+Bench\.)' || true
}
matches() { [ "$filter" = "." ] || [[ "$1" =~ $filter ]]; }

for b in FiberRoundTripBench LuaCoroutineBench ChannelPingPongBench SpawnJoinBench FanInBench SelectBench LuaCpuBench TaskRoundTripBench; do
  if matches "$b"; then run "$b" -p engine="$engines"; fi
done
if matches TimerBench; then
  run 'TimerBench.nettySchedule'
  [ "$engines" = "thread" ] || run 'TimerBench.ward' -p engine=continuation
  run 'TimerBench.ward' -p engine=thread -p tasks=10000
fi
if matches MemoryBench; then
  [ "$engines" = "thread" ] || run 'MemoryBench' -p engine=continuation
  run 'MemoryBench' -p engine=thread -p tasks=10000
fi
echo "== done $(date -u +%FT%TZ); load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
