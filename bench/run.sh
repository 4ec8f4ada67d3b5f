#!/usr/bin/env bash
# The whole benchmark in one command: builds the targets and the load generator,
# installs Socket.IO from the npm registry into wsem-benchmarks/target/node, runs every
# scenario against every target (each in its own process, fresh for each repetition),
# and writes docs/benchmarks.md and docs/images/benchmarks.png.
#
#   ./bench/run.sh                 # 3 repetitions, 10,000 connections, about 12 minutes
#   BENCH_REPETITIONS=2 ./bench/run.sh
#   BENCH_QUICK=1 ./bench/run.sh   # 2,000 connections, 3 s windows: a check of the script, not a measure
#
# Loopback only. Bounded: a run against a target starts only while it can end (watchdog
# RUN_TIMEOUT) within BENCH_MAX_SECONDS (default 870, build included), and every process
# it started is stopped by its pid when it exits.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MODULE=$ROOT/wsem-benchmarks
OUT=$MODULE/target/bench
NODE_DIR=$MODULE/target/node
REPETITIONS=${BENCH_REPETITIONS:-3}
MAX_SECONDS=${BENCH_MAX_SECONDS:-870}
TARGETS=${BENCH_TARGETS:-"wsem raw stomp socketio"}
if [[ -n "${BENCH_QUICK:-}" ]]; then
  CONNECTIONS=2000; SMALL=500; WINDOW_SECONDS=3
else
  CONNECTIONS=${BENCH_CONNECTIONS:-10000}; SMALL=1000; WINDOW_SECONDS=${BENCH_WINDOW_SECONDS:-6}
fi
# the same flags for every JVM target
TARGET_JVM_FLAGS=(-Xms64m -Xmx2g -XX:+UseG1GC -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10)
GENERATOR_JVM_FLAGS=(-Xms512m -Xmx2g -XX:+UseG1GC)
RUN_TIMEOUT=150

PIDS=()
stop() {
  local pid=$1
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  for pid in "${PIDS[@]}"; do stop "$pid"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( $(ulimit -n) < CONNECTIONS + 1000 )); then
  echo "bench: open files limit $(ulimit -n) is too low for $CONNECTIONS connections" >&2
  exit 1
fi

echo "== build"
./mvnw -q -B -pl wsem-benchmarks -am -DskipTests package
CP="$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")"

echo "== Socket.IO from npm into $NODE_DIR"
mkdir -p "$NODE_DIR"
cp "$MODULE/src/main/node/package.json" "$MODULE/src/main/node/socketio-target.js" "$NODE_DIR/"
(cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

rm -rf "$OUT"
mkdir -p "$OUT"
cat /proc/loadavg > "$OUT/loadavg-start.txt"

start_target() {
  local target=$1 port=$2 log=$3
  if [[ $target == socketio ]]; then
    node --expose-gc "$NODE_DIR/socketio-target.js" "$port" >"$log" 2>&1 &
  else
    java "${TARGET_JVM_FLAGS[@]}" -cp "$CP" io.github.wsem.bench.target.BenchTarget "$target" "$port" >"$log" 2>&1 &
  fi
  TARGET_PID=$!
  PIDS+=("$TARGET_PID")
  for _ in $(seq 600); do
    grep -qs READY "$log" && return 0
    kill -0 "$TARGET_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: $target did not start, see $log" >&2
  return 1
}

port=18180
for rep in $(seq "$REPETITIONS"); do
  for target in $TARGETS; do
    if (( SECONDS + RUN_TIMEOUT + 20 > MAX_SECONDS )); then
      echo "bench: time budget of ${MAX_SECONDS}s reached, skipping $target #$rep" | tee -a "$OUT/skipped.txt"
      continue
    fi
    port=$((port + 1))
    echo "== $target #$rep (port $port, ${SECONDS}s elapsed)"
    start_target "$target" "$port" "$OUT/$target-$rep.log" || continue
    java "${GENERATOR_JVM_FLAGS[@]}" -cp "$CP" io.github.wsem.bench.load.LoadGenerator \
      "$target" "$port" "$TARGET_PID" "$rep" "$OUT/$target-$rep.json" "$CONNECTIONS" "$SMALL" "$WINDOW_SECONDS" \
      > "$OUT/$target-$rep.generator.log" 2>&1 &
    generator=$!
    PIDS+=("$generator")
    ( sleep "$RUN_TIMEOUT"; kill "$generator" 2>/dev/null ) &
    watchdog=$!
    PIDS+=("$watchdog")
    wait "$generator" || echo "bench: the generator failed against $target #$rep, see $OUT/$target-$rep.generator.log" >&2
    stop "$watchdog"
    grep -v '^\[' "$OUT/$target-$rep.generator.log" || true
    stop "$TARGET_PID"
  done
done

cat /proc/loadavg > "$OUT/loadavg-end.txt"
echo "== report"
java -Djava.awt.headless=true -cp "$CP" io.github.wsem.bench.report.BenchReport "$OUT" \
  "$ROOT/docs/benchmarks.md" "$ROOT/docs/images/benchmarks.png" "./bench/run.sh" "${SECONDS}"
echo "== done in ${SECONDS}s: docs/benchmarks.md, docs/images/benchmarks.png"
