#!/usr/bin/env bash
# The whole benchmark in one command: builds the targets and the load generator,
# installs Socket.IO and ws from the npm registry into wsem-benchmarks/target/node, runs every
# scenario against every target (each in its own process, fresh for each repetition),
# and writes docs/benchmarks.md and docs/images/benchmarks.png.
#
#   ./bench/run.sh                 # 3 repetitions, 10,000 connections, about 25 minutes
#   BENCH_REPETITIONS=2 ./bench/run.sh
#   BENCH_QUICK=1 ./bench/run.sh   # 2,000 connections, 3 s windows: a check of the script, not a measure
#   BENCH_TARGETS=wsem-cluster BENCH_REPETITIONS=1 BENCH_REPORT=/tmp/b.md ./bench/run.sh   # one target
#   BENCH_SCENARIOS="rate50" BENCH_DEFAULT_FLAGS=0 ...   # only some fan-out scenarios
#                                  # (large small rate50 rate200; "none": the storm and idle memory alone)
#   BENCH_PORT=19180 ...           # the first target's port (default 18180): two runs side by side
#
# Targets: wsem, raw (raw Tomcat), stomp (Spring STOMP), socketio (Socket.IO on Node), ws (raw
# Node ws, the floor of a WebSocket server), wsem-cluster. Every JVM target runs with the bench's
# tuned flags (TARGET_JVM_FLAGS), and then once more per repetition with the JVM's default flags
# and only -Xmx (DEFAULT_JVM_FLAGS) for the connect storm and idle memory alone: what users run
# (BENCH_DEFAULT_FLAGS=0 skips these runs).
#
# wsem-cluster is two wsem nodes (wsem.cluster.type=redis) and Debian's redis-server on free
# loopback ports, with the small scenarios' subscribers spread over both nodes and the publisher
# on the first (apt-get installs redis-server when it is missing and this runs as root).
# wsem-redis-cluster is the same two nodes on a Redis Cluster of three masters and three replicas
# (six redis-server processes on free loopback ports below 55536, the bus on port + 10000;
# sharded pub/sub, Redis 7 or later).
# BENCH_REPORT and BENCH_PLOT (docs/benchmarks.md, docs/images/benchmarks.png) say where to write.
#
# Loopback only. Bounded: a run against a target starts only while it can end (its start,
# watchdog RUN_TIMEOUT and stop) within BENCH_MAX_SECONDS (default 1800, build included), and
# every process it started is stopped by its pid when it exits.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
MODULE=$ROOT/wsem-benchmarks
OUT=$MODULE/target/bench
NODE_DIR=$MODULE/target/node
REPETITIONS=${BENCH_REPETITIONS:-3}
MAX_SECONDS=${BENCH_MAX_SECONDS:-1800}
TARGETS=${BENCH_TARGETS:-"wsem raw stomp socketio ws wsem-cluster wsem-redis-cluster"}
SCENARIOS=${BENCH_SCENARIOS:-"large small rate50 rate200"}
REPORT=${BENCH_REPORT:-$ROOT/docs/benchmarks.md}
PLOT=${BENCH_PLOT:-$ROOT/docs/images/benchmarks.png}
if [[ -n "${BENCH_QUICK:-}" ]]; then
  CONNECTIONS=2000; SMALL=500; WINDOW_SECONDS=3
else
  CONNECTIONS=${BENCH_CONNECTIONS:-10000}; SMALL=1000; WINDOW_SECONDS=${BENCH_WINDOW_SECONDS:-6}
fi
# the same flags for every JVM target; BENCH_EXTRA_FLAGS adds some to all of them (a profiler: -XX:StartFlightRecording=...)
TARGET_JVM_FLAGS=(-Xms64m -Xmx2g -XX:+UseG1GC -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10 ${BENCH_EXTRA_FLAGS:-})
DEFAULT_JVM_FLAGS=(-Xmx2g ${BENCH_EXTRA_FLAGS:-})
DEFAULT_FLAG_TARGETS=()
if [[ ${BENCH_DEFAULT_FLAGS:-1} != 0 ]]; then
  for target in wsem raw stomp; do
    [[ " $TARGETS " == *" $target "* ]] && DEFAULT_FLAG_TARGETS+=("$target@default")
  done
