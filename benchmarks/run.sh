#!/usr/bin/env bash
# Builds what the benchmarks need and runs one of them; see docs/benchmarks.md.
#   benchmarks/run.sh throughput [model] [items] [batch] [rounds]
#   benchmarks/run.sh codec
#   benchmarks/run.sh probe [train=100000] [dev=10000] [test=10000] [layers=7] [dim=384] [classes=6] [liblinearLayers=1] [sklearnLayers=all] [control=true]
#   benchmarks/run.sh scoring [answers=20000] [rounds=5]
#   benchmarks/run.sh probe-memory [train=16000] [dev=2000] [test=2000] [layers=33] [dim=4096] [classes=6] [trainLayers=1]
#   benchmarks/run.sh triton [calls=500] [seconds=5]
#   benchmarks/run.sh dedup [examples=1000000] [sample=20000]
#   benchmarks/run.sh load [bootstrap=127.0.0.1:9092] [rates=2,4,8,16] [minutes=2] [items=200] [drainMinutes=5]
#     (against a running stack: deploy/local/stack.sh up)
#   benchmarks/run.sh faults [rounds=12] [items=3000] [suites=3] [faults=inference,probe,scoring,datamix,broker,rebalance]
#       [at=0.5] [home=benchmarks/target/faults-home] [kafkaPort=19092] [firstPort=18081] [roundMinutes=8]
#     (starts a stack of its own with stack.sh under home and those ports, kills and restarts its processes, stops it)
# The probe benchmarks keep their feature files under FATHOM_BENCH_DIR (default: the temp directory;
# probe-memory writes 5.4 GB there) and delete them afterwards. FATHOM_BENCH_HEAP overrides the heap
# cap (default 4g; 512m for probe-memory, which exists to show that cap holds). FATHOM_BENCH_JAVA_OPTS adds
# JVM options, e.g. -Dfathom.training.kernel=plain to train probes on the plain loops instead of the Vector API.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp package -DskipTests -pl benchmarks -am
heap=4g
if [[ "${1:-}" == probe-memory ]]; then
  heap=512m
fi
# shellcheck disable=SC2086 # the options are meant to split into words
exec java -Xmx"${FATHOM_BENCH_HEAP:-$heap}" --add-modules=jdk.incubator.vector ${FATHOM_BENCH_JAVA_OPTS:-} -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  io.fathom.bench.Bench "$@"
