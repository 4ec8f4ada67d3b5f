#!/usr/bin/env bash
# The soak run: 2,000 clients churning (connect, register, receive, disconnect) against the
# wsem target in its own JVM for several minutes, while a publisher emits at a steady rate.
# Checks that no registered client missed an event, that the heap after GC comes back to its
# baseline (within 10%) and that the registry is empty at the end; writes docs/soak.md.
#
#   ./bench/soak.sh                                  # 5 minutes after 30 s of warm-up
#   SOAK_SECONDS=30 SOAK_WARMUP=10 SOAK_OUT=/tmp/soak.md ./bench/soak.sh   # a check of the script
#
# Settings: SOAK_SECONDS (300), SOAK_WARMUP (30), SOAK_CLIENTS (2000), SOAK_RATE (10 events/s),
# SOAK_OUT (docs/soak.md). Loopback only; every process it starts is stopped by its pid.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MODULE=$ROOT/wsem-benchmarks
OUT=$MODULE/target/soak
SECONDS_TO_RUN=${SOAK_SECONDS:-300}
WARMUP=${SOAK_WARMUP:-30}
CLIENTS=${SOAK_CLIENTS:-2000}
RATE=${SOAK_RATE:-10}
REPORT=${SOAK_OUT:-$ROOT/docs/soak.md}
PORT=${SOAK_PORT:-18170}
# the benchmark's flags for every JVM target
TARGET_JVM_FLAGS=(-Xms64m -Xmx2g -XX:+UseG1GC -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10)
GENERATOR_JVM_FLAGS=(-Xms256m -Xmx1g -XX:+UseG1GC)

# shellcheck source=processes.sh
source "$ROOT/bench/processes.sh"
if (( $(ulimit -n) < CLIENTS * 2 + 1000 )); then
  echo "soak: open files limit $(ulimit -n) is too low for $CLIENTS clients" >&2
  exit 1
fi

echo "== build"
./mvnw -q -B -pl wsem-benchmarks -am -DskipTests package
CP="$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")"

rm -rf "$OUT"
mkdir -p "$OUT"
echo "== wsem target on port $PORT"
java "${TARGET_JVM_FLAGS[@]}" -cp "$CP" io.github.wsem.bench.target.BenchTarget wsem "$PORT" >"$OUT/target.log" 2>&1 &
TARGET_PID=$!
PIDS+=("$TARGET_PID")
for _ in $(seq 600); do
  grep -qs READY "$OUT/target.log" && break
  kill -0 "$TARGET_PID" 2>/dev/null || { echo "soak: the target did not start, see $OUT/target.log" >&2; exit 1; }
  sleep 0.1
done

echo "== soak: $CLIENTS clients, ${WARMUP} s warm-up, ${SECONDS_TO_RUN} s measured, $RATE events/s"
command="./bench/soak.sh"
[[ $SECONDS_TO_RUN != 300 ]] && command="SOAK_SECONDS=$SECONDS_TO_RUN $command"
status=0
java "${GENERATOR_JVM_FLAGS[@]}" -Dsoak.histograms="$OUT" -cp "$CP" io.github.wsem.bench.load.Soak "$PORT" "$TARGET_PID" "$SECONDS_TO_RUN" \
  "$CLIENTS" "$RATE" "$WARMUP" "$OUT/soak.json" "$REPORT" "$command" &
generator=$!
PIDS+=("$generator")
wait "$generator" || status=$?
stop "$TARGET_PID"
echo "== done in ${SECONDS}s: $REPORT (exit $status)"
exit "$status"