fi
GENERATOR_JVM_FLAGS=(-Xms512m -Xmx2g -XX:+UseG1GC)
RUN_TIMEOUT=150
# a default-flags run is the storm and idle memory alone
DEFAULT_FLAGS_RUN_TIMEOUT=90
# the cluster run has only the small scenarios, but starts Redis and two JVMs
CLUSTER_RUN_TIMEOUT=100
REDIS_SERVER=${WSEM_REDIS_SERVER:-/usr/bin/redis-server}
REDIS_CLI=${WSEM_REDIS_CLI:-/usr/bin/redis-cli}

# shellcheck source=processes.sh
source "$ROOT/bench/processes.sh"
if (( $(ulimit -n) < CONNECTIONS + 1000 )); then
  echo "bench: open files limit $(ulimit -n) is too low for $CONNECTIONS connections" >&2
  exit 1
fi

echo "== build"
./mvnw -q -B -pl wsem-benchmarks -am -DskipTests package
CP="$MODULE/target/classes:$(cat "$MODULE/target/classpath.txt")"

if [[ " $TARGETS " == *" socketio "* || " $TARGETS " == *" ws "* ]]; then
  echo "== Socket.IO and ws from npm into $NODE_DIR"
  mkdir -p "$NODE_DIR"
  cp "$MODULE/src/main/node/package.json" "$MODULE"/src/main/node/*-target.js "$NODE_DIR/"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
if [[ " $TARGETS " == *" wsem-cluster "* || " $TARGETS " == *" wsem-redis-cluster "* ]]; then
  WSEM_REDIS_SERVER=$REDIS_SERVER bash "$ROOT/wsem-spring-boot-autoconfigure/src/test/scripts/ensure-redis.sh"
fi

rm -rf "$OUT"
mkdir -p "$OUT"
cat /proc/loadavg > "$OUT/loadavg-start.txt"
printf 'tuned: %s\ndefault: %s\n' "${TARGET_JVM_FLAGS[*]}" "${DEFAULT_JVM_FLAGS[*]}" > "$OUT/jvm-flags.txt"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_redis() {
  local port=$1 log=$2
  "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" --appendonly no >"$log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  for _ in $(seq 100); do
    grep -qs "Ready to accept connections" "$log" && return 0
    kill -0 "$REDIS_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: redis-server did not start, see $log" >&2
  return 1
}

# six cluster-enabled redis-servers, three masters with a replica each; sets CLUSTER_NODES
start_redis_cluster() {
  local dir=$1 nodes=() port
  mkdir -p "$dir"
  while (( ${#nodes[@]} < 6 )); do
    port=$(python3 -c 'import random, socket
for _ in range(1000):
    p = random.randrange(20000, 55000)
    try:
        for q in (p, p + 10000):
            s = socket.socket(); s.bind(("127.0.0.1", q)); s.close()
        print(p); break
    except OSError:
        pass')
    [[ " ${nodes[*]} " == *" $port "* ]] && continue
    "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --cluster-enabled yes \
      --cluster-node-timeout 2000 --cluster-config-file "nodes-$port.conf" --dir "$dir" >"$dir/$port.log" 2>&1 &
    PIDS+=("$!")
    stopping+=("$!")
    nodes+=("$port")
  done
  for port in "${nodes[@]}"; do
    for _ in $(seq 100); do
      grep -qs "Ready to accept connections" "$dir/$port.log" && break
      sleep 0.1
    done
  done
  "$REDIS_CLI" --cluster create $(printf '127.0.0.1:%s ' "${nodes[@]}") --cluster-replicas 1 --cluster-yes \
    >"$dir/create.log" 2>&1 || { echo "bench: redis-cli --cluster create failed, see $dir/create.log" >&2; return 1; }
  for _ in $(seq 100); do
    "$REDIS_CLI" -p "${nodes[0]}" cluster info | grep -q cluster_state:ok && break
    sleep 0.1
  done
  CLUSTER_NODES=$(printf '127.0.0.1:%s,' "${nodes[@]}")
  CLUSTER_NODES=${CLUSTER_NODES%,}
}

# start_target TARGET PORT LOG [REDIS_PORT]; a JVM target runs with the flags in JVM_FLAGS
start_target() {
  local target=$1 port=$2 log=$3 redis_port=${4:-}
  if [[ $target == socketio || $target == ws ]]; then
    node --expose-gc "$NODE_DIR/$target-target.js" "$port" >"$log" 2>&1 &
  else
    java "${JVM_FLAGS[@]}" -cp "$CP" io.github.wsem.bench.target.BenchTarget "$target" "$port" $redis_port \
      >"$log" 2>&1 &
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

port=${BENCH_PORT:-18180}
for rep in $(seq "$REPETITIONS"); do
  for run in $TARGETS "${DEFAULT_FLAG_TARGETS[@]}"; do
    # TARGET@default: the storm and idle memory alone, with the JVM's default flags
    target=${run%@default}
    name=$target-$rep
    JVM_FLAGS=("${TARGET_JVM_FLAGS[@]}")
    scenarios=$SCENARIOS
    if [[ $run == *@default ]]; then
      name=$target-defaultflags-$rep
      JVM_FLAGS=("${DEFAULT_JVM_FLAGS[@]}")
      scenarios=none
    fi
    timeout=$RUN_TIMEOUT
    [[ $run == *@default ]] && timeout=$DEFAULT_FLAGS_RUN_TIMEOUT
    starting=60
    if [[ $target == wsem-cluster || $target == wsem-redis-cluster ]]; then
      timeout=$CLUSTER_RUN_TIMEOUT
      starting=130
    fi
    # a run starts only while its start (a JVM: up to 60 s), its watchdog and the stops fit in the budget
    if (( SECONDS + starting + timeout + 20 > MAX_SECONDS )); then
      echo "bench: time budget of ${MAX_SECONDS}s reached, skipping $name" | tee -a "$OUT/skipped.txt"
      continue
    fi
    port=$((port + 1))
    echo "== $name (port $port, ${SECONDS}s elapsed)"
    ports=$port
    stopping=()
    if [[ $target == wsem-cluster ]]; then
      redis_port=$(free_port)
      start_redis "$redis_port" "$OUT/$name.redis.log" || continue
      stopping+=("$REDIS_PID")
      port=$((port + 1))
      start_target "$target" "$port" "$OUT/$name.b.log" "$redis_port" || { stop "$REDIS_PID"; continue; }
      stopping+=("$TARGET_PID")
      ports="$((port - 1)),$port"
      start_target "$target" "$((port - 1))" "$OUT/$name.log" "$redis_port" \
        || { for pid in "${stopping[@]}"; do stop "$pid"; done; continue; }
    elif [[ $target == wsem-redis-cluster ]]; then
      start_redis_cluster "$OUT/$name.redis" || { for pid in "${stopping[@]}"; do stop "$pid"; done; continue; }
      port=$((port + 1))
      start_target "$target" "$port" "$OUT/$name.b.log" "$CLUSTER_NODES" \
        || { for pid in "${stopping[@]}"; do stop "$pid"; done; continue; }
      stopping+=("$TARGET_PID")
      ports="$((port - 1)),$port"
      start_target "$target" "$((port - 1))" "$OUT/$name.log" "$CLUSTER_NODES" \
        || { for pid in "${stopping[@]}"; do stop "$pid"; done; continue; }
    else
      start_target "$target" "$port" "$OUT/$name.log" || continue
    fi
    java "${GENERATOR_JVM_FLAGS[@]}" -Dbench.scenarios="$scenarios" -cp "$CP" io.github.wsem.bench.load.LoadGenerator \
      "$target" "$ports" "$TARGET_PID" "$rep" "$OUT/$name.json" "$CONNECTIONS" "$SMALL" "$WINDOW_SECONDS" \
      > "$OUT/$name.generator.log" 2>&1 &
    generator=$!
    PIDS+=("$generator")
    ( sleep "$timeout"; kill "$generator" 2>/dev/null ) &
    watchdog=$!
    PIDS+=("$watchdog")
    wait "$generator" || echo "bench: the generator failed against $name, see $OUT/$name.generator.log" >&2
    stop "$watchdog"
    grep -v '^\[' "$OUT/$name.generator.log" || true
    stop "$TARGET_PID"
    for pid in "${stopping[@]}"; do stop "$pid"; done
  done
done

cat /proc/loadavg > "$OUT/loadavg-end.txt"
echo "== report"
java -Djava.awt.headless=true -cp "$CP" io.github.wsem.bench.report.BenchReport "$OUT" \
  "$REPORT" "$PLOT" "./bench/run.sh" "${SECONDS}"
echo "== done in ${SECONDS}s: $REPORT, $PLOT"
